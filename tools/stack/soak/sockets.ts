import { compareEventIds } from '@insightdesk/shared/realtime/ids';
import { io, type Socket } from 'socket.io-client';
import type { ClientRecord } from './history';
import { type Actor, keyOf, type Organization } from './workload';

/**
 * One Socket.IO client of the soak, following the documented contract (docs/realtime.md):
 * default options (long-polling, then the upgrade) or WebSocket only, with or without the
 * sticky cookie; `subscribe {orgId, since}` on every connection; reconnects after every drop,
 * including those the server asks for. Records every tracked event it receives and every
 * resync it is told, raw (nothing dropped client-side: the checker judges the server).
 */
export function soakClient(options: {
  name: string;
  baseUrl: string;
  ca: string;
  orgId: string;
  staff: boolean;
  websocketOnly: boolean;
  cookieless: boolean;
  token: () => string;
  keyOf: (type: string, data: unknown) => string | null;
  /** Tickets to watch and type on now and then (presence, typing). */
  tickets: () => readonly string[];
}) {
  const record: ClientRecord = {
    name: options.name,
    orgId: options.orgId,
    staff: options.staff,
    firstSubscribedAt: null,
    deliveries: [],
    resyncs: [],
    connects: 0,
  };
  let lastId: string | undefined;
  let subscribed = false;
  let closed = false;
  const socket: Socket = io(options.baseUrl, {
    path: '/socket.io/',
    forceNew: true,
    ca: options.ca,
    withCredentials: !options.cookieless,
    ...(options.websocketOnly ? { transports: ['websocket'] } : {}),
    auth: (send) => send({ token: options.token() }),
    reconnectionDelayMax: 2000,
  });

  const newer = (id: string) => lastId === undefined || compareEventIds(id, lastId) > 0;

  async function subscribe() {
    while (!closed && socket.connected && !subscribed) {
      const ack = await socket
        .timeout(5000)
        .emitWithAck('subscribe', { orgId: options.orgId, ...(lastId ? { since: lastId } : {}) })
        .catch(() => ({ ok: false }));
      if (ack.ok) {
        subscribed = true;
        record.firstSubscribedAt ??= Date.now();
        if (ack.resync) record.resyncs.push(Date.now());
        if (typeof ack.lastEventId === 'string' && newer(ack.lastEventId)) lastId = ack.lastEventId;
        return;
      }
      await Bun.sleep(1000);
    }
  }

  socket.on('connect', () => {
    record.connects += 1;
    subscribed = false;
    void subscribe();
  });
  socket.on('disconnect', (reason) => {
    subscribed = false;
    // The server ended it (its shutdown, an expired token): socket.io leaves that to the client.
    if (!closed && !socket.active)
      setTimeout(() => !closed && socket.connect(), 1000 + Math.random() * 1000);
    void reason;
  });
  socket.on('connect_error', () => {
    if (!closed && !socket.active)
      setTimeout(() => !closed && socket.connect(), 1000 + Math.random() * 1000);
  });
  socket.on('subscription.resync', (info: { orgId: string; lastEventId: string }) => {
    if (info.orgId !== options.orgId) return;
    record.resyncs.push(Date.now());
    lastId = info.lastEventId;
  });
  socket.onAny((type: string, envelope: { id?: string | null; orgId?: string; data?: unknown }) => {
    if (!envelope || typeof envelope.id !== 'string' || envelope.orgId !== options.orgId) return;
    if (newer(envelope.id)) lastId = envelope.id;
    const key = options.keyOf(type, envelope.data);
    if (key) record.deliveries.push({ key, eventId: envelope.id, at: Date.now() });
  });

  // Presence and typing now and then (ephemeral: said between sockets, not checked).
  const chatter = setInterval(() => {
    const tickets = options.tickets();
    if (!subscribed || tickets.length === 0 || Math.random() > 0.3) return;
    const ticketId = tickets[Math.floor(Math.random() * tickets.length)];
    socket.timeout(5000).emit('ticket.watch', { orgId: options.orgId, ticketId }, () => undefined);
    socket.emit('ticket.typing', { orgId: options.orgId, ticketId });
  }, 10_000);

  return {
    record,
    /** Connected and subscribed now. */
    get settled() {
      return socket.connected && subscribed;
    },
    close() {
      closed = true;
      clearInterval(chatter);
      socket.disconnect();
    },
  };
}
export type SoakClient = ReturnType<typeof soakClient>;

/**
 * The soak's clients over its actors, in turn: a third WebSocket only, the rest Socket.IO's
 * defaults (long-polling, then the upgrade); every fourth without the sticky cookie.
 */
export function soakClients(options: {
  count: number;
  actors: readonly { actor: Actor; org: Organization }[];
  baseUrl: string;
  ca: string;
  runId: string;
}): SoakClient[] {
  const { actors, runId } = options;
  return Array.from({ length: options.count }, (_, i) => {
    const { actor, org } = actors[i % actors.length] as (typeof actors)[number];
    return soakClient({
      name: `c${i}`,
      baseUrl: options.baseUrl,
      ca: options.ca,
      orgId: org.id,
      staff: actor.role !== 'requester',
      websocketOnly: i % 3 === 0,
      cookieless: i % 4 === 1,
      token: () => actor.token,
      keyOf: (type, data) => keyOf(runId, type, data),
      tickets: () => org.tickets,
    });
  });
}
