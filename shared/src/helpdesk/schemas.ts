import { z } from 'zod';
import { canonicalId } from '../tenancy/ids';
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

/**
 * Bounded primitives of the answers: every string has a maxLength and every integer a format and
 * range in the OpenAPI document (the same bounds the inputs are validated with).
 */
/** Ids are taken and given in their canonical (lower-case) form only (tenancy/ids.ts). */
export const uuid = canonicalId;
export const timestamp = () => z.iso.datetime().max(40);
/** A count or number that fits PostgreSQL's integer. */
export const int32 = (min = 0) => z.int32().min(min).meta({ format: 'int32' });
/** A size in bytes or lines (PostgreSQL's bigint, within JavaScript's safe integers). */
export const int64 = () => z.int().min(0).max(Number.MAX_SAFE_INTEGER).meta({ format: 'int64' });
/** The bounds of user-given text, as validated on the way in. */
export const TEXT_LIMITS = { name: 100, email: 254, subject: 200, body: 20_000 } as const;

export const ticketStatus = z.enum(TICKET_STATUSES);
export const ticketPriority = z.enum(TICKET_PRIORITIES);
export const role = z.enum(ROLES);

export const userRef = z
  .object({ id: uuid(), name: z.string().max(TEXT_LIMITS.name) })
  .meta({ id: 'UserRef' });

const userSchema = z
  .object({
    id: uuid(),
    email: z.email().max(TEXT_LIMITS.email),
    name: z.string().max(TEXT_LIMITS.name),
  })
  .meta({ id: 'User' });

/** A user as they see themselves (sign-in answers, /me). */
export const accountSchema = userSchema
  .extend({ emailVerified: z.boolean() })
  .meta({ id: 'Account' });

export const organizationSchema = z
  .object({ id: uuid(), name: z.string().max(TEXT_LIMITS.name), createdAt: timestamp() })
  .meta({ id: 'Organization' });

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

export const memberSchema = z
  .object({ user: userSchema, role, joinedAt: timestamp() })
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
