import type { RelayedEvent } from '@insightdesk/shared/realtime';
import type { Role } from '@insightdesk/shared/tenancy';
import type { DefaultEventsMap, Socket } from 'socket.io';

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
  subscriptions: Map<string, Subscription>;
  watching: Map<string, Watching>;
}

export type AppSocket = Socket<DefaultEventsMap, DefaultEventsMap, DefaultEventsMap, SocketData>;

/** What ephemeral events (presence, typing) carry: the envelope, without a replayable id. */
export function ephemeral(orgId: string, type: 'presence.updated' | 'typing', data: unknown) {
  return { id: null, orgId, type, at: new Date().toISOString(), data };
}
