import type { PlatformEvents } from '@insightdesk/shared/platform/events';
import {
  answer,
  type ClientEventError,
  type ClientToServerEvents as ClientToServerEventsOf,
  defineClientEvents,
  type platformClientEvents,
  type ServerToClientEvents as ServerToClientEventsOf,
} from '@insightdesk/shared/realtime/socket-events';
import { canonicalId } from '@insightdesk/shared/shapes';
import { z } from 'zod';
import type { HelpdeskEvents } from './events';

/*
 * The help desk's part of the Socket.IO protocol: who is looking at a ticket (presence) and who
 * is typing in it. With the platform's events and client events, it makes the maps that type the
 * sockets of tests and of @insightdesk/client. Zod and types only (shared with browsers).
 */

/** Ids in their canonical form only: another spelling is `invalid_request`. */
const ticketRef = z.strictObject({ orgId: canonicalId(), ticketId: canonicalId() });

export const viewer = z.strictObject({ userId: canonicalId(), name: z.string() });
export type Viewer = z.output<typeof viewer>;
const viewersAnswer = answer({ viewers: z.array(viewer) });

export const helpdeskClientEvents = defineClientEvents({
  /** Presence: everyone watching the ticket gets `presence.updated`. */
  'ticket.watch': { payload: ticketRef, answer: viewersAnswer },
  'ticket.unwatch': { payload: ticketRef, answer: viewersAnswer },
  /** The others watching get `typing` (at most one per 1.5 s is forwarded). */
  'ticket.typing': { payload: ticketRef, answer: null },
});

/** Presence and typing: said between ws instances, never stored (`id: null`). */
export const helpdeskEphemeralEvents = {
  'presence.updated': z.object({ ticketId: z.string(), viewers: z.array(viewer) }),
  typing: z.object({
    ticketId: z.string(),
    user: z.object({ id: z.string(), name: z.string() }),
  }),
};
export type HelpdeskEphemeral = {
  readonly [T in keyof typeof helpdeskEphemeralEvents]: z.output<
    (typeof helpdeskEphemeralEvents)[T]
  >;
};

type ClientEvents = typeof platformClientEvents & typeof helpdeskClientEvents;

export type { ClientEventError };
export type ClientToServerEvents = ClientToServerEventsOf<ClientEvents>;
export type ServerToClientEvents = ServerToClientEventsOf<
  PlatformEvents & HelpdeskEvents,
  typeof helpdeskEphemeralEvents
>;
