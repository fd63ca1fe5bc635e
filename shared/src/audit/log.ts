import { and, asc, desc, eq, gt, gte, isNull, lt, lte, or, type SQL, sql } from 'drizzle-orm';
import { type Db, type Executor, schema } from '../db';
import { decodeCursor, type Page, toPage } from '../db/pagination';
import { eventWriter } from '../events/outbox';
import type { OrgScope } from '../tenancy/org-access';
import type { ActorType, AuditAction, AuditRecord } from './actions';
import { canonicalJson, chainHash, GENESIS_HASH } from './canonical';
import { auditEvents } from './events';
import { type ChainLink, type SavedHeadStatus, savedHeadStatus, tailCut } from './head';

const { record: recordAuditEvent } = eventWriter(auditEvents);

/**
 * The one owner of `audit_log` and `audit_anchors` (retention's setting: `./retention.ts`).
 * Appends are serialized per chain (an organization's, or the deployment's: `organizationId`
 * null) by a transaction-level advisory lock, and run in the transaction of the act they record
 * where there is one: the entry exists if and only if the act committed.
 */

/** Where the request came from (the route kit's `auditRequest`). */
export interface AuditRequest {
  readonly address?: string | undefined;
  readonly userAgent?: string | undefined;
  readonly requestId?: string | undefined;
}

export interface AuditEntry {
  /** The organization's chain, or null for the deployment's (account-level, operators). */
  readonly organizationId: string | null;
  readonly actor: { readonly type: ActorType; readonly id?: string | null };
  readonly action: AuditAction;
  readonly target?: { readonly type: string; readonly id: string } | null;
  /** What changed: ids, names, roles, flags — never a secret, token, code or password. */
  readonly change?: Record<string, unknown>;
  readonly request?: AuditRequest;
}

export type AuditRow = typeof schema.auditLog.$inferSelect;

const DEPLOYMENT_CHAIN = 'deployment';
const chainOf = (organizationId: string | null) => organizationId ?? DEPLOYMENT_CHAIN;
const inChain = (organizationId: string | null) =>
  organizationId === null
    ? isNull(schema.auditLog.organizationId)
    : eq(schema.auditLog.organizationId, organizationId);
const bounded = (value: string | undefined, max: number) =>
  value === undefined || value === '' ? null : value.slice(0, max);

/** The text a row's hash covers: every column but the hashes, in canonical JSON. */
export function canonicalRow(row: Omit<AuditRow, 'prevHash' | 'hash'>): string {
  return canonicalJson({
    id: row.id,
    organizationId: row.organizationId,
    seq: row.seq,
    at: row.at.toISOString(),
    actor: { type: row.actorType, id: row.actorId },
    action: row.action,
    target: row.targetType === null ? null : { type: row.targetType, id: row.targetId },
    address: row.address,
    userAgent: row.userAgent,
    requestId: row.requestId,
    change: row.change,
  });
}

/** Where a chain ends now: its last row, or the anchor retention left, or its start. */
async function headOf(tx: Executor, organizationId: string | null) {
  const [last] = await tx
    .select({ seq: schema.auditLog.seq, hash: schema.auditLog.hash })
    .from(schema.auditLog)
    .where(inChain(organizationId))
    .orderBy(desc(schema.auditLog.seq))
    .limit(1);
  return last ?? (await anchorOf(tx, organizationId)) ?? { seq: 0, hash: GENESIS_HASH };
}

async function anchorOf(tx: Executor, organizationId: string | null) {
  const [anchor] = await tx
    .select({ seq: schema.auditAnchors.seq, hash: schema.auditAnchors.hash })
    .from(schema.auditAnchors)
    .where(eq(schema.auditAnchors.chain, chainOf(organizationId)));
  return anchor;
}

/**
 * Appends one entry to its chain. Call it with the transaction of the act (a savepoint is taken
 * if it is one; otherwise a transaction of its own): the chain's lock is held until that commits.
 * The database checks the link again (the `audit_log_link` trigger).
 */
