import type { Executor } from '../db';
import type { Cipher } from './cipher';
import type { EncryptedColumn } from './columns';

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
  /** Every encrypted column, each declared by its table's owner. */
  encryptedColumns: readonly EncryptedColumn[],
): Promise<Record<string, number>> {
  const done: Record<string, number> = {};
  const current = `v1.${cipher.currentKid}.%`;
  for (const column of encryptedColumns) {
    let rotated = 0;
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows = await column.notUnder(db, current, after, BATCH);
      if (rows.length === 0) break;
      for (const row of rows) {
        const context = column.context(row.id);
        const fresh = cipher.encrypt(cipher.decrypt(row.value, context), context);
        if (await column.replace(db, row.id, row.value, fresh)) rotated++;
      }
      after = rows.at(-1)?.id ?? after;
    }
    done[column.name] = rotated;
  }
  return done;
}
