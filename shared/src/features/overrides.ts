import { sql } from 'drizzle-orm';
import type { Executor } from '../db';

/** The one owner of the `feature_overrides` table. */

export interface FeatureOverride {
  /** A declared flag's name (the route checks it against the deployment's flags). */
  readonly flag: string;
  /** null: for every organization. */
  readonly orgId: string | null;
  readonly enabled: boolean;
}

/** Every override (a handful of rows: loaded whole into each instance). */
export async function listOverrides(db: Executor): Promise<FeatureOverride[]> {
  const rows = await db.execute<{ flag: string; org_id: string | null; enabled: boolean }>(
    sql`select flag, org_id, enabled from feature_overrides`,
  );
  return rows.map((r) => ({ flag: r.flag, orgId: r.org_id, enabled: r.enabled }));
}

export async function setOverride(
  db: Executor,
  override: FeatureOverride,
  updatedBy: string,
): Promise<void> {
  await db.execute(sql`
    insert into feature_overrides (flag, org_id, enabled, updated_by)
    values (${override.flag}, ${override.orgId}, ${override.enabled}, ${updatedBy})
    on conflict on constraint feature_overrides_key
    do update set enabled = excluded.enabled, updated_by = excluded.updated_by, updated_at = now()`);
}
