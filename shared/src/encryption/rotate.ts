import { sql } from 'drizzle-orm';
import type { Executor } from '../db';
import type { Cipher } from './cipher';
import { encryptedColumns } from './columns';

const BATCH = 200;

/**
 * Re-encrypts every encrypted value not under the current key yet. Online (small batches, each
 * row updated only if it still holds the value that was read, so a concurrent write wins) and
 * idempotent (a second run finds nothing to do). Returns the number of values re-encrypted per
 * column.
 */
export async function rotateEncryption(
  db: Executor,
  cipher: Cipher,
): Promise<Record<string, number>> {
  const done: Record<string, number> = {};
  const current = `v1.${cipher.currentKid}.%`;
  for (const column of encryptedColumns) {
    const table = sql.identifier(column.table);
    const field = sql.identifier(column.column);
    let rotated = 0;
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows = await db.execute<{ id: string; value: string }>(sql`
        select id, ${field} as value from ${table}
         where ${field} is not null and ${field} not like ${current} and id > ${after}
         order by id limit ${BATCH}`);
      if (rows.length === 0) break;
      for (const row of rows) {
        const context = column.context(row.id);
        const fresh = cipher.encrypt(cipher.decrypt(row.value, context), context);
        const updated = await db.execute(sql`
          update ${table} set ${field} = ${fresh}
           where id = ${row.id} and ${field} = ${row.value} returning id`);
        rotated += updated.length;
      }
      after = rows.at(-1)?.id ?? after;
    }
    done[`${column.table}.${column.column}`] = rotated;
  }
  return done;
}
