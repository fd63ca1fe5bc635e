import { sql } from 'drizzle-orm';
import { type OwnerSetting, schema } from '../db';

/**
 * The one owner of `audit_settings`: audit retention as configured (`AUDIT_RETENTION_DAYS`),
 * written by the owner of the schema when migrations run (`migrateAsOwner`), and read by
 * `audit_prune` and the audit log's triggers — the services' role may read it, never change it
 * (a trigger refuses every write but the table owner's). 0 keeps every row forever.
 */
export function auditRetentionSetting(retentionDays: number): OwnerSetting {
  const t = schema.auditSettings;
  return {
    name: 'AUDIT_RETENTION_DAYS',
    async holds(database) {
      const [row] = await database.db.select({ days: t.retentionDays }).from(t);
      return row?.days === retentionDays;
    },
    async apply(owner) {
      await owner.db.update(t).set({ retentionDays, updatedAt: sql`now()` });
    },
  };
}
