import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { id, timestampMs } from './columns';

/**
 * The audit log, owned by `shared/src/audit/log.ts`: append-only, one hash chain per organization
 * and one for the deployment (`organization_id` null: account-level and operators' acts). Each
 * row stores the hash of the row before it in its chain and its own (SHA-256 over that hash and
 * the row's canonical JSON). The migration adds what PostgreSQL enforces: a trigger that refuses
 * UPDATE, DELETE and TRUNCATE (but the retention function's deletes) and checks each insert links
 * to its chain's head, and `audit_prune`, the one way to drop old rows. The services' role may
 * only INSERT and SELECT it (`shared/src/db/roles.ts`).
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: id(),
    /** No foreign key: the trail outlives the organization (and an FK's cascade would delete). */
    organizationId: uuid('organization_id'),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    at: timestampMs('at').notNull(),
    /** 'user', 'operator' (a platform operator), 'system' (jobs, CLIs) or 'anonymous'. */
    actorType: text('actor_type').notNull(),
    actorId: uuid('actor_id'),
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    address: text('address'),
    userAgent: text('user_agent'),
    requestId: text('request_id'),
    /** What changed, without secrets; hashed in its canonical form (sorted keys). */
    change: jsonb('change').notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    unique('audit_log_chain_seq').on(t.organizationId, t.seq).nullsNotDistinct(),
    // The deployment's chain's head (`organization_id is null order by seq desc limit 1`, read by
    // every append and its trigger): `is null` does not let the planner walk the unique index above
    // in `seq` order, so without this one each append sorted the whole chain.
    index('audit_log_deployment_head_idx').on(t.seq).where(sql`organization_id is null`),
    index('audit_log_list_idx').on(t.organizationId, t.at.desc(), t.id.desc()),
    index('audit_log_at_idx').on(t.at),
    // An account's own entries of the deployment's chain (`GET /me/audit-log`): acts on it, by it.
    index('audit_log_account_target_idx')
      .on(t.targetId, t.at.desc())
      .where(sql`organization_id is null and target_type = 'user'`),
    index('audit_log_account_actor_idx')
      .on(t.actorId, t.at.desc())
      .where(sql`organization_id is null`),
  ],
);

/**
 * Where a chain now starts once retention dropped its oldest rows: the seq and hash of the last
 * row dropped, so the first row kept still verifies. Written only by `audit_prune`; a trigger
 * admits an anchor only at a row of its chain older than the configured retention, moving forward.
 */
export const auditAnchors = pgTable('audit_anchors', {
  /** The organization's id, or 'deployment'. */
  chain: text('chain').primaryKey(),
  seq: bigint('seq', { mode: 'number' }).notNull(),
  hash: text('hash').notNull(),
  dropped: bigint('dropped', { mode: 'number' }).notNull().default(0),
  updatedAt: timestampMs('updated_at').notNull().defaultNow(),
});

/**
 * Retention as configured, one row, owned by `shared/src/audit/retention.ts`: written by the owner
 * of the schema after its migrations (`AUDIT_RETENTION_DAYS`), read by `audit_prune` and the
 * audit log's triggers. A trigger refuses every write but the table owner's, whatever the grants;
 * the services' role may only read it. 0 keeps every row forever.
 */
export const auditSettings = pgTable(
  'audit_settings',
  {
    id: boolean('id').primaryKey().default(true),
    retentionDays: integer('retention_days').notNull().default(0),
    updatedAt: timestampMs('updated_at').notNull().defaultNow(),
  },
  (t) => [
    check('audit_settings_one_row', sql`${t.id}`),
    check('audit_settings_retention_days', sql`${t.retentionDays} >= 0`),
  ],
);
