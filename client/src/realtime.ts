// Compiled into the package by the build (scripts/build.mjs: dist/event-ids.*): the published
// client does not depend on the workspace's private package.
import { compareEventIds } from '@insightdesk/shared/realtime/ids';
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import type {
  ClientEventError,
  ClientToServerEvents,
  ServerToClientEvents,
} from './generated/realtime.js';
import { SessionEndedError, type SessionKeeper } from './session.js';

export type { ClientToServerEvents, ServerToClientEvents };
export type RealtimeSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
export type RealtimeEventName = keyof ServerToClientEvents;

/** What went wrong outside any call the application made. */
export type RealtimeError =
  | { readonly kind: 'subscribe'; readonly orgId: string; readonly error: ClientEventError }
  | { readonly kind: 'auth'; readonly error: ClientEventError | 'session_ended' };

export interface RealtimeOptions {
  /** Called when an organization's events could not be replayed (too old, too many): refetch it. */
  readonly onResync?: (orgId: string) => void;
  readonly onError?: (error: RealtimeError) => void;
  /** Passed to socket.io-client (`transports`, `ca` in Node, …). Defaults need nothing else. */
  readonly socket?: Partial<ManagerOptions & SocketOptions>;
  /** Where subscriptions resume from (e.g. persisted across a page reload): orgId → event id. */
  readonly resumeFrom?: Readonly<Record<string, string>>;
}

// Method syntax makes the parameter bivariant: each event's own listener type fits in one set.
type Listener = { handle(payload: unknown): void }['handle'];

interface Envelope {
  readonly id: string | null;
  readonly orgId: string;
}

const isEnvelope = (value: unknown): value is Envelope =>
  typeof value === 'object' &&
  value !== null &&
  'orgId' in value &&
  typeof value.orgId === 'string' &&
  'id' in value &&
  (value.id === null || typeof value.id === 'string');

/** The acknowledgement an event is answered with (socket.io-client's `timeout()` loses it). */
type AckOf<E extends keyof ClientToServerEvents> =
  Parameters<ClientToServerEvents[E]> extends [unknown, (answer: infer A) => void] ? A : never;

export type SubscribeResult =
  | { readonly ok: true; readonly resync: boolean }
  | { readonly ok: false; readonly error: ClientEventError };

const ACK_TIMEOUT_MS = 10_000;
const RETRY_MS = [500, 1_000, 2_000, 5_000];

/**
 * The real-time side of a session: one Socket.IO connection that subscribes to organizations,
 * resumes each one after the last event it delivered on every (re)connection, hands every event
 * on exactly once and in order, reports `resync` once per occurrence, and renews its
 * authentication before the access token expires.
 */