export async function recordAudit(db: Executor, entry: AuditEntry): Promise<AuditRecord> {
  // The change goes through JSON once, as it will be read back from jsonb.
  const change = JSON.parse(canonicalJson(entry.change ?? {})) as Record<string, unknown>;
  return db.transaction(async (tx) => {
    const chain = chainOf(entry.organizationId);
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`insightdesk:audit:${chain}`}))`);
    const head = await headOf(tx, entry.organizationId);
    const row = {
      id: Bun.randomUUIDv7(),
      organizationId: entry.organizationId,
      seq: head.seq + 1,
      at: new Date(),
      actorType: entry.actor.type,
      actorId: entry.actor.id ?? null,
      action: entry.action,
      targetType: entry.target?.type ?? null,
      targetId: entry.target?.id ?? null,
      address: bounded(entry.request?.address, 64),
      userAgent: bounded(entry.request?.userAgent, 512),
      requestId: bounded(entry.request?.requestId, 64),
      change,
    };
    const stored = { ...row, prevHash: head.hash, hash: chainHash(head.hash, canonicalRow(row)) };
    await tx.insert(schema.auditLog).values(stored);
    const record = toRecord(stored);
    // An organization's entries are announced too (`audit.<action>`): webhooks deliver them.
    if (entry.organizationId !== null)
      await recordAuditEvent(tx, entry.organizationId, `audit.${entry.action}`, record);
    return record;
  });
}

function toRecord(row: AuditRow): AuditRecord {
  return {
    id: row.id,
    organizationId: row.organizationId,
    seq: row.seq,
    at: row.at.toISOString(),
    actor: { type: row.actorType as ActorType, id: row.actorId },
    action: row.action as AuditAction,
    target: row.targetType === null ? null : { type: row.targetType, id: row.targetId ?? '' },
    address: row.address,
    userAgent: row.userAgent,
    requestId: row.requestId,
    change: row.change as Record<string, unknown>,
    prevHash: row.prevHash,
    hash: row.hash,
  };
}

export interface AuditFilter {
  readonly action?: AuditAction | undefined;
  readonly actorId?: string | undefined;
  readonly since?: Date | undefined;
  readonly until?: Date | undefined;
  readonly limit: number;
  readonly cursor?: string | undefined;
}

/** A chain's entries matching `where`, newest first (keyset on at, id), filtered. */
async function listEntries(
  db: Executor,
  where: SQL | undefined,
  filter: AuditFilter,
): Promise<Page<AuditRecord>> {
  const t = schema.auditLog;
  const after = decodeCursor(filter.cursor);
  const conditions: (SQL | undefined)[] = [
    where,
    filter.action ? eq(t.action, filter.action) : undefined,
    filter.actorId ? eq(t.actorId, filter.actorId) : undefined,
    filter.since ? gte(t.at, filter.since) : undefined,
    filter.until ? lte(t.at, filter.until) : undefined,
    after ? or(lt(t.at, after.at), and(eq(t.at, after.at), lt(t.id, after.id))) : undefined,
  ];
  const rows = await db
    .select()
    .from(t)
    .where(and(...conditions))
    .orderBy(desc(t.at), desc(t.id))
    .limit(filter.limit + 1);
  return toPage(rows, filter.limit, toRecord, (r) => ({ at: r.at, id: r.id }));
}

/** An organization's entries, newest first (keyset on at, id), filtered. */
export function listAuditLog(
  db: Executor,
  scope: OrgScope,
  filter: AuditFilter,
): Promise<Page<AuditRecord>> {
  return listEntries(db, inChain(scope.orgId), filter);
}

/**
 * One account's entries of the deployment's chain — its logins and failed logins, second
 * factor, password and sessions: the acts on it (target) and by it (actor) — newest first.
 * Entries of organizations' chains are their admins' to read, not here.
 */
export function listAccountAuditLog(
  db: Executor,
  userId: string,
  filter: Omit<AuditFilter, 'actorId'>,
): Promise<Page<AuditRecord>> {
  const t = schema.auditLog;
  const mine = or(and(eq(t.targetType, 'user'), eq(t.targetId, userId)), eq(t.actorId, userId));
  return listEntries(db, and(inChain(null), mine), filter);
}

/**
 * Any chain's entries, for platform operators (the route checks who asks; there is no member's
 * scope): the deployment's (`organizationId` null) or one organization's.
 */
export function listChainForOperators(
  db: Executor,
  organizationId: string | null,
  filter: AuditFilter,
): Promise<Page<AuditRecord>> {
  return listEntries(db, inChain(organizationId), filter);
}

type BrokenReason = 'row altered' | 'link broken' | 'row missing' | 'tail cut';

export interface ChainVerification {
  readonly valid: boolean;
  /** Rows checked (from the anchor, or the first row, to the head). */
  readonly checked: number;
  /** Where the chain starts: the last row retention dropped, or none. */
  readonly anchor: ChainLink | null;
  /** The last row checked (keep it elsewhere, and give it to a later verify: a cut tail shows). */
  readonly head: ChainLink | null;
  /** The first broken link, when not valid (a cut tail's first missing row has no id). */
  readonly firstBroken?: {
    readonly seq: number;
    readonly id?: string;
    readonly reason: BrokenReason;
  };
  /** The head saved earlier that was given, and what became of it. */
  readonly savedHead?: ChainLink & { readonly status: SavedHeadStatus };
  /** Given a saved head: whether rows after it were removed or written again. */
  readonly tailCut?: boolean;
}

const VERIFY_BATCH = 1000;

/**
 * Walks a chain in seq order and computes every hash again: the first row whose seq does not
 * follow, whose prev_hash is not the hash before it, or whose content no longer gives its hash,
 * is named. Given a head saved earlier (`saved`), the chain must still hold it: its row gone
 * past the chain's end, or there with another hash, is a cut tail (`tail cut`).
 */
export async function verifyChain(
  db: Executor,
  organizationId: string | null,
  saved?: ChainLink,
): Promise<ChainVerification> {
  const walked = await walkChain(db, organizationId);
  if (!saved) return walked;
  const [row] = await db
    .select({ id: schema.auditLog.id, hash: schema.auditLog.hash })
    .from(schema.auditLog)
    .where(and(inChain(organizationId), eq(schema.auditLog.seq, saved.seq)));
  const status = savedHeadStatus(saved, row, walked.anchor);
  const cut = tailCut(status);
  const verification = { ...walked, savedHead: { ...saved, status }, tailCut: cut };
  if (!cut || walked.firstBroken) return { ...verification, valid: walked.valid && !cut };
  // Written again from the saved head on (its row, or the anchor, has another hash), or removed
  // after the chain's last row (the first missing one follows it).
  const end = (walked.head ?? walked.anchor)?.seq ?? 0;
  const firstBroken =
    status === 'differs'
      ? { seq: saved.seq, ...(row ? { id: row.id } : {}), reason: 'tail cut' as const }
      : { seq: end + 1, reason: 'tail cut' as const };
  return { ...verification, valid: false, firstBroken };
}

async function walkChain(db: Executor, organizationId: string | null): Promise<ChainVerification> {
  const anchor = (await anchorOf(db, organizationId)) ?? null;
  let prev = anchor ?? { seq: 0, hash: GENESIS_HASH };
  let checked = 0;
  let head: { seq: number; hash: string } | null = null;
  for (;;) {
    const rows = await db
      .select()
      .from(schema.auditLog)
      .where(and(inChain(organizationId), gt(schema.auditLog.seq, head?.seq ?? prev.seq)))
      .orderBy(asc(schema.auditLog.seq))
      .limit(VERIFY_BATCH);
    for (const row of rows) {
      const broken = (reason: BrokenReason) => ({
        valid: false,
        checked,
        anchor,
        head,
        firstBroken: { seq: row.seq, id: row.id, reason },
      });
      if (row.seq !== prev.seq + 1) return broken('row missing');
      if (row.prevHash !== prev.hash) return broken('link broken');
      if (chainHash(row.prevHash, canonicalRow(row)) !== row.hash) return broken('row altered');
      checked += 1;
      prev = { seq: row.seq, hash: row.hash };
      head = prev;
    }
    if (rows.length < VERIFY_BATCH) return { valid: true, checked, anchor, head };
  }
}

/** The chains that have rows (the CLI verifies each). */
export async function auditChains(db: Executor): Promise<(string | null)[]> {
  const rows = await db
    .selectDistinct({ organizationId: schema.auditLog.organizationId })
    .from(schema.auditLog);
  return rows.map((r) => r.organizationId);
}

/**
 * Retention: drops, per chain, the rows older than the configured retention (`audit_settings`,
 * written when migrations run from AUDIT_RETENTION_DAYS; 0 drops nothing) — a prefix of the
 * chain — and keeps the hash of the last one dropped as the chain's anchor. It runs as the owner
 * of the schema (`audit_prune`, SECURITY DEFINER): the services' role may neither delete nor say
 * how much.
 */
export async function pruneAuditLog(db: Executor): Promise<number> {
  const [row] = (await db.execute(sql`select audit_prune()::bigint as dropped`)) as unknown as {
    dropped: string | number;
  }[];
  return Number(row?.dropped ?? 0);
}

/** Retention as a purge of the maintenance job (the database's setting says what goes). */
export const auditRetentionPurge = () => ({
  name: 'auditLog',
  run: (db: Executor) => pruneAuditLog(db),
});

/** What an organization's export says of its chain before its entries: enough to verify it offline. */
export interface AuditTrail {
  /** Where the exported entries start: the last row retention dropped, or none (seq 1 first). */
  readonly anchor: { readonly seq: number; readonly hash: string } | null;
  /** How many entries are kept. */
  readonly entries: number;
  /** The last of them, or none. */
  readonly head: { readonly seq: number; readonly hash: string } | null;
}

const TRAIL_PAGE = 1000;

/**
 * An organization's chain for its export, read in one snapshot so that a retention run meanwhile
 * cannot leave a gap between the anchor and the rows: what it is (`trail`), then every entry,
 * oldest first, a page at a time (`page`, awaited before the next page is read) — a chain of
 * years is never held whole.
 */
export async function readAuditTrail(
  db: Db,
  scope: OrgScope,
  visit: {
    trail(trail: AuditTrail): Promise<void>;
    page(entries: AuditRecord[]): Promise<void>;
  },
): Promise<void> {
  const inOrg = eq(schema.auditLog.organizationId, scope.orgId);
  await db.transaction(
    async (tx) => {
      const [count] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(schema.auditLog)
        .where(inOrg);
      const [head] = await tx
        .select({ seq: schema.auditLog.seq, hash: schema.auditLog.hash })
        .from(schema.auditLog)
        .where(inOrg)
        .orderBy(desc(schema.auditLog.seq))
        .limit(1);
      await visit.trail({
        anchor: (await anchorOf(tx, scope.orgId)) ?? null,
        entries: count?.n ?? 0,
        head: head ?? null,
      });
      let after = 0;
      for (;;) {
        const rows = await tx
          .select()
          .from(schema.auditLog)
          .where(and(inOrg, gt(schema.auditLog.seq, after)))
          .orderBy(asc(schema.auditLog.seq))
          .limit(TRAIL_PAGE);
        if (rows.length > 0) await visit.page(rows.map(toRecord));
        if (rows.length < TRAIL_PAGE) return;
        after = rows.at(-1)?.seq ?? after;
      }
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}
