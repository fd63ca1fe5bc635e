import {
  type Executor,
  fixed,
  isoText,
  isUniqueViolation,
  isUuid,
  statement,
} from '@insightdesk/shared/db';
import { ConflictError, NotFoundError } from '@insightdesk/shared/errors';
import { and, eq, sql } from 'drizzle-orm';
import { schema } from '../db';
import type { TicketPriority, TicketStatus } from '../schemas';
import type { SlaPolicy } from './timers';

/** The one owner of `sla_policies`: an organization's service-level policies. */

const { slaPolicies } = schema;

export interface PolicyInput {
  readonly name: string;
  readonly priorities: readonly TicketPriority[];
  readonly pausedStatuses: readonly TicketStatus[];
  readonly targets: {
    readonly firstResponse: number | null;
    readonly nextResponse: number | null;
    readonly resolution: number | null;
  };
  readonly warningMinutes: number | null;
  readonly isDefault: boolean;
  readonly position?: number | undefined;
}

export interface PolicyRow extends SlaPolicy {
  readonly position: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

type Row = typeof slaPolicies.$inferSelect;
/** A row read with plain SQL (`policyColumns`): its instants already ISO text (`isoText`). */
export type PolicyTextRow = Omit<Row, 'createdAt' | 'updatedAt'> & {
  createdAt: string;
  updatedAt: string;
};
const isoOf = (at: Date | string) => (typeof at === 'string' ? at : at.toISOString());
export const toPolicy = (r: Row | PolicyTextRow): PolicyRow => ({
  id: r.id,
  name: r.name,
  priorities: r.priorities as TicketPriority[],
  pausedStatuses: r.pausedStatuses as TicketStatus[],
  targets: {
    firstResponse: r.firstResponseMinutes,
    nextResponse: r.nextResponseMinutes,
    resolution: r.resolutionMinutes,
  },
  warningMinutes: r.warningMinutes,
  isDefault: r.isDefault,
  position: r.position,
  createdAt: isoOf(r.createdAt),
  updatedAt: isoOf(r.updatedAt),
});

export const policyNotFound = () =>
  new NotFoundError('sla_policy_not_found', 'No such SLA policy.');

/**
 * A policy's columns under the names of the schema's row: plain SQL, as the other hot reads are
 * (every reply and new ticket reads the policies, and drizzle's select builder cost more
 * JavaScript than the rest of the statement).
 */
export const policyColumns =
  fixed(sql`id, org_id as "orgId", name, position, is_default as "isDefault",
  priorities, paused_statuses as "pausedStatuses",
  first_response_minutes as "firstResponseMinutes", next_response_minutes as "nextResponseMinutes",
  resolution_minutes as "resolutionMinutes", warning_minutes as "warningMinutes",
  ${isoText(sql`created_at`)} as "createdAt", ${isoText(sql`updated_at`)} as "updatedAt"`);

/** The advisory lock's name (hashed to its key) for an organization's SLA settings. */
export const slaSettingsLockKey = (orgId: string) => `insightdesk:sla-settings:${orgId}`;

/**
 * Takes the lock an organization's SLA settings (its policies and calendar) are read under until
 * the transaction ends: `shared` by a change that computes one ticket's timers, `exclusive` by a
 * recomputation of all of them (refresh.ts). Timers computed from settings read before a change
 * of them committed are stored before the recomputation that change asks for, not after it
 * (the recomputation waits for them), and a ticket's change that begins during one reads the
 * settings it leaves.
 *
 * Taken before any ticket's row lock, by the recomputation and by every change alike: the
 * recomputation reads each ticket `for share` under its exclusive lock, so a change that locked
 * its ticket first and then waited here would wait on it while it waits on the change — a
 * deadlock. A change's command therefore sends it as its transaction's first statement — or,
 * a reply, takes it inside its own statement before the ticket's row (`settingsUnderLock`: the
 * database function `sla_policies_locked` takes this lock under the same key).
 *
 * Sent when called (statement()): what the transaction calls right after it, unawaited, goes out
 * behind it on the transaction's connection, and PostgreSQL starts that — and takes its
 * snapshot — only once the lock is granted. No round trip of its own.
 */
export function lockSlaSettings(
  db: Executor,
  orgId: string,
  mode: 'shared' | 'exclusive',
): Promise<unknown> {
  return settingsLock[mode](db, { key: slaSettingsLockKey(orgId) });
}

/** Rendered once (statement()): the shared one goes out with every reply. */
const settingsLock = {
  shared: statement<unknown, { key: string }>(
    sql`select pg_advisory_xact_lock_shared(hashtext(${sql.placeholder('key')}))`,
  ),
  exclusive: statement<unknown, { key: string }>(
    sql`select pg_advisory_xact_lock(hashtext(${sql.placeholder('key')}))`,
  ),
};

/** The organization's policies in the order they are tried. */
export async function listPolicies(db: Executor, orgId: string): Promise<PolicyRow[]> {
  return (await readPolicies(db, { orgId })).map(toPolicy);
}

/** Rendered once (statement()): every new ticket and change of one reads them. */
const readPolicies = statement<PolicyTextRow, { orgId: string }>(sql`
    select ${policyColumns} from sla_policies
     where org_id = ${sql.placeholder('orgId')} order by position, created_at, id`);

export async function getPolicy(db: Executor, orgId: string, id: string): Promise<PolicyRow> {
  if (!isUuid(id)) throw policyNotFound();
  const [row] = await db
    .select()
    .from(slaPolicies)
    .where(and(eq(slaPolicies.orgId, orgId), eq(slaPolicies.id, id)));
  if (!row) throw policyNotFound();
  return toPolicy(row);
}

const columnsOf = (input: PolicyInput) => ({
  name: input.name,
  priorities: [...new Set(input.priorities)],
  pausedStatuses: [...new Set(input.pausedStatuses)],
  firstResponseMinutes: input.targets.firstResponse,
  nextResponseMinutes: input.targets.nextResponse,
  resolutionMinutes: input.targets.resolution,
  warningMinutes: input.warningMinutes,
  isDefault: input.isDefault,
});

function refuseDuplicates(err: unknown): never {
  if (isUniqueViolation(err, 'sla_policies_org_name_key'))
    throw new ConflictError('sla_policy_name_taken', 'A policy of that name exists.');
  if (isUniqueViolation(err, 'sla_policies_one_default_key'))
    throw new ConflictError('sla_default_policy_exists', 'Another policy is the default.');
  throw err;
}

/** A new policy, last unless given a position; answers it. */
export async function insertPolicy(
  tx: Executor,
  orgId: string,
  input: PolicyInput,
  limit: number,
): Promise<PolicyRow> {
  const [count] = await tx
    .select({ n: sql<number>`count(*)::int`, last: sql<number>`coalesce(max(position), -1)::int` })
    .from(slaPolicies)
    .where(eq(slaPolicies.orgId, orgId));
  if ((count?.n ?? 0) >= limit)
    throw new ConflictError('sla_policy_limit', `An organization has ${limit} policies at most.`);
  try {
    const [row] = await tx
      .insert(slaPolicies)
      .values({ orgId, ...columnsOf(input), position: input.position ?? (count?.last ?? -1) + 1 })
      .returning();
    if (!row) throw new Error('insert returned nothing');
    return toPolicy(row);
  } catch (err) {
    refuseDuplicates(err);
  }
}

/** Replaces a policy's settings (its position kept unless given). */
export async function replacePolicy(
  tx: Executor,
  orgId: string,
  id: string,
  input: PolicyInput,
): Promise<PolicyRow> {
  if (!isUuid(id)) throw policyNotFound();
  try {
    const [row] = await tx
      .update(slaPolicies)
      .set({
        ...columnsOf(input),
        ...(input.position === undefined ? {} : { position: input.position }),
        updatedAt: new Date(),
      })
      .where(and(eq(slaPolicies.orgId, orgId), eq(slaPolicies.id, id)))
      .returning();
    if (!row) throw policyNotFound();
    return toPolicy(row);
  } catch (err) {
    refuseDuplicates(err);
  }
}

export async function deletePolicy(tx: Executor, orgId: string, id: string): Promise<void> {
  if (!isUuid(id)) throw policyNotFound();
  const gone = await tx
    .delete(slaPolicies)
    .where(and(eq(slaPolicies.orgId, orgId), eq(slaPolicies.id, id)))
    .returning({ id: slaPolicies.id });
  if (gone.length === 0) throw policyNotFound();
}
