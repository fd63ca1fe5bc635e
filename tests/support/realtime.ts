import { typesDelivered } from '@insightdesk/shared/events';
import {
  type DeploymentClientToServerEvents,
  type DeploymentServerToClientEvents,
  deploymentCatalog,
} from '@insightdesk/shared/product';
import type {
  ClientEventAnswer,
  ClientEventName,
  ClientEventPayload,
  UnacknowledgedEvent,
} from '@insightdesk/shared/realtime';
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import { product } from '../../services/ws/src/product';
import { createItem, type Owner } from './api';
import { BASE_URL, CA, eventually } from './stack';

type ProductCatalog = (typeof product)['catalog'];
/** The client events of the deployment the tests run against (the platform's and its product's). */
const catalog = deploymentCatalog(product.catalog);
const clientEvents = catalog.clientEvents;
/** The deployment's events delivered on a user's own channel (not an organization's). */
const userEvents = new Set<string>(typesDelivered(catalog.events, 'user channel'));
type ClientEvents = typeof clientEvents;

/** A client typed by the deployment's event maps (what a client package would hand out). */
export type Client = Socket<
  DeploymentServerToClientEvents<ProductCatalog>,
  DeploymentClientToServerEvents<ProductCatalog>
>;

export interface Envelope {
  id: string | null;
  orgId: string;
  type: string;
  at: string;
  // biome-ignore lint/suspicious/noExplicitAny: payloads of many shapes
  data: any;
}

export interface ClientOptions extends Partial<ManagerOptions & SocketOptions> {
  /** Pin the session to a ws instance through nginx's sticky cookie. */
  readonly instance?: 'ws-1' | 'ws-2';
  readonly token?: string;
}

/**
 * A Socket.IO client through nginx. `withCredentials` keeps the sticky cookie nginx routes on
 * (Node clients only keep cookies when asked to, browsers always do).
 */
export function connectClient(options: ClientOptions = {}): Client {
  const { instance, token, ...rest } = options;
  return io(BASE_URL, {
    path: '/socket.io/',
    withCredentials: true,
    reconnection: false,
    timeout: 5000,
    // One engine connection per client (io() would otherwise share one per URL).
    forceNew: true,
    ...(CA ? { ca: CA } : {}),
    ...(token ? { auth: { token } } : {}),
    ...(instance ? { extraHeaders: { cookie: `insightdesk_ws=${instance}` } } : {}),
    ...rest,
  });
}

/** A WebSocket client straight to one ws instance's own port (one the test started itself). */
export function connectInstance(port: number, token: string): Client {
  return io(`http://127.0.0.1:${port}`, {
    path: '/socket.io/',
    transports: ['websocket'],
    auth: { token },
    reconnection: false,
    forceNew: true,
  });
}

export function waitConnected(socket: Client, timeoutMs = 5000): Promise<void> {
  if (socket.connected) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('connect timeout')), timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.once('connect_error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

type AcknowledgedEvent = Exclude<ClientEventName<ClientEvents>, UnacknowledgedEvent<ClientEvents>>;

/**
 * Emits with an acknowledgement and resolves with it, once the answer was checked against the
 * event's declared answer schema (an answer the declaration does not allow fails the test).
 */
export async function request<E extends AcknowledgedEvent>(
  socket: Client,
  event: E,
  payload: ClientEventPayload<ClientEvents, E>,
  timeoutMs = 5000,
): Promise<ClientEventAnswer<ClientEvents, E>> {
  const schema = clientEvents[event].answer;
  if (!schema) throw new Error(`${event} has no acknowledgement`);
  // The typed emit cannot follow a generic event name: the untyped view of the same socket.
  const untyped: Socket = socket;
  const answer = schema.parse(await untyped.timeout(timeoutMs).emitWithAck(event, payload));
  return answer as ClientEventAnswer<ClientEvents, E>;
}

/**
 * Records every organization event a socket receives, in order (not what the user's own channel
 * brings, such as notifications: their tests listen to those).
 */
export function record(socket: Client) {
  const received: Envelope[] = [];
  socket.onAny((type: string, envelope: Envelope) => {
    if (!userEvents.has(type)) received.push({ ...envelope, type });
  });
  return {
    received,
    of: (type: string) => received.filter((e) => e.type === type),
    until: (predicate: (events: Envelope[]) => boolean, timeoutMs = 10_000) =>
      eventually(() => predicate(received), timeoutMs, 25),
  };
}

/** A connected, subscribed client. */
export async function subscribed(token: string, orgId: string, options: ClientOptions = {}) {
  const socket = connectClient({ token, ...options });
  const recorder = record(socket);
  await waitConnected(socket);
  const ack = await request(socket, 'subscribe', { orgId });
  if (!ack.ok) throw new Error(`subscribe failed: ${JSON.stringify(ack)}`);
  return { socket, ...recorder, ack };
}

/** A gauge of one ws instance, read from the instance's own /metrics. */
async function wsGauge(port: number, name: string): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const match = text.match(new RegExp(`^${name}\\{[^}]*\\} (\\d+)`, 'm'));
  return Number(match?.[1] ?? 0);
}

/** Connections per ws instance. */
export const wsConnections = (port: number) => wsGauge(port, 'ws_connections');

/** Organization subscriptions per ws instance. */
export const wsSubscriptions = (port: number) => wsGauge(port, 'ws_subscriptions');

/** Live broadcasts one ws instance made by `path` (`bun`: its publish; `socket.io`). */
export async function wsBroadcasts(port: number, path: 'bun' | 'socket.io'): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const sample = new RegExp(`^ws_broadcasts_total\\{[^}]*path="${path}"[^}]*\\} (\\d+)`, 'm');
  return Number(text.match(sample)?.[1] ?? 0);
}

/**
 * A client's whole round trip: it connects, subscribes to the owner's organization, receives the
 * item.created of an item created afterwards, waits for `settled` (e.g. its upgrade to
 * WebSocket) and disconnects. Throws with the reason when any step fails.
 */
export async function roundTrip(
  socket: Client,
  owner: Owner,
  settled: (socket: Client) => boolean = () => true,
): Promise<void> {
  const events = record(socket);
  try {
    await waitConnected(socket);
    const ack = await request(socket, 'subscribe', { orgId: owner.orgId });
    if (!ack.ok) throw new Error(`subscribe refused: ${JSON.stringify(ack)}`);
    const item = await createItem(owner, owner.orgId, 'Round trip');
    await events.until((all) =>
      all.some((e) => e.type === 'item.created' && e.data.item.id === item.id),
    );
    await eventually(() => settled(socket), 10_000, 25);
  } finally {
    socket.disconnect();
  }
}
