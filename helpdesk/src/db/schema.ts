import { columns, schema } from '@insightdesk/shared/db';
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  customType,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import {
  ATTACHMENT_STATUSES,
  EXPORT_STATUSES,
  INBOUND_AUTH_POLICIES,
  INBOUND_STATUSES,
  NOTIFICATION_KINDS,
  TICKET_PRIORITIES,
  TICKET_STATUSES,
} from '../schemas';

/**
 * The help desk's tables, each with one owner module (docs/architecture.md lists them), beside
 * the platform's (`organizations` and `users` are referenced, never written). Their migrations
 * are the help desk's own set (./migrations, drizzle-kit: helpdesk/drizzle.config.ts).
 */

const { organizations, users } = schema;
const { createdAt, id, timestampMs, tsvector, updatedAt } = columns;

/** The last ticket number given in each organization (tickets count up per organization from 1). */
export const ticketCounters = pgTable('ticket_counters', {
  orgId: uuid('org_id')
    .primaryKey()
    .references(() => organizations.id, { onDelete: 'cascade' }),
  lastNumber: integer('last_number').notNull(),
});

/**
 * Who wrote to the help desk by email without an account: a requester identity by address only
 * (no password, no session, never a member). `bouncedAt`: a delivery status notification said mail
 * to it fails; nothing more is mailed to it.
 */
export const contacts = pgTable(
  'contacts',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    name: text('name').notNull(),
    /**
     * The inbound mail (a UUIDv7: time-ordered) whose From named the contact: a later mail's name
     * replaces it, an earlier one's (a held mail released late) does not. No foreign key: mails
     * are purged after 30 days.
     */
    namedBy: uuid('named_by'),
    bouncedAt: timestampMs('bounced_at'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('contacts_org_email_key').on(t.orgId, sql`lower(${t.email})`)],
);

export const ticketStatusEnum = pgEnum('ticket_status', TICKET_STATUSES);
export const ticketPriorityEnum = pgEnum('ticket_priority', TICKET_PRIORITIES);

export const tickets = pgTable(
  'tickets',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    /** Counts up per organization from 1. */
    number: integer('number').notNull(),
    subject: text('subject').notNull(),
    status: ticketStatusEnum('status').notNull().default('open'),
    priority: ticketPriorityEnum('priority').notNull().default('normal'),
    /** A member's ticket; else `contactId` (a ticket opened by email): exactly one of the two. */
    requesterId: uuid('requester_id').references(() => users.id, { onDelete: 'restrict' }),
    contactId: uuid('contact_id').references(() => contacts.id, { onDelete: 'restrict' }),
    assigneeId: uuid('assignee_id').references(() => users.id, { onDelete: 'set null' }),
    /** Optimistic concurrency: bumped on every update, exposed as the ETag. */
    version: integer('version').notNull().default(1),
    /**
     * When the ticket's first public reply (public-reply.ts) was written, for the analytics: set
     * by that reply (`startFirstResponse`, tickets/ticket.ts).
     */
    firstResponseAt: timestampMs('first_response_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('tickets_org_number_key').on(t.orgId, t.number),
    index('tickets_org_created_idx').on(t.orgId, t.createdAt.desc(), t.id.desc()),
    index('tickets_org_requester_idx').on(t.orgId, t.requesterId, t.createdAt.desc()),
    index('tickets_org_assignee_idx').on(t.orgId, t.assigneeId),
    index('tickets_org_status_idx').on(t.orgId, t.status),
    // The unresolved tickets by organization and id: the service levels' re-planning batches.
    index('tickets_org_unresolved_idx')
      .on(t.orgId, t.id)
      .where(sql`status not in ('solved', 'closed')`),
    check('tickets_one_requester', sql`num_nonnulls(${t.requesterId}, ${t.contactId}) = 1`),
  ],
);

/**
 * A ticket's search words: its subject (weight A) and its public messages (weight B), maintained
 * by the triggers `tickets_search_on_ticket` and `tickets_search_on_message`. A row of its own rather than a column of the ticket's: a reply
 * then changes no indexed column of its ticket, whose update stays in its page (HOT) instead of
 * entering the ticket's six b-tree indexes, and the words' growing value is not copied with it.
 */
