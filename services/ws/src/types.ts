import type { RelayedEvent, SocketIdentity } from '@insightdesk/shared/realtime';
import type { Server, Socket } from 'socket.io';
import type { SocketBudget } from './budget';

/** One organization a socket subscribed to. */
export interface Subscription {
  readonly orgId: string;
  /** Its member's role sees the whole organization (every event), not only what names them. */
  seesOrganization: boolean;
  /** The newest event id this socket has been given (or skipped as not visible). */
  lastId: string;
  /** While a catch-up reads the stream, live events wait here (then only newer ones go out). */
  buffer: RelayedEvent[] | null;
  /**
   * While `lastId` is '0-0': the generation of Valkey's data the organization's stream was last
   * seen absent in, so that a gap read can take a stream started since as complete (stream.ts).
   */
  absentIn: string | null;
  /** Its WebSocket is in the organization's whole-organization topic (subscriptions.ts, native-rooms.ts). */
  native: boolean;
}

/** What the ws service keeps on each socket (a product keeps its own state apart). */
export interface SocketData extends SocketIdentity {
  expiresAt: number;
  /** The session (refresh-token family) of the token the socket authenticated with. */
  family?: string;
  /**
   * At most one per organization, few (`WS_SUBSCRIPTIONS_PER_SOCKET`): an array, since
   * JavaScriptCore gives a Map with one entry ~270 bytes and a ws instance holds thousands.
   */
  subscriptions: Subscription[];
  budget: SocketBudget;
}

// biome-ignore lint/suspicious/noExplicitAny: the event maps of a deployment are its product's
type AnyEvents = { [event: string]: (...args: any[]) => void };

/**
 * The ws service's server and sockets: any event name goes out (a deployment's events are its
 * product's too), and what clients send is checked by the one router (client-events.ts).
 */
export type WsServer = Server<AnyEvents, AnyEvents, Record<never, never>, SocketData>;
export type WsSocket = Socket<AnyEvents, AnyEvents, Record<never, never>, SocketData>;
