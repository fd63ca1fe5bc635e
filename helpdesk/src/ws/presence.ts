import type { Executor } from '@insightdesk/shared/db';
import { AppError } from '@insightdesk/shared/errors';
import type { Logger } from '@insightdesk/shared/logger';
import {
  type AppServer,
  type AppSocket,
  type ClientEventHandlers,
  ephemeralEnvelope,
  refreshLeases,
  refusal,
} from '@insightdesk/shared/realtime';
import { enterOrg, type Memberships } from '@insightdesk/shared/tenancy';
import type { Redis } from '@insightdesk/shared/valkey';
import { requireAccess } from '../access';
import type { HelpdeskEphemeral, helpdeskClientEvents, Viewer } from '../protocol';
import { getTicket } from '../tickets/ticket';

/** A ticket a socket watches. */
interface Watching {
  readonly orgId: string;
  readonly ticketId: string;
  /** The exact presence entry this socket wrote (to remove it). */
  readonly member: string;
  lastTypingAt: number;
}

const TYPING_INTERVAL_MS = 1500;
const SWEEP_MS = 5000;

const presenceKey = (orgId: string, ticketId: string) =>
  `insightdesk:presence:{${orgId}}:${ticketId}`;
const watchRoom = (orgId: string, ticketId: string) => `watch:${orgId}:${ticketId}`;

/**
 * Who is looking at a ticket. Each watching socket has an entry in a Valkey sorted set scored by
 * its expiry; the instance that owns the socket keeps pushing the expiry forward. When an
 * instance dies its entries stop being refreshed and expire; every instance sweeps the tickets
 * its own sockets watch and tells them when the viewers changed. A socket watches at most
 * `watchesPerSocket` tickets.
 */
