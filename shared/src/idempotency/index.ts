import { and, eq, sql } from 'drizzle-orm';
import { type Executor, schema } from '../db';

/**
 * Idempotency-Key records: the one owner of the `idempotency_keys` table. A request's key is
 * claimed in the transaction that does its work; the answer is stored in the same transaction,
 * so a repeat finds either the stored answer or (while the first runs) waits on the row.
 */

const TTL_HOURS = 24;

export interface StoredAnswer {
  readonly requestHash: string;
  /** null while the first request is still being processed. */
  readonly status: number | null;
  readonly body: string | null;
  readonly headers: Record<string, string>;
}

const where = (scope: string, key: string) =>
  and(eq(schema.idempotencyKeys.scope, scope), eq(schema.idempotencyKeys.key, key));

/** Claims the key for this request (true), or finds it taken by an earlier one (false). */
export async function claimIdempotencyKey(
  tx: Executor,
  scope: string,
  key: string,
  requestHash: string,
): Promise<boolean> {
  const claimed = await tx
    .insert(schema.idempotencyKeys)
    .values({
      scope,
      key,
      requestHash,
      expiresAt: sql`now() + ${`${TTL_HOURS} hours`}::interval`,
    })
    .onConflictDoNothing()
    .returning({ key: schema.idempotencyKeys.key });
  return claimed.length > 0;
}

/** What the earlier request with this key answered (waits on its row if it is still running). */
export async function storedAnswer(
  tx: Executor,
  scope: string,
  key: string,
): Promise<StoredAnswer | undefined> {
  const [row] = await tx.select().from(schema.idempotencyKeys).where(where(scope, key));
  return row
    ? {
        requestHash: row.requestHash,
        status: row.status,
        body: row.responseBody,
        headers: row.responseHeaders ?? {},
      }
    : undefined;
}

export async function storeAnswer(
  tx: Executor,
  scope: string,
  key: string,
  answer: { status: number; body: string; headers: Record<string, string> },
): Promise<void> {
  await tx
    .update(schema.idempotencyKeys)
    .set({ status: answer.status, responseBody: answer.body, responseHeaders: answer.headers })
    .where(where(scope, key));
}

/** Maintenance: records past their 24 hours. */
export async function purgeIdempotencyKeys(db: Executor): Promise<number> {
  const rows = await db.execute(
    sql`delete from idempotency_keys where expires_at < now() returning key`,
  );
  return rows.length;
}
