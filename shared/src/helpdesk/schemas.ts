import { z } from 'zod';
import { ROLES } from '../tenancy/roles';

/**
 * The public shapes of the help desk, declared once: the api validates and documents its answers
 * with them (OpenAPI), the real-time events carry them, and the database's enums take their
 * value lists from here (zod only: this module is shared with browsers through the events).
 */
export const TICKET_STATUSES = ['open', 'pending', 'solved', 'closed'] as const;
export const TICKET_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export const ATTACHMENT_STATUSES = ['pending', 'ready', 'failed'] as const;
export const EXPORT_STATUSES = ['running', 'ready', 'failed'] as const;

export const ticketStatus = z.enum(TICKET_STATUSES);
export const ticketPriority = z.enum(TICKET_PRIORITIES);
export const role = z.enum(ROLES);

export const userRef = z.object({ id: z.uuid(), name: z.string() }).meta({ id: 'UserRef' });

export const userSchema = z
  .object({ id: z.uuid(), email: z.email(), name: z.string() })
  .meta({ id: 'User' });

/** A user as they see themselves (sign-in answers, /me). */
export const accountSchema = userSchema
  .extend({ emailVerified: z.boolean() })
  .meta({ id: 'Account' });

export const organizationSchema = z
  .object({ id: z.uuid(), name: z.string(), createdAt: z.iso.datetime() })
  .meta({ id: 'Organization' });

export const ticketSchema = z
  .object({
    id: z.uuid(),
    number: z.number().int(),
    subject: z.string(),
    status: ticketStatus,
    priority: ticketPriority,
    requester: userRef,
    assignee: userRef.nullable(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    version: z.number().int(),
  })
  .meta({ id: 'Ticket' });

export const messageSchema = z
  .object({
    id: z.uuid(),
    ticketId: z.uuid(),
    author: userRef,
    body: z.string(),
    internal: z.boolean(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'Message' });

export const memberSchema = z
  .object({ user: userSchema, role, joinedAt: z.iso.datetime() })
  .meta({ id: 'Member' });

export type Ticket = z.infer<typeof ticketSchema>;
export type Message = z.infer<typeof messageSchema>;
export type Member = z.infer<typeof memberSchema>;
export type Organization = z.infer<typeof organizationSchema>;
export type TicketStatus = z.infer<typeof ticketStatus>;
export type TicketPriority = z.infer<typeof ticketPriority>;

export const NOTIFICATION_KINDS = ['assigned', 'reply'] as const;

/** An in-app notification, as its recipient sees it (the API's list, `notification.created`). */
export const notificationSchema = z
  .object({
    id: z.uuid(),
    orgId: z.uuid(),
    kind: z.enum(NOTIFICATION_KINDS),
    ticket: z.object({ id: z.uuid(), number: z.number().int(), subject: z.string() }),
    messageId: z.uuid().nullable(),
    actor: userRef.nullable(),
    read: z.boolean(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'Notification' });
export type Notification = z.output<typeof notificationSchema>;