export function createPresence(deps: {
  io: AppServer;
  valkey: Redis;
  db: Executor;
  memberships: Memberships;
  logger: Logger;
  ttlSeconds: number;
  watchesPerSocket: number;
}) {
  const { io, valkey, logger } = deps;
  const ttlMs = deps.ttlSeconds * 1000;
  /** ticket key → sockets of this instance watching it */
  const local = new Map<string, Set<AppSocket>>();
  /** ticket key → the viewers this instance last announced or saw */
  const lastViewers = new Map<string, string>();
  /** socket → the tickets it watches (key `orgId:ticketId`) */
  const watchingOf = new WeakMap<AppSocket, Map<string, Watching>>();
  const watched = (socket: AppSocket) => {
    let map = watchingOf.get(socket);
    if (!map) {
      map = new Map();
      watchingOf.set(socket, map);
    }
    return map;
  };
  const envelope = <T extends keyof HelpdeskEphemeral & string>(
    orgId: string,
    type: T,
    data: HelpdeskEphemeral[T],
  ) => ephemeralEnvelope(orgId, type, data);

  async function viewers(orgId: string, ticketId: string): Promise<Viewer[]> {
    const key = presenceKey(orgId, ticketId);
    const now = Date.now();
    await valkey.zremrangebyscore(key, '-inf', now);
    const members = await valkey.zrangebyscore(key, now, '+inf');
    const unique = new Map<string, Viewer>();
    for (const member of members) {
      try {
        const { u, n } = JSON.parse(member) as { u: string; n: string };
        unique.set(u, { userId: u, name: n });
      } catch {}
    }
    return [...unique.values()].sort((a, b) => a.userId.localeCompare(b.userId));
  }

  async function announce(orgId: string, ticketId: string, list: Viewer[], onlyLocal: boolean) {
    const key = `${orgId}:${ticketId}`;
    lastViewers.set(key, JSON.stringify(list));
    const target = onlyLocal
      ? io.local.to(watchRoom(orgId, ticketId))
      : io.to(watchRoom(orgId, ticketId));
    target.emit(
      'presence.updated',
      envelope(orgId, 'presence.updated', { ticketId, viewers: list }),
    );
  }

  async function leave(socket: AppSocket, watching: Watching) {
    const key = `${watching.orgId}:${watching.ticketId}`;
    watched(socket).delete(key);
    local.get(key)?.delete(socket);
    if (local.get(key)?.size === 0) local.delete(key);
    await valkey.zrem(presenceKey(watching.orgId, watching.ticketId), watching.member);
    await socket.leave(watchRoom(watching.orgId, watching.ticketId));
    await announce(
      watching.orgId,
      watching.ticketId,
      await viewers(watching.orgId, watching.ticketId),
      false,
    );
  }

  // The owner refreshes its sockets' entries; everyone sweeps what its sockets watch.
  const stopRefreshing = refreshLeases({
    valkey,
    ttlMs,
    logger,
    name: 'presence',
    *leases() {
      for (const sockets of local.values())
        for (const socket of sockets)
          for (const w of watched(socket).values())
            yield [presenceKey(w.orgId, w.ticketId), w.member] as const;
    },
  });
  const sweeper = setInterval(async () => {
    for (const [key, sockets] of local) {
      const [orgId = '', ticketId = ''] = key.split(':');
      try {
        // A member removed while watching stops watching (and hearing presence and typing), as
        // does a session the organization no longer admits ("SSO required" turned on).
        for (const socket of [...sockets]) {
          const admitted = await Promise.resolve()
            .then(() => enterOrg(deps.memberships, socket.data, orgId, 'requester'))
            .then(
              () => true,
              (err: unknown) => !(err instanceof AppError && err.status < 500),
            );
          const watching = watched(socket).get(key);
          if (!admitted && watching) await leave(socket, watching);
        }
        const list = await viewers(orgId, ticketId);
        if (JSON.stringify(list) !== lastViewers.get(key))
          await announce(orgId, ticketId, list, true);
      } catch (err) {
        logger.debug({ err }, 'presence sweep failed');
      }
    }
  }, SWEEP_MS);

  const handlers = {
    // ticket.watch {orgId, ticketId} → ack {viewers}; everyone watching gets presence.updated
    async 'ticket.watch'(socket, { orgId, ticketId }) {
      const key = `${orgId}:${ticketId}`;
      let watching = watched(socket).get(key);
      if (!watching && watched(socket).size >= deps.watchesPerSocket)
        return refusal('rate_limited');
      try {
        const scope = await enterOrg(deps.memberships, socket.data, orgId, 'requester');
        const access = requireAccess({ auth: scope, permission: 'ticket.read' });
        await getTicket(deps.db, access, ticketId); // a ticket the grant reaches only
      } catch {
        return refusal('not_found');
      }
      if (!watching) {
        watching = {
          orgId,
          ticketId,
          member: JSON.stringify({ u: socket.data.userId, n: socket.data.name, s: socket.id }),
          lastTypingAt: 0,
        };
        watched(socket).set(key, watching);
        const set = local.get(key) ?? new Set<AppSocket>();
        local.set(key, set);
        set.add(socket);
      }
      await valkey.zadd(presenceKey(orgId, ticketId), Date.now() + ttlMs, watching.member);
      await socket.join(watchRoom(orgId, ticketId));
      const list = await viewers(orgId, ticketId);
      await announce(orgId, ticketId, list, false);
      return { ok: true, viewers: list } as const;
    },

    async 'ticket.unwatch'(socket, { orgId, ticketId }) {
      const watching = watched(socket).get(`${orgId}:${ticketId}`);
      if (watching) await leave(socket, watching);
      return { ok: true, viewers: await viewers(orgId, ticketId) } as const;
    },

    // ticket.typing {orgId, ticketId} → the others watching get `typing`, at most every 1.5 s
    'ticket.typing'(socket, { orgId, ticketId }) {
      const watching = watched(socket).get(`${orgId}:${ticketId}`);
      if (!watching || Date.now() - watching.lastTypingAt < TYPING_INTERVAL_MS) return;
      watching.lastTypingAt = Date.now();
      socket.to(watchRoom(watching.orgId, watching.ticketId)).emit(
        'typing',
        envelope(watching.orgId, 'typing', {
          ticketId: watching.ticketId,
          user: { id: socket.data.userId, name: socket.data.name },
        }),
      );
    },
  } satisfies ClientEventHandlers<typeof helpdeskClientEvents>;

  // One listener for every socket (`this` is the socket), not a closure per socket.
  function onDisconnect(this: AppSocket) {
    for (const watching of [...watched(this).values()]) {
      void leave(this, watching).catch(() => undefined);
    }
  }

  return {
    handlers,

    attach(socket: AppSocket) {
      socket.on('disconnect', onDisconnect);
    },

    /** Shutdown: this instance's viewers leave at once instead of expiring. */
    async stop() {
      stopRefreshing();
      clearInterval(sweeper);
      for (const sockets of local.values()) {
        for (const socket of sockets) {
          for (const w of watched(socket).values()) {
            await valkey.zrem(presenceKey(w.orgId, w.ticketId), w.member).catch(() => undefined);
          }
        }
      }
    },
  };
}
