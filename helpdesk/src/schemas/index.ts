import {
  int32,
  TEXT_LIMITS as PLATFORM_TEXT_LIMITS,
  timestamp,
  userRef,
  uuid,
} from '@insightdesk/shared/shapes';
import { z } from 'zod';
import { ticketSlaSchema } from './sla';

/**
 * The public shapes of the help desk, declared once: the api validates and documents its answers
 * with them (OpenAPI), the real-time events carry them, and the database's enums take their
 * value lists from here (zod only: this module is shared with browsers through the events).
 */
export const TICKET_STATUSES = ['open', 'pending', 'solved', 'closed'] as const;
export const TICKET_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export const ATTACHMENT_STATUSES = ['pending', 'ready', 'failed'] as const;
export const EXPORT_STATUSES = ['running', 'ready', 'failed'] as const;
/** An inbound mail: recorded, then processed into a ticket or message, or not (and why). */
export const INBOUND_STATUSES = ['received', 'processed', 'dropped', 'held', 'refused'] as const;
/** What to do with inbound mail failing SPF/DKIM/DMARC. */
export const INBOUND_AUTH_POLICIES = ['accept', 'flag', 'reject'] as const;

/** The bounds of user-given text (the platform's, and the help desk's own). */
export const TEXT_LIMITS = {
  ...PLATFORM_TEXT_LIMITS,
  subject: 200,
  body: 20_000,
  /** A full-text search query. */
  search: 200,
} as const;

/** A ticket's subject and a message's body, as given. */
export const subjectInput = () => z.string().trim().min(1).max(TEXT_LIMITS.subject);
export const bodyInput = () => z.string().trim().min(1).max(TEXT_LIMITS.body);

export const ticketStatus = z.enum(TICKET_STATUSES);
export const ticketPriority = z.enum(TICKET_PRIORITIES);

export const ticketSchema = z
  .object({
    id: uuid(),
    number: int32(1),
    subject: z.string().max(TEXT_LIMITS.subject),
    status: ticketStatus,
    priority: ticketPriority,
    requester: userRef,
    assignee: userRef.nullable(),
    createdAt: timestamp(),
    updatedAt: timestamp(),
    version: int32(),
    /** Its service level (docs/sla.md); null when no policy applies. */
    sla: ticketSlaSchema.nullable(),
  })
  .meta({ id: 'Ticket' });

export const messageSchema = z
  .object({
    id: uuid(),
    ticketId: uuid(),
    author: userRef,
    body: z.string().max(TEXT_LIMITS.body),
    internal: z.boolean(),
    createdAt: timestamp(),
  })
  .meta({ id: 'Message' });

export type Ticket = z.infer<typeof ticketSchema>;
export type Message = z.infer<typeof messageSchema>;
export type TicketStatus = z.infer<typeof ticketStatus>;
export type TicketPriority = z.infer<typeof ticketPriority>;
export type InboundStatus = (typeof INBOUND_STATUSES)[number];
export type InboundAuthPolicy = (typeof INBOUND_AUTH_POLICIES)[number];

export const NOTIFICATION_KINDS = ['assigned', 'reply', 'sla_warning', 'sla_breached'] as const;

/** An in-app notification, as its recipient sees it (the API's list, `notification.created`). */
export const notificationSchema = z
  .object({
    id: uuid(),
    orgId: uuid(),
    kind: z.enum(NOTIFICATION_KINDS),
    ticket: z.object({
      id: uuid(),
      number: int32(1),
      subject: z.string().max(TEXT_LIMITS.subject),
    }),
    messageId: uuid().nullable(),
    actor: userRef.nullable(),
    read: z.boolean(),
    createdAt: timestamp(),
  })
  .meta({ id: 'Notification' });
export type Notification = z.output<typeof notificationSchema>;
