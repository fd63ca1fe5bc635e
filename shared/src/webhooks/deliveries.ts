import { sql } from 'drizzle-orm';
import { type Executor, isoText } from '../db';
import { decodeCursor, type Page, toPage } from '../db/pagination';
import { NotFoundError } from '../errors';
import { isUuid, type OrgScope } from '../tenancy/org-access';

/**
 * The one owner of `webhook_deliveries` (one message per event and endpoint: its body and where
 * its retries stand) and `webhook_attempts` (the delivery log: every attempt, its status or
 * error, latency and the start of the answer — never a secret).
 */

/** How much of an answer the log keeps. */
export const EXCERPT_BYTES = 1024;
/** Attempts a delivery in the log lists (the latest). */
const ATTEMPTS_LISTED = 20;

export type DeliveryStatus = 'pending' | 'succeeded' | 'failed';

export interface DeliveryAttempt {
  readonly at: string;
  readonly statusCode: number | null;
  readonly error: string | null;
  readonly latencyMs: number;
  readonly responseExcerpt: string;
  readonly succeeded: boolean;
}

export interface WebhookDelivery {
  readonly id: string;
  /** `webhook-id`: the same at every attempt. */
  readonly messageId: string;
  readonly eventType: string;
  readonly status: DeliveryStatus;
  readonly nextAttemptAt: string | null;
  readonly createdAt: string;
  /** The latest attempts, newest first. */
  readonly attempts: DeliveryAttempt[];
}

/** What an attempt needs of its delivery. */
export interface DeliveryToSend {
  readonly id: string;
  readonly orgId: string;
  readonly endpointId: string;
  readonly messageId: string;
  readonly body: string;
  readonly status: DeliveryStatus;
  /** Attempts made in this run (a redelivery starts a new run). */
  readonly attempts: number;
}

const notFound = () => new NotFoundError('delivery_not_found', 'No such delivery.');

/**
 * The delivery of one relayed event to one endpoint, created by its first attempt (or found: a
 * job run again finds the one it created, with its `webhook-id`).
 */
export async function ensureDelivery(
  db: Executor,
  input: { outboxId: number; endpointId: string; orgId: string; eventType: string; body: string },
): Promise<DeliveryToSend | null> {
  const id = Bun.randomUUIDv7();
  await db.execute(sql`
    insert into webhook_deliveries (id, org_id, endpoint_id, outbox_id, message_id, event_type, body)
    select ${id}, ${input.orgId}, ${input.endpointId}, ${input.outboxId}, ${`msg_${id.replaceAll('-', '')}`},
           ${input.eventType}, ${input.body}
     where exists (select 1 from webhook_endpoints where id = ${input.endpointId})
    on conflict (outbox_id, endpoint_id) do nothing`);
  const [row] = await db.execute<{ id: string }>(sql`
    select id from webhook_deliveries
     where outbox_id = ${input.outboxId} and endpoint_id = ${input.endpointId}`);
  return row ? deliveryToSend(db, row.id) : null;
}

export async function deliveryToSend(db: Executor, id: string): Promise<DeliveryToSend | null> {
  const [row] = await db.execute<{
    id: string;
    org_id: string;
    endpoint_id: string;
    message_id: string;
    body: string;
    status: DeliveryStatus;
    attempts: number;
  }>(sql`
    select id, org_id, endpoint_id, message_id, body, status, attempts
      from webhook_deliveries where id = ${id}`);
  if (!row) return null;
  return {
    id: row.id,
    orgId: row.org_id,
    endpointId: row.endpoint_id,
    messageId: row.message_id,
    body: row.body,
    status: row.status,
    attempts: row.attempts,
  };
}

/**
 * Logs one attempt and moves the delivery on: `succeeded`, `failed` (no retry left), or
 * `pending` with the time of the next attempt. Answers the attempts made in this run.
 */
