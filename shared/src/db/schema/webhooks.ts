import { sql } from 'drizzle-orm';
import { bigint, boolean, index, integer, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { organizations } from './accounts';
import { createdAt, id, timestampMs, updatedAt } from './columns';

/**
 * An organization's webhook endpoints, owned by `shared/src/webhooks/endpoints.ts`. Secrets are
 * encrypted at rest (shared/src/encryption); during a rotation's grace period the previous one
 * still signs, beside the current one.
 */
export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    url: text('url').notNull(),
    description: text('description').notNull().default(''),
    eventTypes: text('event_types').array().notNull(),
    enabled: boolean('enabled').notNull().default(true),
    /** Why the platform turned it off (`gone`: 410, `failing`: no success for days), null otherwise. */
    disabledReason: text('disabled_reason'),
    secret: text('secret').notNull(),
    previousSecret: text('previous_secret'),
    previousSecretUntil: timestampMs('previous_secret_until'),
    /** The first failed attempt since the last success (null: not failing). */
    failingSince: timestampMs('failing_since'),
    lastSuccessAt: timestampMs('last_success_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('webhook_endpoints_org_idx').on(t.orgId, t.createdAt, t.id)],
);

/**
 * One message per (event, endpoint), owned by `shared/src/webhooks/deliveries.ts`: the body as
 * sent (the same at every attempt, under the same `webhook-id`) and where its retries stand.
 */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: id(),
    orgId: uuid('org_id').notNull(),
    endpointId: uuid('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    /** The outbox row it came from: with the endpoint, what makes a relayed row deliver once. */
    outboxId: bigint('outbox_id', { mode: 'number' }).notNull(),
    /** `webhook-id`: the same at every attempt and redelivery. */
    messageId: text('message_id').notNull(),
    eventType: text('event_type').notNull(),
    body: text('body').notNull(),
    /** `pending` (attempts to come), `succeeded`, `failed` (schedule spent or endpoint off). */
    status: text('status').notNull().default('pending'),
    /** Attempts in the current run (a redelivery starts a new run). */
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestampMs('next_attempt_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('webhook_deliveries_event_key').on(t.outboxId, t.endpointId),
    index('webhook_deliveries_endpoint_idx').on(t.endpointId, t.createdAt, t.id),
    index('webhook_deliveries_created_idx').on(t.createdAt),
    // What a recovery after Valkey lost its data reads: the deliveries still to be made.
    index('webhook_deliveries_pending_idx').on(t.id).where(sql`status = 'pending'`),
  ],
);

/** Every attempt of a delivery (the delivery log), owned by `shared/src/webhooks/deliveries.ts`. */
export const webhookAttempts = pgTable(
  'webhook_attempts',
  {
    id: id(),
    deliveryId: uuid('delivery_id')
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: 'cascade' }),
    attemptedAt: timestampMs('attempted_at').notNull().defaultNow(),
    /** The HTTP status, null when no answer came (`error` says why). */
    statusCode: integer('status_code'),
    error: text('error'),
    latencyMs: integer('latency_ms').notNull(),
    /** The first bytes of the answer (≤ 1 KB), as text. */
    responseExcerpt: text('response_excerpt').notNull().default(''),
    succeeded: boolean('succeeded').notNull(),
  },
  (t) => [index('webhook_attempts_delivery_idx').on(t.deliveryId, t.attemptedAt)],
);