export const ticketSearch = pgTable(
  'ticket_search',
  {
    ticketId: uuid('ticket_id')
      .primaryKey()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    /** The ticket's organization (a search reads one organization's words). */
    orgId: uuid('org_id'),
    search: tsvector('search').notNull(),
  },
  // Without a pending list: every search would read it whole, and every reply fills it (a reply
  // writes its ticket's words again).
  (t) => [
    index('ticket_search_org_idx').using('gin', t.orgId, t.search).with({ fastupdate: false }),
  ],
);

export const messages = pgTable(
  'messages',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    /** A member's message; else `authorContactId` (one that came by email): exactly one. */
    authorId: uuid('author_id').references(() => users.id, { onDelete: 'restrict' }),
    authorContactId: uuid('author_contact_id').references(() => contacts.id, {
      onDelete: 'restrict',
    }),
    body: text('body').notNull(),
    /** Internal notes: agents only, never shown or announced to requesters. */
    internal: boolean('internal').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    index('messages_ticket_idx').on(t.ticketId, t.createdAt, t.id),
    check('messages_one_author', sql`num_nonnulls(${t.authorId}, ${t.authorContactId}) = 1`),
  ],
);

export const attachmentStatusEnum = pgEnum('attachment_status', ATTACHMENT_STATUSES);

export const attachments = pgTable(
  'attachments',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    /** A member's upload; else `uploadedByContact` (a file of a contact's mail): exactly one. */
    uploadedBy: uuid('uploaded_by').references(() => users.id, { onDelete: 'restrict' }),
    uploadedByContact: uuid('uploaded_by_contact').references(() => contacts.id, {
      onDelete: 'restrict',
    }),
    filename: text('filename').notNull(),
    contentType: text('content_type').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    storageKey: text('storage_key').notNull(),
    thumbnailKey: text('thumbnail_key'),
    status: attachmentStatusEnum('status').notNull().default('pending'),
    /** Why processing gave up (status `failed`): shown to the uploader. */
    failureReason: text('failure_reason'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('attachments_ticket_idx').on(t.ticketId),
    check(
      'attachments_one_uploader',
      sql`num_nonnulls(${t.uploadedBy}, ${t.uploadedByContact}) = 1`,
    ),
  ],
);

export const notificationKindEnum = pgEnum('notification_kind', NOTIFICATION_KINDS);

/**
 * In-app notifications, one row per recipient, written in the transaction of the change that
 * causes them (see notifications.ts).
 */
export const notifications = pgTable(
  'notifications',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    kind: notificationKindEnum('kind').notNull(),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    /** The ticket's subject when the notification was made: what its recipient was told. */
    ticketSubject: text('ticket_subject').notNull(),
    messageId: uuid('message_id').references(() => messages.id, { onDelete: 'cascade' }),
    actorId: uuid('actor_id').references(() => users.id, { onDelete: 'set null' }),
    readAt: timestampMs('read_at'),
    createdAt: createdAt(),
  },
  (t) => [
    index('notifications_user_idx').on(t.userId, t.createdAt, t.id),
    // The unread count reads this index alone (user and organization: a reader's organizations).
    index('notifications_unread_org_idx').on(t.userId, t.orgId).where(sql`read_at is null`),
    // A ticket's or a message's removal finds its notifications by these (the foreign keys'
    // cascades), not by scanning the table once per row removed.
    index('notifications_ticket_idx').on(t.ticketId),
    index('notifications_message_idx').on(t.messageId).where(sql`message_id is not null`),
  ],
);

export const exportStatusEnum = pgEnum('export_status', EXPORT_STATUSES);

/**
 * Organization exports (JSON Lines, gzip), made by a job flow (see exports.ts); at most
 * one running per organization.
 */
export const exports = pgTable(
  'exports',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    requestedBy: uuid('requested_by').references(() => users.id, { onDelete: 'set null' }),
    status: exportStatusEnum('status').notNull().default('running'),
    /** Where the file is kept (storage key), once ready. */
    fileKey: text('file_key'),
    lines: integer('lines'),
    bytes: bigint('bytes', { mode: 'number' }),
    /** SHA-256 of the uncompressed content. */
    sha256: text('sha256'),
    /**
     * How many parts its flow was planned with (the relay, as it adds the flow): what is removed of
     * an export that lost its jobs.
     */
    parts: integer('parts'),
    createdAt: createdAt(),
    finishedAt: timestampMs('finished_at'),
  },
  (t) => [
    index('exports_org_idx').on(t.orgId, t.createdAt),
    uniqueIndex('exports_one_running_key').on(t.orgId).where(sql`status = 'running'`),
  ],
);

