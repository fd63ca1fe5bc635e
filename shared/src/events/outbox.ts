import { sql } from 'drizzle-orm';
import { type Executor, isoText, notifyAfterCommit, sendWithCommit, statement } from '../db';
import { activeTraceparent } from '../tracing';
import type { EventCatalog, EventData, EventType } from './define';

/**
 * The transactional outbox: the one owner of the `outbox` table. Writers record events in the
 * transaction of their change; the worker's relay claims batches, hands each row to the effects
 * that handle its type and marks them relayed; maintenance purges what was relayed long ago.
 */

/**
 * Channel the relay LISTENs on. `recordEvents` notifies it once the writing transaction has
 * committed (notifyAfterCommit, shared/src/db/wake.ts), not from within it: a NOTIFY inside a
 * transaction makes every writer's commit wait for the others' (no trigger on `outbox` notifies).
 */
export const OUTBOX_CHANNEL = 'insightdesk_outbox';

/** An outbox row as the relay hands it to its effects. */
export interface OutboxRow {
  readonly id: number;
  /** null for events of no organization (account emails). */
  readonly orgId: string | null;
  readonly type: string;
  readonly payload: unknown;
  readonly createdAt: string;
  /** The recording span's traceparent (tracing on), the relay's parent. */
  readonly traceParent: string | null;
}

/** An event checked against its declaration, to be recorded (`recordEvents`). */
export interface PendingEvent {
  readonly type: string;
  readonly payload: unknown;
}

/** One event (most changes announce one): its text rendered once (statement()). */
const recordOne = statement<
  never,
  { orgId: string | null; type: string; payload: string; traceParent: string | null }
>(
  sql`insert into outbox (org_id, type, payload, trace_parent) values (${sql.placeholder('orgId')}, ${sql.placeholder('type')}, ${sql.placeholder('payload')}::jsonb, ${sql.placeholder('traceParent')})`,
);

/**
 * Records events in the outbox, in the caller's transaction and in the given order, in one
 * statement: they are announced if and only if the change commits, even when Valkey is away at
 * that moment.
 */
export async function recordEvents(
  tx: Executor,
  /** null for events of no organization (account emails). */
  orgId: string | null,
  pending: readonly PendingEvent[],
): Promise<void> {
  if (pending.length === 0) return;
  const traceParent = activeTraceparent();
  const [only] = pending;
  // Sent ahead of the transaction's COMMIT, unanswered till then (sendWithCommit): nothing in a
  // transaction reads the outbox it writes, and a round trip per change is saved.
  if (pending.length === 1 && only) {
    await recordOne.withCommit(tx, {
      orgId,
      type: only.type,
      payload: JSON.stringify(only.payload),
      traceParent,
    });
  } else {
    const rows = pending.map(
      (e) => sql`(${orgId}, ${e.type}, ${JSON.stringify(e.payload)}::jsonb, ${traceParent})`,
    );
    await sendWithCommit(
      tx,
      sql`insert into outbox (org_id, type, payload, trace_parent) values ${sql.join(rows, sql`, `)}`,
    );
  }
  await notifyAfterCommit(tx, OUTBOX_CHANNEL);
}

/**
 * What writes the events of one catalogue (the platform's, or a product's): the compiler checks
 * each payload against its type's declaration, and zod checks it again before it is recorded.
 */
export function eventWriter<C extends EventCatalog>(catalog: C) {
  /** Checks `data` against the event's declaration now; recorded later with others, in order. */
  function pending<T extends EventType<C>>(type: T, data: EventData<C, T>): PendingEvent {
    const declaration = catalog[type];
    if (!declaration) throw new Error(`undeclared event type ${type}`);
    return { type, payload: declaration.data.parse(data) };
  }
  return {
    pending,
    /** Records one event in the outbox, in the caller's transaction (see `recordEvents`). */
    record<T extends EventType<C>>(
      tx: Executor,
      orgId: string | null,
      type: T,
      data: EventData<C, T>,
    ): Promise<void> {
      return recordEvents(tx, orgId, [pending(type, data)]);
    },
  };
}

/**
 * The next committed rows not relayed yet, oldest first, locked for this transaction — or none
 * when another relay holds the relay's advisory lock (one relay at a time keeps the order).
 * `FOR UPDATE SKIP LOCKED`: a row is never handed to two relays.
 */
export async function claimOutboxBatch(tx: Executor, limit: number): Promise<OutboxRow[]> {
  const [lock] = await tx.execute<{ locked: boolean }>(
    sql`select pg_try_advisory_xact_lock(hashtext('insightdesk:outbox-relay')) as locked`,
  );
  if (!lock?.locked) return [];
  const rows = await tx.execute<StoredRow>(sql`
    select ${ROW_COLUMNS} from outbox
     where relayed_at is null
     order by id
     limit ${limit}
       for update skip locked`);
  return rows.map(outboxRow);
}

type StoredRow = {
  id: string;
  org_id: string | null;
  type: string;
  payload: unknown;
  created_at: string;
  trace_parent: string | null;
};

const ROW_COLUMNS = sql`id, org_id, type, payload, ${isoText(sql`created_at`)} as created_at, trace_parent`;

