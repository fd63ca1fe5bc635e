import type {
  ClientToServerEvents,
  RelayedEvent,
  ServerToClientEvents,
} from '@insightdesk/shared/realtime';
import type { Role } from '@insightdesk/shared/tenancy';
import type { Server, Socket } from 'socket.io';
import type { SocketBudget } from './budget';

/** One organization a socket subscribed to. */
export interface Subscription {
  readonly orgId: string;
  role: Role;
  /** The newest event id this socket has been given (or skipped as not visible). */
  lastId: string;
  /** While a catch-up reads the stream, live events wait here (then only newer ones go out). */
  buffer: RelayedEvent[] | null;
}

export interface Watching {
  readonly orgId: string;
  readonly ticketId: string;
  /** The exact presence entry this socket wrote (to remove it). */
  readonly member: string;
  lastTypingAt: number;
}

export interface SocketData {
  userId: string;
  name: string;
  expiresAt: number;
  /** The session (refresh-token family) of the token the socket authenticated with. */
  family?: string;
  subscriptions: Map<string, Subscription>;
  watching: Map<string, Watching>;
  budget: SocketBudget;
}

/** Nothing is said between instances beyond room emits (events arrive on the relay channel). */
type InterServerEvents = Record<never, never>;

export type AppServer = Server<
  ClientToServerEvents,
  ServerToClientEvents,
  InterServerEvents,
  SocketData
>;
export type AppSocket = Socket<
  ClientToServerEvents,
  ServerToClientEvents,
  InterServerEvents,
  SocketData
>;