/** Analytics rollups, one row per organization, refreshed by the worker's schedule. */
export const orgAnalytics = pgTable('org_analytics', {
  orgId: uuid('org_id')
    .primaryKey()
    .references(() => organizations.id, { onDelete: 'cascade' }),
  byStatus: jsonb('by_status').$type<Record<string, number>>().notNull(),
  createdLast7Days: integer('created_last_7_days').notNull(),
  medianFirstResponseSeconds: integer('median_first_response_seconds'),
  updatedAt: timestampMs('updated_at').notNull().defaultNow(),
});

/**
 * An organization's business calendar for its service levels (one at most; none means around
 * the clock, UTC). Owner: sla/calendars.ts.
 */
export const slaCalendars = pgTable('sla_calendars', {
  orgId: uuid('org_id')
    .primaryKey()
    .references(() => organizations.id, { onDelete: 'cascade' }),
  timeZone: text('time_zone').notNull(),
  /** `[{day, start, end}]`, minutes of the local day (sla/business-time.ts). */
  weekly: jsonb('weekly').$type<{ day: string; start: number; end: number }[]>().notNull(),
  /** `[{date}]` or `[{yearly}]`. */
  holidays: jsonb('holidays').$type<({ date: string } | { yearly: string })[]>().notNull(),
  /** An iCalendar URL whose events are days off too (sla/ical.ts; imported by the worker). */
  icsUrl: text('ics_url'),
  /** The holidays of its last successful import (kept when a later one fails). */
  icsHolidays: jsonb('ics_holidays')
    .$type<({ date: string } | { yearly: string })[]>()
    .notNull()
    .default([]),
  /** Which of the feed's events count (sla/ical-filter.ts; `{}`: every one). */
  icsFilter: jsonb('ics_filter').$type<Record<string, unknown>>().notNull().default({}),
  /** The last import's outcome: `{at, ok, error?, events?, skipped?, reasons?, filtered?}`. */
  icsStatus: jsonb('ics_status').$type<Record<string, unknown>>(),
  updatedAt: updatedAt(),
});

/** Service-level policies: targets in business minutes, chosen per ticket. Owner: sla/policies.ts. */
export const slaPolicies = pgTable(
  'sla_policies',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** Earlier policies are tried first; the default one applies when none matches. */
    position: integer('position').notNull(),
    isDefault: boolean('is_default').notNull().default(false),
    priorities: jsonb('priorities').$type<string[]>().notNull(),
    pausedStatuses: jsonb('paused_statuses').$type<string[]>().notNull(),
    firstResponseMinutes: integer('first_response_minutes'),
    nextResponseMinutes: integer('next_response_minutes'),
    resolutionMinutes: integer('resolution_minutes'),
    warningMinutes: integer('warning_minutes'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('sla_policies_org_name_key').on(t.orgId, t.name),
    uniqueIndex('sla_policies_one_default_key').on(t.orgId).where(sql`is_default`),
    index('sla_policies_org_position_idx').on(t.orgId, t.position),
  ],
);

/**
 * Every status a ticket took, written by the trigger `tickets_status_history`: the history the
 * service-level clocks are computed from. Owner: sla/ticket-slas.ts.
 */
export const ticketStatusChanges = pgTable(
  'ticket_status_changes',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    status: ticketStatusEnum('status').notNull(),
    at: timestampMs('at').notNull().defaultNow(),
  },
  (t) => [index('ticket_status_changes_ticket_idx').on(t.ticketId, t.at, t.id)],
);

/**
 * A ticket's service-level timers as last computed (sla/timers.ts), with the version its delayed
 * check jobs carry: a job of an older version does nothing. Owner: sla/ticket-slas.ts.
 */
