import { AppError } from '@insightdesk/shared/errors';
import type { Logger } from '@insightdesk/shared/logger';
import {
  type ClientEventHandlers,
  compareEventIds,
  type platformClientEvents,
  type RelayedEvent,
  readSince,
  refusal,
  type StreamEnvelope,
  type WireDecoder,
} from '@insightdesk/shared/realtime';
import { enterOrg, type Memberships } from '@insightdesk/shared/tenancy';
import type { Redis } from '@insightdesk/shared/valkey';
import type { Counter } from 'prom-client';
import { type DeliveryMetrics, secondsSince } from './delivery-metrics';
import type { FirstIds } from './first-ids';
import type { NativeRooms } from './native-rooms';
import type { Subscription, WsSocket } from './types';

const REPLAY_LIMIT = 5000;
const REVALIDATE_MS = 15_000;
const RESYNC_ATTEMPTS = 8;

/**
 * The room of an organization's local subscribers (a socket is in it exactly while it is in
 * `byOrg`): a live event is one broadcast to it, except the subscribers it must not reach now.
 */
const subscribersRoom = (orgId: string) => `subscribers:${orgId}`;

/**
 * The Bun topic of an organization's local subscribers whose role sees the whole organization, on
 * a WebSocket (native-rooms.ts): an event every one of them gets is written by Bun's publish; a
 * socket whose role sees only what names it never joins it.
 */
const wholeTopic = (orgId: string) => `subscribers:${orgId}:whole`;

/**
 * An organization's local subscribers, with the names of their room and whole-organization topic: strings
 * every socket's join shares (each would keep a copy of its own, ~80 bytes a socket).
 */
class Subscribers extends Set<WsSocket> {
  readonly room: string;
  readonly wholeTopic: string;
  constructor(orgId: string) {
    super();
    this.room = subscribersRoom(orgId);
    this.wholeTopic = wholeTopic(orgId);
  }
}

/** A role that sees the whole organization gets its every event; another, those naming the member. */
function visible(socket: WsSocket, sub: Subscription, event: RelayedEvent): boolean {
  return sub.seesOrganization || (event.audience.members?.includes(socket.data.userId) ?? false);
}

/**
 * Where the socket's subscription to `orgId` is in its list (-1: it has none). A plain loop: it
 * runs for every subscriber of every live event, where a callback would be one more allocation.
 */
function subscriptionAt(socket: WsSocket, orgId: string): number {
  const subscriptions = socket.data.subscriptions;
  for (let i = 0; i < subscriptions.length; i++) if (subscriptions[i]?.orgId === orgId) return i;
  return -1;
}

/** The socket's subscription to `orgId`, if it has one. */
const subscriptionOf = (socket: WsSocket, orgId: string): Subscription | undefined =>
  socket.data.subscriptions[subscriptionAt(socket, orgId)];

/** Each envelope goes out under its own type. */
function emitEnvelope(socket: WsSocket, envelope: StreamEnvelope) {
  socket.emit(envelope.type, envelope);
}

/**
 * `subscribe {orgId, since?}`: membership is checked, the events after `since` are replayed from
 * the organization's stream, then live events follow — in order, none twice. Live events arrive
 * on the relay channel (`receive`) and are handed to each local subscriber; while a subscriber
 * catches up they are held back and delivered after it. A socket subscribes to at most
 * `subscriptionsPerSocket` organizations and replays at most `WS_REPLAYS_PER_MINUTE` times.
 */
