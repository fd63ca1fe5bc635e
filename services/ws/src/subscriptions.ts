import type { Logger } from '@insightdesk/shared/logger';
import {
  compareEventIds,
  isEventId,
  RELAY_EVENT,
  type RelayedEvent,
  readSince,
} from '@insightdesk/shared/realtime';
import { isStaff, isUuid, type Memberships } from '@insightdesk/shared/tenancy';
import type { Redis } from '@insightdesk/shared/valkey';
import type { Counter } from 'prom-client';
import type { Server } from 'socket.io';
import { z } from 'zod';
import type { AppSocket, Subscription } from './types';

const REPLAY_LIMIT = 5000;
const REVALIDATE_MS = 15_000;

const subscribeInput = z.object({
  orgId: z.string().refine(isUuid),
  since: z.string().refine(isEventId).optional(),
});

/** Staff see everything of their organization; a requester their own tickets, never internal notes. */
function visible(socket: AppSocket, sub: Subscription, event: RelayedEvent): boolean {
  if (isStaff(sub.role)) return true;
  return !event.audience.staffOnly && event.audience.requesterId === socket.data.userId;
}

/**
 * `subscribe {orgId, since?}`: membership is checked, the events after `since` are replayed from
 * the organization's stream, then live events follow — in order, none twice. Live events arrive
 * from the worker through the redis adapter (a server-side emit) and are handed to each local
 * subscriber; while a subscriber catches up they are held back and delivered after it.
 */
export function createSubscriptions(deps: {
  io: Server;
  valkey: Redis;
  memberships: Memberships;
  logger: Logger;
  delivered: Counter;
}) {
  const { io, valkey, memberships, logger } = deps;
  /** orgId → local sockets subscribed to it */
  const byOrg = new Map<string, Set<AppSocket>>();

  function deliver(socket: AppSocket, sub: Subscription, event: RelayedEvent) {
    if (compareEventIds(event.envelope.id, sub.lastId) <= 0) return;
    sub.lastId = event.envelope.id;
    if (!visible(socket, sub, event)) return;
    socket.emit(event.envelope.type, event.envelope);
    deps.delivered.inc();
  }

  /** Reads the stream after `sub.lastId` and delivers it, holding live events meanwhile. */
  async function catchUp(socket: AppSocket, sub: Subscription, since: string | undefined) {
    sub.buffer = [];
    try {
      const replay = await readSince(valkey, sub.orgId, since, REPLAY_LIMIT);
      if (!replay.resync) for (const event of replay.events) deliver(socket, sub, event);
      if (
        compareEventIds(replay.lastId, sub.lastId) > 0 &&
        (replay.resync || since === undefined)
      ) {
        sub.lastId = replay.lastId;
      }
      return replay;
    } finally {
      const held = sub.buffer ?? [];
      sub.buffer = null;
      for (const event of held) deliver(socket, sub, event);
    }
  }

  io.on(RELAY_EVENT as never, (event: RelayedEvent) => {
    const sockets = byOrg.get(event.envelope.orgId);
    if (!sockets) return;
    for (const socket of sockets) {
      const sub = socket.data.subscriptions.get(event.envelope.orgId);
      if (!sub) continue;
      if (sub.buffer) sub.buffer.push(event);
      else deliver(socket, sub, event);
    }
  });

  function forget(socket: AppSocket, orgId: string) {
    socket.data.subscriptions.delete(orgId);
    const set = byOrg.get(orgId);
    set?.delete(socket);
    if (set?.size === 0) byOrg.delete(orgId);
  }

  // Membership can change under an open subscription: re-checked periodically.
  const revalidation = setInterval(async () => {
    for (const [orgId, sockets] of byOrg) {
      for (const socket of sockets) {
        const role = await memberships.roleOf(orgId, socket.data.userId).catch(() => undefined);
        const sub = socket.data.subscriptions.get(orgId);
        if (role === null) {
          forget(socket, orgId);
          socket.emit('subscription.ended', { orgId });
        } else if (role && sub) sub.role = role;
      }
    }
  }, REVALIDATE_MS);

  return {
    attach(socket: AppSocket) {
      socket.on('subscribe', async (payload: unknown, ack?: (answer: unknown) => void) => {
        const input = subscribeInput.safeParse(payload);
        if (!input.success) return ack?.({ ok: false, error: 'invalid_request' });
        const { orgId, since } = input.data;
        try {
          const role = await memberships.roleOf(orgId, socket.data.userId);
          if (!role) return ack?.({ ok: false, error: 'not_found' });
          const sub: Subscription = { orgId, role, lastId: since ?? '0-0', buffer: null };
          socket.data.subscriptions.set(orgId, sub);
          const set = byOrg.get(orgId) ?? new Set<AppSocket>();
          byOrg.set(orgId, set);
          set.add(socket);
          const replay = await catchUp(socket, sub, since);
          ack?.({ ok: true, lastEventId: sub.lastId, ...(replay.resync ? { resync: true } : {}) });
        } catch (err) {
          logger.warn({ err }, 'subscribe failed');
          forget(socket, orgId);
          ack?.({ ok: false, error: 'unavailable' });
        }
      });
      socket.on(
        'unsubscribe' as never,
        (payload: { orgId?: unknown }, ack?: (answer: unknown) => void) => {
          if (typeof payload?.orgId === 'string') forget(socket, payload.orgId);
          ack?.({ ok: true });
        },
      );
      socket.on('disconnect', () => {
        for (const orgId of [...socket.data.subscriptions.keys()]) forget(socket, orgId);
      });
    },

    /**
     * After the adapter's subscriber reconnects (Valkey restarted), events published meanwhile
     * never reached this instance: every subscription reads its gap from the stream.
     */
    async resynchronize() {
      for (const sockets of byOrg.values()) {
        for (const socket of sockets) {
          for (const sub of socket.data.subscriptions.values()) {
            await catchUp(socket, sub, sub.lastId).catch((err) =>
              logger.warn({ err }, 'catch-up failed'),
            );
          }
        }
      }
    },

    get count() {
      let n = 0;
      for (const set of byOrg.values()) n += set.size;
      return n;
    },

    stop() {
      clearInterval(revalidation);
    },
  };
}