export const ticketSlas = pgTable(
  'ticket_slas',
  {
    ticketId: uuid('ticket_id')
      .primaryKey()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    policyId: uuid('policy_id').references(() => slaPolicies.id, { onDelete: 'set null' }),
    policyName: text('policy_name'),
    firstResponseDueAt: timestampMs('first_response_due_at'),
    nextResponseDueAt: timestampMs('next_response_due_at'),
    resolutionDueAt: timestampMs('resolution_due_at'),
    /** Targets met late or breached before their clock stopped, as of the computation. */
    breached: jsonb('breached').$type<string[]>().notNull(),
    /** Every timer (target, cycle, due, warning, met, stopped), for the check jobs. */
    timers: jsonb('timers').$type<unknown[]>().notNull(),
    version: integer('version').notNull().default(1),
    /** The one check job scheduled for this version (removed when a new version replaces it). */
    jobId: text('job_id'),
    updatedAt: updatedAt(),
  },
  (t) => [index('ticket_slas_org_idx').on(t.orgId)],
);

/**
 * Each warning and breach that fired: the unique key makes it fire once per ticket, target, cycle
 * (a next-response clock's message) and kind, inserted in the transaction of its outbox event.
 * Owner: sla/ticket-slas.ts.
 */
export const slaFirings = pgTable(
  'sla_firings',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    policyId: uuid('policy_id').references(() => slaPolicies.id, { onDelete: 'set null' }),
    target: text('target').notNull(),
    cycle: text('cycle').notNull(),
    kind: text('kind').notNull(),
    dueAt: timestampMs('due_at').notNull(),
    firedAt: timestampMs('fired_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('sla_firings_once_key').on(t.ticketId, t.target, t.cycle, t.kind),
    index('sla_firings_org_idx').on(t.orgId, t.firedAt),
  ],
);

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
});

export const inboundStatusEnum = pgEnum('inbound_status', INBOUND_STATUSES);
export const inboundAuthPolicyEnum = pgEnum('inbound_auth_policy', INBOUND_AUTH_POLICIES);

/**
 * Every mail the SMTP ingress accepted, raw, recorded before its 250 (with the outbox event that
 * sets off its processing, in one transaction): a crash after the 250 loses nothing. One row per
 * Message-ID in an organization (a mail without one is keyed by its content's digest).
 */
export const inboundEmails = pgTable(
  'inbound_emails',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    messageKey: text('message_key').notNull(),
    mailFrom: text('mail_from').notNull(),
    rcptTo: text('rcpt_to').notNull(),
    remoteAddress: text('remote_address').notNull(),
    helo: text('helo').notNull(),
    raw: bytea('raw').notNull(),
    size: integer('size').notNull(),
    status: inboundStatusEnum('status').notNull().default('received'),
    /** Why it ended as it did (dropped, held, refused, failed): for the organization's admins. */
    outcome: text('outcome'),
    /** SPF, DKIM and DMARC as evaluated (mailauth), and whether the policy flagged it. */
    authentication: jsonb('authentication').$type<Record<string, unknown>>(),
    ticketId: uuid('ticket_id').references(() => tickets.id, { onDelete: 'set null' }),
    messageId: uuid('message_id').references(() => messages.id, { onDelete: 'set null' }),
    receivedAt: timestampMs('received_at').notNull().defaultNow(),
    processedAt: timestampMs('processed_at'),
  },
  (t) => [
    uniqueIndex('inbound_emails_org_message_key').on(t.orgId, t.messageKey),
    index('inbound_emails_org_received_idx').on(t.orgId, t.receivedAt),
    index('inbound_emails_org_sender_idx').on(t.orgId, sql`lower(${t.mailFrom})`, t.receivedAt),
    // A ticket's or a message's removal clears its mails' links by these (`set null`).
    index('inbound_emails_ticket_idx').on(t.ticketId).where(sql`ticket_id is not null`),
    index('inbound_emails_message_idx').on(t.messageId).where(sql`message_id is not null`),
  ],
);

/**
 * Per organization: its inbound address (`<slug>@INBOUND_DOMAIN`; none without a row) and what to
 * do with mail that fails SPF/DKIM/DMARC (default `flag`).
 */
export const inboundSettings = pgTable(
  'inbound_settings',
  {
    orgId: uuid('org_id')
      .primaryKey()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    slug: text('slug').notNull(),
    authPolicy: inboundAuthPolicyEnum('auth_policy').notNull().default('flag'),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('inbound_settings_slug_key').on(sql`lower(${t.slug})`)],
);
