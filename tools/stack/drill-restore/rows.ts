import type postgres from 'postgres';
import type { RowCounts } from './checker';

// What PostgreSQL itself says was committed, and when: the drill's cluster runs with
// track_commit_timestamp on, so every row version carries the commit time of the transaction that
// wrote it — the very time recovery compares with its target. Each side is read as
// (table, hash of the row, committed at or before the target?).

export interface RowVersion {
  readonly table: string;
  readonly hash: string;
  /** Committed at or before the target (a frozen row's time is unknown: counted before). */
  readonly beforeTarget: boolean;
}

/** Every row of every table outside PostgreSQL's own schemas. */
export async function rowVersions(sql: postgres.Sql, target: string): Promise<RowVersion[]> {
  const tables = await sql<{ name: string }[]>`
    select format('%I.%I', schemaname, tablename) as name from pg_tables
     where schemaname not in ('pg_catalog', 'information_schema') order by 1`;
  const out: RowVersion[] = [];
  for (const { name } of tables) {
    const rows = await sql.unsafe<{ hash: string; before: boolean }[]>(
      `select md5(t::text) as hash,
              coalesce(pg_xact_commit_timestamp(t.xmin) <= $1::timestamptz, true) as before
         from ${name} t`,
      [target],
    );
    for (const r of rows) out.push({ table: name, hash: r.hash, beforeTarget: r.before });
  }
  return out;
}

/**
 * Rows committed before the target that the restored cluster lacks (by content, each copy
 * counted), and rows of the restored cluster committed after it.
 */
export function compareRows(
  beforeLoss: readonly RowVersion[],
  restored: readonly RowVersion[],
): RowCounts {
  const key = (r: RowVersion) => `${r.table}\u0000${r.hash}`;
  const have = new Map<string, number>();
  for (const r of restored) have.set(key(r), (have.get(key(r)) ?? 0) + 1);
  let missing = 0;
  const expected = beforeLoss.filter((r) => r.beforeTarget);
  for (const r of expected) {
    const left = have.get(key(r)) ?? 0;
    if (left === 0) missing++;
    else have.set(key(r), left - 1);
  }
  return {
    beforeTarget: expected.length,
    missing,
    afterTarget: restored.filter((r) => !r.beforeTarget).length,
  };
}

/** The tracked changes' keys in the outbox, with their organization. */
export async function outboxKeys(
  sql: postgres.Sql,
  types: readonly string[],
  keyOf: (type: string, data: unknown) => string | null,
): Promise<Map<string, string>> {
  const rows = await sql<{ type: string; org_id: string; payload: string }[]>`
    select type, org_id, payload::text as payload from outbox where type = any(${types as string[]})`;
  const keys = new Map<string, string>();
  for (const r of rows) {
    const key = keyOf(r.type, JSON.parse(r.payload));
    if (key) keys.set(key, r.org_id);
  }
  return keys;
}

/** When the last transaction this cluster knows of committed (ms since the epoch). */
export async function lastCommit(sql: postgres.Sql): Promise<number> {
  const [row] = await sql<{ at: number | null }[]>`
    select (extract(epoch from (pg_last_committed_xact()).timestamp) * 1000)::float8 as at`;
  if (row?.at === null || row?.at === undefined) throw new Error('no commit timestamp known');
  return row.at;
}