export function createSubscriptions(deps: {
  valkey: Redis;
  decoder: WireDecoder;
  memberships: Memberships;
  logger: Logger;
  delivered: Counter;
  /** Live broadcasts by who wrote them to the sockets: `bun` (a topic) or `socket.io`. */
  broadcasts: Counter<'path'>;
  rooms: NativeRooms;
  subscriptionsPerSocket: number;
  firstIds: FirstIds;
  /** Live events' lag and the subscribers told to resync. */
  metrics: DeliveryMetrics;
}) {
  const { valkey, memberships, logger } = deps;
  /** orgId → local sockets subscribed to it */
  const byOrg = new Map<string, Subscribers>();
  /**
   * The relay channel's connection is down (`hold`) and its gap not yet read (`resynchronize`):
   * a subscriber that catches up meanwhile keeps holding live events, since the first ones heard
   * after the channel is back may come after events that reached nobody here.
   */
  let relayLost = false;

  /** The id `event`'s change was first seen under here (its own, unless it is a second copy). */
  function firstIdOf(event: RelayedEvent): string {
    const id = event.envelope.id;
    return event.outboxId ? deps.firstIds.note(event.outboxId, id) : id;
  }

  /**
   * Whether `socket` gets `event` now: not seen yet (it becomes the last seen), not a second copy
   * of a change the subscriber got under its first id (`firstId`, first-ids.ts), and visible.
   */
  function admit(socket: WsSocket, sub: Subscription, event: RelayedEvent, firstId: string) {
    if (compareEventIds(event.envelope.id, sub.lastId) <= 0) return false;
    const copy = firstId !== event.envelope.id && compareEventIds(firstId, sub.lastId) <= 0;
    sub.lastId = event.envelope.id;
    return !copy && visible(socket, sub, event);
  }

  function deliver(socket: WsSocket, sub: Subscription, event: RelayedEvent) {
    if (!admit(socket, sub, event, firstIdOf(event))) return;
    emitEnvelope(socket, event.envelope);
    deps.delivered.inc();
  }

  /**
   * Reads the stream after `since` and delivers it, holding live events meanwhile; they go out
   * after it (only those newer than what it delivered). When the read fails they stay held, so
   * that a retry still finds the gap before them.
   */
  async function catchUp(socket: WsSocket, sub: Subscription, since: string | undefined) {
    sub.buffer ??= [];
    // A read made while the relay channel is down leaves the subscriber held: `resynchronize`
    // reads its gap again once the channel is back, then releases it.
    const readWhileLost = relayLost;
    const replay = await readSince(valkey, deps.decoder, sub.orgId, since, REPLAY_LIMIT, {
      absentIn: sub.absentIn,
    });
    if (replay.absentIn !== undefined) sub.absentIn = replay.absentIn;
    if (!replay.resync) for (const event of replay.events) deliver(socket, sub, event);
    if (compareEventIds(replay.lastId, sub.lastId) > 0 && (replay.resync || since === undefined)) {
      sub.lastId = replay.lastId;
    }
    if (!readWhileLost && !relayLost) release(socket, sub);
    return replay;
  }

  function release(socket: WsSocket, sub: Subscription) {
    const held = sub.buffer ?? [];
    sub.buffer = null;
    for (const event of held) deliver(socket, sub, event);
  }

  /** Every subscription of a local socket. */
  function local() {
    return [...byOrg].flatMap(([orgId, sockets]) =>
      [...sockets].flatMap((socket) => {
        const sub = subscriptionOf(socket, orgId);
        return sub ? [{ socket, sub }] : [];
      }),
    );
  }

  function forget(socket: WsSocket, orgId: string) {
    const at = subscriptionAt(socket, orgId);
    if (at >= 0) socket.data.subscriptions.splice(at, 1);
    const set = byOrg.get(orgId);
    set?.delete(socket);
    if (set?.size === 0) byOrg.delete(orgId);
    void socket.leave(subscribersRoom(orgId));
    deps.rooms.leave(socket, wholeTopic(orgId));
  }

  // What the socket's session may do in the organization now: its role, null when it may no
  // longer (not a member, or a session the organization no longer admits: "SSO required"
  // turned on), undefined when it could not be read (the subscription is kept as it is).
  const roleOrUnknown = async (orgId: string, socket: WsSocket) => {
    try {
      return (await enterOrg(memberships, socket.data, orgId)).role;
    } catch (err) {
      return err instanceof AppError && err.status < 500 ? null : undefined;
    }
  };
  // Membership can change under an open subscription: re-checked periodically.
  const revalidation = setInterval(async () => {
    for (const [orgId, sockets] of byOrg) {
      for (const socket of sockets) {
        const role = await roleOrUnknown(orgId, socket);
        const sub = subscriptionOf(socket, orgId);
        if (role === null) {
          forget(socket, orgId);
          socket.emit('subscription.ended', { orgId });
        } else if (role && sub) {
          // No longer seeing the whole organization: out of its topic before anything else is
          // published to it.
          const seesOrganization = memberships.roles.seesOrganization(role);
          if (!seesOrganization && sub.native) {
            deps.rooms.leave(socket, wholeTopic(orgId));
            sub.native = false;
          }
          sub.seesOrganization = seesOrganization;
        }
      }
    }
  }, REVALIDATE_MS);

  const handlers = {
    async subscribe(socket, { orgId, since }) {
      const subscriptions = socket.data.subscriptions;
      if (!subscriptionOf(socket, orgId) && subscriptions.length >= deps.subscriptionsPerSocket)
        return refusal('rate_limited');
      if (since !== undefined && !socket.data.budget.replay()) return refusal('rate_limited');
      try {
        const entered = await Promise.resolve()
          .then(() => enterOrg(memberships, socket.data, orgId))
          .catch((err: unknown) => {
            if (!(err instanceof AppError) || err.status >= 500) throw err;
            return err.code === 'sso_required' || err.code === 'step_up_required'
              ? refusal(err.code)
              : refusal('not_found');
          });
        if ('ok' in entered) return entered;
        const { role } = entered;
        // Gone while its role was read: its disconnect found nothing to forget, so nothing may
        // be added now (it would stay subscribed, and be revalidated, forever).
        if (socket.disconnected) return refusal('unavailable');
        const sub: Subscription = {
          orgId,
          seesOrganization: memberships.roles.seesOrganization(role),
          lastId: since ?? '0-0',
          buffer: null,
          absentIn: null,
          native: false,
        };
        const at = subscriptionAt(socket, orgId);
        // Again: this socket's other subscribes may have been added while its role was read.
        if (at < 0 && subscriptions.length >= deps.subscriptionsPerSocket)
          return refusal('rate_limited');
        if (at >= 0) subscriptions[at] = sub;
        else subscriptions.push(sub);
        const set = byOrg.get(orgId) ?? new Subscribers(orgId);
        byOrg.set(orgId, set);
        set.add(socket);
        void socket.join(set.room);
        // A subscription it replaces may have seen the whole organization: its WebSocket leaves
        // the topic first.
        deps.rooms.leave(socket, set.wholeTopic);
        if (sub.seesOrganization) sub.native = deps.rooms.join(socket, set.wholeTopic);
        const replay = await catchUp(socket, sub, since);
        if (replay.resync) deps.metrics.resyncs.inc({ reason: 'since_too_old' });
        return {
          ok: true,
          lastEventId: sub.lastId,
          ...(replay.resync ? { resync: true } : {}),
        } as const;
      } catch (err) {
        logger.warn({ err }, 'subscribe failed');
        forget(socket, orgId);
        return refusal('unavailable');
      }
    },
    async unsubscribe(socket, { orgId }) {
      forget(socket, orgId);
      return { ok: true } as const;
    },
  } satisfies ClientEventHandlers<
    Pick<typeof platformClientEvents, 'subscribe' | 'unsubscribe'>,
    WsSocket
  >;

  // One listener for every socket (`this` is the socket), not a closure per socket.
  function onDisconnect(this: WsSocket) {
    for (const { orgId } of [...this.data.subscriptions]) forget(this, orgId);
  }

  return {
    handlers,

    attach(socket: WsSocket) {
      socket.on('disconnect', onDisconnect);
    },

    /** A live event from the relay channel, for the local subscribers of its organization. */
    receive(event: RelayedEvent) {
      // Noted even with no subscriber here: one may come with a `since` past it.
      const firstId = firstIdOf(event);
      const orgId = event.envelope.orgId;
      const sockets = byOrg.get(orgId);
      if (!sockets) return;
      const recipients: string[] = [];
      /** Subscribers that get it as members it names: always through Socket.IO. */
      const named: string[] = [];
      /** Subscribers that must not get it now (catching up, not their audience, a copy). */
      const excluded: string[] = [];
      let namespace: WsSocket['nsp'] | undefined;
      let whole = 0;
      /**
       * Bun may write it to the whole-organization topic: every subscriber whose role sees the
       * whole organization gets it and its WebSocket is in the topic (joined now if it can be). A
       * skipped one in the topic would get it too.
       */
      let native = true;
      for (const socket of sockets) {
        const sub = subscriptionOf(socket, orgId);
        if (sub && !sub.buffer && admit(socket, sub, event, firstId)) {
          recipients.push(socket.id);
          namespace ??= socket.nsp;
          if (sub.seesOrganization) {
            whole++;
            if (!sub.native) sub.native = deps.rooms.join(socket, sockets.wholeTopic);
            native &&= sub.native;
          } else named.push(socket.id);
          continue;
        }
        if (sub?.native) native = false;
        sub?.buffer?.push(event);
        excluded.push(socket.id);
      }
      if (!namespace) return;
      deps.delivered.inc(recipients.length);
      const lag = secondsSince(event.envelope.at);
      if (lag !== undefined) deps.metrics.lag.observe(lag);
      const { type } = event.envelope;
      if (
        native &&
        whole > 0 &&
        deps.rooms.publish(namespace, sockets.wholeTopic, whole, type, event.envelope)
      ) {
        if (named.length > 0) namespace.local.to(named).emit(type, event.envelope);
        deps.broadcasts.inc({ path: 'bun' });
        return;
      }
      // One broadcast: Socket.IO encodes the packet once for all (an emit per socket would encode
      // it once per socket). Named by the shorter list: the organization's subscribers' room but
      // those excluded (the common case, everyone: socket.io's union of 5,000 rooms, one per
      // recipient, was a tenth of a fan-out's CPU, bench/realtime.ts), or the recipients' own rooms
      // (an event for a few, such as one naming a member among many). Local: every instance delivers
      // to its own sockets from the relay channel.
      const audience =
        excluded.length < recipients.length
          ? namespace.local.to(sockets.room).except(excluded)
          : namespace.local.to(recipients);
      audience.emit(type, event.envelope);
      deps.broadcasts.inc({ path: 'socket.io' });
    },

    /**
     * The relay channel's connection dropped: every subscriber's live events are held from now
     * until its gap is read (`resynchronize`), so that none heard first moves it past the gap.
     */
    hold() {
      relayLost = true;
      for (const { sub } of local()) sub.buffer ??= [];
    },

    /**
     * After the relay channel's connection came back (Valkey restarted), events published
     * meanwhile never reached this instance: every subscription reads its gap from the stream.
     */
    async resynchronize() {
      const pending = local();
      // Hold every subscriber's live events at once (those subscribed since the loss too), then
      // read each gap (Valkey may still be coming back: a few tries).
      for (const { sub } of pending) sub.buffer ??= [];
      relayLost = false;
      for (const { socket, sub } of pending) {
        for (let attempt = 1; ; attempt++) {
          try {
            const replay = await catchUp(socket, sub, sub.lastId);
            // The stream cannot vouch for the gap (lost with Valkey's data): never a silent one.
            if (replay.resync) {
              deps.metrics.resyncs.inc({ reason: 'relay_gap' });
              socket.emit('subscription.resync', { orgId: sub.orgId, lastEventId: sub.lastId });
            }
            break;
          } catch (err) {
            if (attempt === RESYNC_ATTEMPTS) {
              // The gap could not be read: the subscriber is told, never left with it silently.
              logger.warn({ err }, 'catch-up failed');
              release(socket, sub);
              deps.metrics.resyncs.inc({ reason: 'catch_up_failed' });
              socket.emit('subscription.resync', { orgId: sub.orgId, lastEventId: sub.lastId });
              break;
            }
            await Bun.sleep(250 * attempt);
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