export function createRealtimeClient(
  url: string,
  keeper: SessionKeeper,
  options: RealtimeOptions = {},
) {
  const lastIds = new Map<string, string>(Object.entries(options.resumeFrom ?? {}));
  const subscribed = new Set<string>();
  const listeners = new Map<string, Set<Listener>>();
  let closed = false;
  let retry = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  const report = (error: RealtimeError) => options.onError?.(error);

  const socket: RealtimeSocket = io(url, {
    path: '/socket.io/',
    ...options.socket,
    autoConnect: false,
    // Asked on every handshake, so a reconnection always presents a current token.
    auth: (send) => {
      keeper.accessToken().then(
        (token) => send({ token: token ?? '' }),
        () => send({ token: '' }),
      );
    },
  });

  function dispatch(type: string, payload: unknown) {
    for (const listener of listeners.get(type) ?? []) listener(payload);
  }

  socket.onAny((type: string, payload: unknown) => {
    if (type === 'subscription.ended' && isEnvelopeless(payload)) subscribed.delete(payload.orgId);
    if (type === 'subscription.resync' && isEnvelopeless(payload)) {
      const { lastEventId } = payload as { lastEventId?: unknown };
      if (typeof lastEventId === 'string') lastIds.set(payload.orgId, lastEventId);
      options.onResync?.(payload.orgId);
    }
    if (isEnvelope(payload) && payload.id !== null) {
      const last = lastIds.get(payload.orgId);
      // Replays overlap what was live before a reconnection: anything not newer was delivered.
      if (last !== undefined && compareEventIds(payload.id, last) <= 0) return;
      lastIds.set(payload.orgId, payload.id);
    }
    dispatch(type, payload);
  });

  /** Callers of `subscribe` waiting for an organization's first answer. */
  const waiting = new Map<string, ((result: SubscribeResult) => void)[]>();
  function settle(orgId: string, result: SubscribeResult) {
    for (const resolve of waiting.get(orgId) ?? []) resolve(result);
    waiting.delete(orgId);
  }

  /** One subscription attempt; false when it is worth trying again (budget, outage). */
  async function subscribeOnce(orgId: string): Promise<boolean> {
    const since = lastIds.get(orgId);
    const ack = await socket
      .timeout(ACK_TIMEOUT_MS)
      .emitWithAck('subscribe', { orgId, ...(since ? { since } : {}) })
      .catch(() => ({ ok: false as const, error: 'unavailable' as const }));
    if (!ack.ok) {
      report({ kind: 'subscribe', orgId, error: ack.error });
      if (ack.error === 'unavailable' || ack.error === 'rate_limited') return false;
      subscribed.delete(orgId);
      settle(orgId, ack);
      return true;
    }
    const last = lastIds.get(orgId);
    if (last === undefined || compareEventIds(ack.lastEventId, last) > 0)
      lastIds.set(orgId, ack.lastEventId);
    if (ack.resync) options.onResync?.(orgId);
    settle(orgId, { ok: true, resync: ack.resync === true });
    return true;
  }

  /** Subscribes every organization on this connection; failures are tried again, spaced out. */
  async function subscribeAll(orgIds: Iterable<string>) {
    const failed: string[] = [];
    for (const orgId of orgIds) {
      if (!socket.connected) return;
      if (!(await subscribeOnce(orgId))) failed.push(orgId);
    }
    if (failed.length === 0 || closed) return;
    clearTimeout(retryTimer);
    retryTimer = setTimeout(
      () => void subscribeAll(failed.filter((orgId) => subscribed.has(orgId))),
      RETRY_MS[Math.min(retry++, RETRY_MS.length - 1)],
    );
  }

  socket.on('connect', () => {
    retry = 0;
    void subscribeAll([...subscribed]);
  });

  // Refused by the server (handshake or a deliberate disconnect, e.g. at token expiry): Socket.IO
  // leaves those to the application. A refused token is renewed before the next attempt.
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  function reconnectLater(renewFirst: string | null) {
    if (closed) return;
    clearTimeout(reconnectTimer);
    reconnectTimer = setTimeout(
      async () => {
        if (renewFirst !== null) {
          try {
            await keeper.renewAfterRefusal(renewFirst);
          } catch (err) {
            if (err instanceof SessionEndedError)
              return report({ kind: 'auth', error: 'session_ended' });
          }
        }
        if (!closed && !socket.connected) socket.connect();
      },
      RETRY_MS[Math.min(retry++, RETRY_MS.length - 1)],
    );
  }
  socket.on('connect_error', (err) => {
    if (socket.active) return;
    if (err.message === 'unauthorized') {
      const token = keeper.current()?.accessToken;
      if (!token) return report({ kind: 'auth', error: 'session_ended' });
      return reconnectLater(token);
    }
    reconnectLater(null);
  });
  socket.on('disconnect', (reason) => {
    if (reason === 'io server disconnect') reconnectLater(null);
  });

  // A renewed session goes to the open socket at once (and to later handshakes through `auth`);
  // renewal is due at `refreshAt`, whether or not REST calls happen meanwhile.
  let renewTimer: ReturnType<typeof setTimeout> | undefined;
  function scheduleRenewal() {
    clearTimeout(renewTimer);
    const session = keeper.current();
    if (!session || closed) return;
    renewTimer = setTimeout(
      () => {
        keeper.accessToken().catch((err: unknown) => {
          if (err instanceof SessionEndedError)
            return report({ kind: 'auth', error: 'session_ended' });
          // The api did not answer: try again shortly (the socket lives until the token expires).
          renewTimer = setTimeout(scheduleRenewal, RETRY_MS.at(-1));
        });
      },
      Math.max(0, session.refreshAt - Date.now()),
    );
  }
  const stopWatching = keeper.onChange(async (session) => {
    scheduleRenewal();
    if (!session) return socket.disconnect();
    if (!socket.connected) return;
    const ack = await socket
      .timeout(ACK_TIMEOUT_MS)
      .emitWithAck('auth', { token: session.accessToken })
      .catch(() => ({ ok: false as const, error: 'unavailable' as const }));
    if (!ack.ok) report({ kind: 'auth', error: ack.error });
  });
  scheduleRenewal();
  socket.connect();

  return {
    /** The Socket.IO socket (state, `connected`, `id`); use the methods below to talk through it. */
    socket,
    /**
     * Listens to a server event: organization events arrive once each, in order per
     * organization. Returns the function that stops listening.
     */
    on<E extends RealtimeEventName>(event: E, listener: ServerToClientEvents[E]): () => void {
      const set = listeners.get(event) ?? new Set<Listener>();
      listeners.set(event, set);
      set.add(listener);
      return () => set.delete(listener);
    },
    /**
     * Subscribes to an organization's events, now and after every reconnection, resuming after
     * the last event delivered (or `since`). Resolves with the first answer: subscribed (and
     * whether a resync was needed), or refused (`not_found`: not a member).
     */
    subscribe(orgId: string, since?: string): Promise<SubscribeResult> {
      subscribed.add(orgId);
      if (since !== undefined) lastIds.set(orgId, since);
      const answered = new Promise<SubscribeResult>((resolve) =>
        waiting.set(orgId, [...(waiting.get(orgId) ?? []), resolve]),
      );
      if (socket.connected) void subscribeAll([orgId]);
      return answered;
    },
    async unsubscribe(orgId: string): Promise<void> {
      subscribed.delete(orgId);
      if (socket.connected)
        await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('unsubscribe', { orgId });
    },
    /** The id of the last event delivered for an organization (persist it to resume later). */
    lastEventId: (orgId: string): string | undefined => lastIds.get(orgId),
    /** Presence: who watches the ticket (they all get `presence.updated`). */
    watch: (orgId: string, ticketId: string): Promise<AckOf<'ticket.watch'>> =>
      socket.timeout(ACK_TIMEOUT_MS).emitWithAck('ticket.watch', { orgId, ticketId }),
    unwatch: (orgId: string, ticketId: string): Promise<AckOf<'ticket.unwatch'>> =>
      socket.timeout(ACK_TIMEOUT_MS).emitWithAck('ticket.unwatch', { orgId, ticketId }),
    typing: (orgId: string, ticketId: string) => socket.emit('ticket.typing', { orgId, ticketId }),
    close() {
      closed = true;
      clearTimeout(retryTimer);
      clearTimeout(reconnectTimer);
      clearTimeout(renewTimer);
      stopWatching();
      socket.disconnect();
    },
  };
}

export type RealtimeClient = ReturnType<typeof createRealtimeClient>;

function isEnvelopeless(value: unknown): value is { orgId: string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    'orgId' in value &&
    typeof value.orgId === 'string'
  );
}