const outboxRow = (r: StoredRow): OutboxRow => ({
  id: Number(r.id),
  orgId: r.org_id,
  type: r.type,
  payload: r.payload,
  createdAt: r.created_at,
  traceParent: r.trace_parent,
});

/** In the claiming transaction: these rows went through every effect. */
export async function markOutboxRelayed(tx: Executor, ids: readonly number[]): Promise<void> {
  await tx.execute(sql`update outbox set relayed_at = now(), attempts = attempts + 1
                        where id = any(${`{${ids.join(',')}}`}::bigint[])`);
}

/** Why a row was set aside: its declaration refused it, or its effects failed on it. */
export type ParkedWhy = 'refused' | 'failing';

/**
 * In the claiming transaction: rows the relay will not hand to their effects, moved to
 * `outbox_parked` with why and the reason (words, never the payload's values), so that the rows
 * behind them go on.
 */
export async function parkOutboxRows(
  tx: Executor,
  parked: readonly { readonly id: number; readonly why: ParkedWhy; readonly reason: string }[],
): Promise<void> {
  if (parked.length === 0) return;
  await tx.execute(sql`
    with moved as (
      delete from outbox o
       using jsonb_to_recordset(${JSON.stringify(parked)}::jsonb) as r(id bigint, why text, reason text)
       where o.id = r.id
      returning o.*, r.why, r.reason)
    insert into outbox_parked (id, org_id, type, payload, created_at, trace_parent, attempts, why, reason)
    select id, org_id, type, payload, created_at, trace_parent, attempts, why, reason from moved`);
}

/** In the claiming transaction: one more failed attempt of row `id`'s effects; how many now. */
export async function countOutboxFailure(tx: Executor, id: number): Promise<number> {
  const [row] = await tx.execute<{ attempts: number }>(
    sql`update outbox set attempts = attempts + 1 where id = ${id} returning attempts`,
  );
  return row?.attempts ?? 0;
}

/** Rows parked as `refused`, after `afterId`, in id order: what a newer catalogue may admit. */
export async function refusedOutboxPage(
  db: Executor,
  afterId: number,
  limit: number,
): Promise<Pick<OutboxRow, 'id' | 'type' | 'payload'>[]> {
  const rows = await db.execute<{ id: string; type: string; payload: unknown }>(sql`
    select id, type, payload from outbox_parked
     where why = 'refused' and id > ${afterId}
     order by id limit ${limit}`);
  return rows.map((r) => ({ id: Number(r.id), type: r.type, payload: r.payload }));
}

/**
 * Parked rows moved back into the outbox as they were — their ids, times and attempts — so the
 * relay takes them first (the oldest ids), and what their effects key on their id (webhook
 * deliveries, job ids) recognizes what was done already. How many moved.
 */
export async function unparkOutboxRows(db: Executor, ids: readonly number[]): Promise<number> {
  if (ids.length === 0) return 0;
  const rows = await db.execute(sql`
    with moved as (
      delete from outbox_parked where id = any(${`{${ids.join(',')}}`}::bigint[]) returning *)
    insert into outbox (id, org_id, type, payload, created_at, trace_parent, attempts)
    select id, org_id, type, payload, created_at, trace_parent, attempts from moved
    returning id`);
  await notifyAfterCommit(db, OUTBOX_CHANNEL);
  return rows.length;
}

/**
 * Rows of `types` relayed already, before `beforeId` (null: from the newest), newest first: what
 * `redriveOutbox` hands to the effects whose work lived in Valkey, after it lost its data. The
 * newest come first because their jobs are the likeliest to have been still queued. The outbox
 * keeps relayed rows for a week (`purgeRelayedOutbox`), so that is as far back as it reaches.
 */
export async function relayedOutboxPage(
  db: Executor,
  types: readonly string[],
  beforeId: number | null,
  limit: number,
): Promise<OutboxRow[]> {
  if (types.length === 0) return [];
  const rows = await db.execute<StoredRow>(sql`
    select ${ROW_COLUMNS} from outbox
     where relayed_at is not null and (${beforeId}::bigint is null or id < ${beforeId}::bigint)
       and type = any(${`{${types.map((t) => `"${t}"`).join(',')}}`}::text[])
     order by id desc
     limit ${limit}`);
  return rows.map(outboxRow);
}

/** Rows waiting to be relayed (a gauge). */
export async function countPendingOutbox(db: Executor): Promise<number> {
  const [row] = await db.execute<{ n: number }>(
    sql`select count(*)::int as n from outbox where relayed_at is null`,
  );
  return row?.n ?? 0;
}

/** Maintenance: rows relayed more than a week ago. */
export async function purgeRelayedOutbox(db: Executor): Promise<number> {
  const rows = await db.execute(
    sql`delete from outbox where relayed_at < now() - interval '7 days' returning id`,
  );
  return rows.length;
}

/** Maintenance: parked rows set aside more than 30 days ago (time enough to look at them). */
export async function purgeParkedOutbox(db: Executor): Promise<number> {
  const rows = await db.execute(
    sql`delete from outbox_parked where parked_at < now() - interval '30 days' returning id`,
  );
  return rows.length;
}