export async function recordAttempt(
  tx: Executor,
  deliveryId: string,
  attempt: {
    statusCode: number | null;
    error: string | null;
    latencyMs: number;
    responseExcerpt: string;
    succeeded: boolean;
  },
  next: { status: DeliveryStatus; nextAttemptAt: Date | null },
): Promise<void> {
  const excerpt = Buffer.from(attempt.responseExcerpt)
    .subarray(0, EXCERPT_BYTES)
    .toString('utf8')
    .replace(/\uFFFD$/, '')
    .replaceAll('\u0000', '');
  await tx.execute(sql`
    insert into webhook_attempts (id, delivery_id, status_code, error, latency_ms, response_excerpt, succeeded)
    values (${Bun.randomUUIDv7()}, ${deliveryId}, ${attempt.statusCode}, ${attempt.error?.slice(0, 500) ?? null},
            ${attempt.latencyMs}, ${excerpt}, ${attempt.succeeded})`);
  await tx.execute(sql`
    update webhook_deliveries
       set attempts = attempts + 1, status = ${next.status},
           next_attempt_at = ${next.nextAttemptAt?.toISOString() ?? null}, updated_at = now()
     where id = ${deliveryId}`);
}

/** A delivery that will not be attempted (its endpoint is off or gone). */
export async function abandonDelivery(db: Executor, deliveryId: string): Promise<void> {
  await db.execute(sql`
    update webhook_deliveries set status = 'failed', next_attempt_at = null, updated_at = now()
     where id = ${deliveryId} and status = 'pending'`);
}

/** An endpoint's deliveries, newest first, each with its latest attempts. */
export async function listDeliveries(
  db: Executor,
  scope: OrgScope,
  endpointId: string,
  page: { limit: number; cursor?: string },
): Promise<Page<WebhookDelivery>> {
  if (!isUuid(endpointId))
    throw new NotFoundError('webhook_not_found', 'No such webhook endpoint.');
  const before = decodeCursor(page.cursor);
  const rows = await db.execute<{
    id: string;
    message_id: string;
    event_type: string;
    status: DeliveryStatus;
    next_attempt_at: string | null;
    created_at: string;
    attempts: DeliveryAttempt[] | null;
  }>(sql`
    select d.id, d.message_id, d.event_type, d.status,
           ${isoText(sql`d.next_attempt_at`)} as next_attempt_at, ${isoText(sql`d.created_at`)} as created_at,
           (select json_agg(a order by a.at desc) from (
              select ${isoText(sql`attempted_at`)} as at, status_code as "statusCode", error,
                     latency_ms as "latencyMs", response_excerpt as "responseExcerpt", succeeded
                from webhook_attempts where delivery_id = d.id
               order by attempted_at desc limit ${ATTEMPTS_LISTED}) a) as attempts
      from webhook_deliveries d
     where d.org_id = ${scope.orgId} and d.endpoint_id = ${endpointId}
       ${before ? sql`and (d.created_at, d.id) < (${before.at.toISOString()}::timestamptz, ${before.id}::uuid)` : sql``}
     order by d.created_at desc, d.id desc
     limit ${page.limit + 1}`);
  return toPage(
    rows,
    page.limit,
    (r) => ({
      id: r.id,
      messageId: r.message_id,
      eventType: r.event_type,
      status: r.status,
      nextAttemptAt: r.next_attempt_at,
      createdAt: r.created_at,
      attempts: r.attempts ?? [],
    }),
    (r) => ({ at: new Date(r.created_at), id: r.id }),
  );
}

/**
 * A delivery of the organization's endpoint made pending again, for a new run of attempts (under
 * the same `webhook-id`). 404 for another's.
 */
export async function restartDelivery(
  tx: Executor,
  scope: OrgScope,
  endpointId: string,
  deliveryId: string,
): Promise<void> {
  if (!isUuid(endpointId) || !isUuid(deliveryId)) throw notFound();
  const rows = await tx.execute(sql`
    update webhook_deliveries set status = 'pending', attempts = 0, next_attempt_at = now(), updated_at = now()
     where org_id = ${scope.orgId} and endpoint_id = ${endpointId} and id = ${deliveryId}
     returning id`);
  if (rows.length === 0) throw notFound();
}

