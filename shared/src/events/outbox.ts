import { sql } from 'drizzle-orm';
import type { Executor } from '../db';
import { type EventData, type EventType, events } from './catalog';

/**
 * Channel the relay LISTENs on. A trigger on the outbox table notifies it (migration 0002); the
 * notification is delivered when the writing transaction commits.
 */
export const OUTBOX_CHANNEL = 'insightdesk_outbox';

/** An event checked against its declaration, to be recorded (`recordEvents`). */
export interface PendingEvent {
  readonly type: EventType;
  readonly payload: unknown;
}

/** Checks `data` against the event's declaration now; recorded later with others, in order. */
export function pendingEvent<T extends EventType>(type: T, data: EventData<T>): PendingEvent {
  return { type, payload: events[type].data.parse(data) };
}

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
  const rows = pending.map((e) => sql`(${orgId}, ${e.type}, ${JSON.stringify(e.payload)}::jsonb)`);
  await tx.execute(
    sql`insert into outbox (org_id, type, payload) values ${sql.join(rows, sql`, `)}`,
  );
}

/** Records one event in the outbox, in the caller's transaction (see `recordEvents`). */
export function recordEvent<T extends EventType>(
  tx: Executor,
  orgId: string | null,
  type: T,
  data: EventData<T>,
): Promise<void> {
  return recordEvents(tx, orgId, [pendingEvent(type, data)]);
}
