import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, timestampMs } from './columns';

/**
 * Transactional outbox: written in the same transaction as the change it announces, relayed by
 * the worker (real-time events, emails) in id order.
 */
export const outbox = pgTable(
  'outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orgId: uuid('org_id'),
    type: text('type').notNull(),
    payload: jsonb('payload').notNull(),
    createdAt: createdAt(),
    relayedAt: timestampMs('relayed_at'),
    attempts: integer('attempts').notNull().default(0),
    /** W3C traceparent of the span that recorded the event (tracing on), carried to the relay. */
    traceParent: text('trace_parent'),
  },
  (t) => [
    index('outbox_pending_idx').on(t.id).where(sql`relayed_at is null`),
    index('outbox_relayed_idx').on(t.relayedAt),
  ],
);

/**
 * Outbox rows the relay set aside (dead letters): a payload its event's declaration no longer
 * admits, an undeclared type, or a row whose effects failed for its own sake (a programming or
 * data error) three times. Kept out of `outbox` so that one such row never holds up the rows
 * behind it; an operator relays one again by moving it back (docs/background-work.md).
 */
export const outboxParked = pgTable(
  'outbox_parked',
  {
    /** The row's id in `outbox`. */
    id: bigint('id', { mode: 'number' }).primaryKey(),
    orgId: uuid('org_id'),
    type: text('type').notNull(),
    payload: jsonb('payload').notNull(),
    createdAt: timestampMs('created_at').notNull(),
    traceParent: text('trace_parent'),
    /** Its effects' failed attempts (none for a row its declaration refused). */
    attempts: integer('attempts').notNull(),
    /** `refused` (by its event's declaration) or `failing` (its effects, on its own data). */
    why: text('why').notNull(),
    /** In words, where and never what: the declaration's complaint, or the error's kind and place. */
    reason: text('reason').notNull(),
    parkedAt: timestampMs('parked_at').notNull().defaultNow(),
  },
  (t) => [index('outbox_parked_at_idx').on(t.parkedAt)],
);

/** Idempotency-Key records: the first response to a POST, replayed for a repeat. */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    /** The caller (user id, or client address for anonymous routes). */
    scope: text('scope').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    /** null while the first request is still being processed. */
    status: integer('status'),
    responseBody: text('response_body'),
    responseHeaders: jsonb('response_headers').$type<Record<string, string>>(),
    createdAt: createdAt(),
    expiresAt: timestampMs('expires_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.scope, t.key] }),
    index('idempotency_expires_idx').on(t.expiresAt),
  ],
);

/**
 * Emails by dedupe key, owned by `shared/src/mail/deliveries.ts`: a claim (`claim_token`, held
 * until `claimed_until`) while one attempt sends, then `sent_at` once the SMTP server took the
 * message. A job that runs twice finds the key and sends nothing.
 */
export const emailDeliveries = pgTable(
  'email_deliveries',
  {
    dedupeKey: text('dedupe_key').primaryKey(),
    recipient: text('recipient').notNull(),
    template: text('template').notNull(),
    messageId: text('message_id'),
    claimToken: uuid('claim_token'),
    claimedUntil: timestampMs('claimed_until'),
    sentAt: timestampMs('sent_at'),
  },
  // Inbound replies are threaded by their In-Reply-To/References against our Message-IDs
  // (mail/deliveries.ts, deliveriesByMessageId): without it each reply scans every mail sent.
  (t) => [index('email_deliveries_message_id_idx').on(t.messageId)],
);
