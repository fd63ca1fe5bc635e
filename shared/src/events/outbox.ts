import { type Executor, schema } from '../db';
import { type EventData, type EventType, events } from './catalog';

/**
 * Channel the relay LISTENs on. A trigger on the outbox table notifies it (migration 0002); the
 * notification is delivered when the writing transaction commits.
 */
export const OUTBOX_CHANNEL = 'insightdesk_outbox';

/**
 * Records an event in the outbox, in the caller's transaction: it is announced if and only if
 * the change commits, even when Valkey is away at that moment.
 */
export async function recordEvent<T extends EventType>(
  tx: Executor,
  /** null for events of no organization (account emails). */
  orgId: string | null,
  type: T,
  data: EventData<T>,
): Promise<void> {
  const payload = events[type].data.parse(data);
  await tx.insert(schema.outbox).values({ orgId, type, payload });
}