/**
 * Every failed delivery of the endpoint since `since` made pending again (at most `limit`, the
 * oldest first); answers their ids.
 */
export async function restartFailedDeliveries(
  tx: Executor,
  endpointId: string,
  since: Date,
  limit: number,
): Promise<string[]> {
  const rows = await tx.execute<{ id: string }>(sql`
    update webhook_deliveries set status = 'pending', attempts = 0, next_attempt_at = now(), updated_at = now()
     where id in (select id from webhook_deliveries
                   where endpoint_id = ${endpointId} and status = 'failed' and created_at >= ${since.toISOString()}
                   order by created_at, id limit ${limit})
     returning id`);
  return rows.map((r) => r.id);
}

/**
 * The deliveries still to be made, `limit` after delivery `after`: what is queued again, each for
 * its next attempt's time, when Valkey lost its data (their jobs went with it). Among them those
 * whose event the outbox let go of: a delivery's retries, each held back up to a day by
 * `Retry-After`, can outlast the outbox's week.
 */
export async function pendingDeliveries(
  db: Executor,
  after: string | null,
  limit: number,
): Promise<{ id: string; orgId: string; endpointId: string; nextAttemptAt: Date | null }[]> {
  const rows = await db.execute<{
    id: string;
    org_id: string;
    endpoint_id: string;
    next_attempt_at: string | null;
  }>(sql`
    select id, org_id, endpoint_id, ${isoText(sql`next_attempt_at`)} as next_attempt_at
      from webhook_deliveries
     where status = 'pending' ${after ? sql`and id > ${after}` : sql``}
     order by id
     limit ${limit}`);
  return rows.map((r) => ({
    id: r.id,
    orgId: r.org_id,
    endpointId: r.endpoint_id,
    nextAttemptAt: r.next_attempt_at ? new Date(r.next_attempt_at) : null,
  }));
}

/**
 * Takes the delivery's next attempt for the job that runs it: the delivery must be pending and
 * due (its next attempt's time come, give or take a second of the clocks; none set: at once).
 * Taken, it is not due again for `leaseMs` (an attempt killed midway is made again then), and
 * the attempt's record sets what follows. Two jobs of one delivery — after Valkey lost its data,
 * the outbox's re-drive and the recovery of pending deliveries both queue one — thus never make
 * an attempt twice, nor before `Retry-After`. Answers `taken`, the time it is due when not yet,
 * or null when it is no longer pending.
 */
export async function takeAttempt(
  db: Executor,
  deliveryId: string,
  leaseMs: number,
): Promise<'taken' | Date | null> {
  const [row] = await db.execute<{
    taken: boolean;
    status: DeliveryStatus;
    due: string | null;
  }>(sql`
    with taken as (
      update webhook_deliveries set next_attempt_at = now() + ${leaseMs} * interval '1 millisecond'
       where id = ${deliveryId} and status = 'pending'
         and (next_attempt_at is null or next_attempt_at <= now() + interval '1 second')
      returning id)
    select exists (select 1 from taken) as taken, d.status,
           ${isoText(sql`d.next_attempt_at`)} as due
      from webhook_deliveries d where d.id = ${deliveryId}`);
  if (row?.status !== 'pending') return null;
  if (row.taken) return 'taken';
  return row.due ? new Date(row.due) : null;
}

/** Maintenance: deliveries (and their attempts) older than the retention. */
export function purgeWebhookDeliveries(retentionDays: number) {
  return async (db: Executor): Promise<number> => {
    const rows = await db.execute(sql`
      delete from webhook_deliveries
       where created_at < now() - ${retentionDays} * interval '1 day' and status <> 'pending'
      returning id`);
    return rows.length;
  };
}
