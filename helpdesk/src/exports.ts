import { readAuditTrail } from '@insightdesk/shared/audit';
import {
  type Db,
  type Executor,
  isoText,
  isUniqueViolation,
  type Position,
} from '@insightdesk/shared/db';
import { ConflictError, NotFoundError } from '@insightdesk/shared/errors';
import { enterOrg, isUuid, memberRole, type OrgScope } from '@insightdesk/shared/tenancy';
import { sql } from 'drizzle-orm';
import { permits } from './access';
import { recordEvent } from './event-writer';
import { helpdeskLadder } from './roles';
import type { EXPORT_STATUSES } from './schemas';
import { everyNthTicket, exportedMessagePage, exportedTickets } from './tickets/export-read-model';

/**
 * Organization exports: the one owner of the `exports` table. An export is a job flow (see the
 * worker's processors/exports.ts): one child job per page of tickets writes its part, the parent
 * assembles them into one gzipped JSON Lines file (a ticket per line, with its messages, then the
 * organization's audit trail: `auditSection`), mails
 * the requester a signed link and announces `export.ready`.
 */

const EXPORT_PAGE_SIZE = 1000;
/** How long the mailed link works. */
export const EXPORT_LINK_TTL_SECONDS = 24 * 3600;

export interface ExportRow {
  readonly id: string;
  readonly orgId: string;
  readonly requestedBy: string | null;
  readonly status: (typeof EXPORT_STATUSES)[number];
  readonly fileKey: string | null;
  readonly lines: number | null;
  readonly bytes: number | null;
  readonly sha256: string | null;
  readonly createdAt: string;
  readonly finishedAt: string | null;
}

type Raw = {
  id: string;
  org_id: string;
  requested_by: string | null;
  status: ExportRow['status'];
  file_key: string | null;
  lines: number | null;
  bytes: string | number | null;
  sha256: string | null;
  created_at: string;
  finished_at: string | null;
};

const toRow = (r: Raw): ExportRow => ({
  id: r.id,
  orgId: r.org_id,
  requestedBy: r.requested_by,
  status: r.status,
  fileKey: r.file_key,
  lines: r.lines,
  bytes: r.bytes === null ? null : Number(r.bytes),
  sha256: r.sha256,
  createdAt: r.created_at,
  finishedAt: r.finished_at,
});

const columns = sql`id, org_id, requested_by, status, file_key, lines, bytes, sha256,
  ${isoText(sql`created_at`)} as created_at, ${isoText(sql`finished_at`)} as finished_at`;

/** Where an export's parts and file live. */
export const exportKeys = {
  part: (orgId: string, exportId: string, part: number) =>
    `exports/${orgId}/${exportId}/part-${part}.jsonl.gz`,
  /** Every part of an export planned in `count` parts. */
  parts: (orgId: string, exportId: string, count: number) =>
    Array.from({ length: count }, (_, part) => exportKeys.part(orgId, exportId, part)),
  file: (orgId: string, exportId: string) => `exports/${orgId}/${exportId}.jsonl.gz`,
};

/** Starts an export (409 while another one of the organization runs); the flow follows from its event. */
export async function startExport(tx: Executor, scope: OrgScope): Promise<ExportRow> {
  try {
    const [row] = await tx.execute<Raw>(sql`
      insert into exports (id, org_id, requested_by) values (${Bun.randomUUIDv7()}, ${scope.orgId}, ${scope.userId})
      returning ${columns}`);
    if (!row) throw new Error('insert returned nothing');
    await recordEvent(tx, scope.orgId, 'export.requested', { exportId: row.id });
    return toRow(row);
  } catch (err) {
    if (isUniqueViolation(err, 'exports_one_running_key'))
      throw new ConflictError(
        'export_running',
        'An export of this organization is already running.',
      );
    throw err;
  }
}

export async function getExport(
  db: Executor,
  scope: OrgScope,
  exportId: string,
): Promise<ExportRow> {
  const [row] = isUuid(exportId)
    ? await db.execute<Raw>(
        sql`select ${columns} from exports where org_id = ${scope.orgId} and id = ${exportId}`,
      )
    : [];
  if (!row) throw new NotFoundError('export_not_found', 'No such export.');
  return toRow(row);
}

/** For the worker (no member behind it): the export, whatever its organization. */
export async function exportById(db: Executor, exportId: string): Promise<ExportRow | null> {
  const [row] = await db.execute<Raw>(sql`select ${columns} from exports where id = ${exportId}`);
  return row ? toRow(row) : null;
}

/**
 * Whether the export's requester may still have it: the jobs of an export act for the member who
 * asked, and check it when they run — a member removed (or demoted) meanwhile gets no file and
 * no mail. Their scope, when they may (what the jobs read the organization's data with).
 */
export async function requesterScope(db: Executor, row: ExportRow): Promise<OrgScope | null> {
  if (!row.requestedBy) return null;
  const role = await memberRole(db, row.orgId, row.requestedBy);
  if (role === null || !permits(role, 'export.read')) return null;
  // The role was just read from the table: the scope is made from it, not from a cached one.
  const known = {
    roles: helpdeskLadder,
    roleOf: async () => role,
    ssoRequired: async () => false,
    invalidate: async () => {},
    forgetSsoRequired: async () => {},
  };
  // A job: the request that started the export entered the organization already.
  return enterOrg(known, { userId: row.requestedBy, reach: 'job' }, row.orgId, role);
}

export async function requesterMayHave(db: Executor, row: ExportRow): Promise<boolean> {
  return (await requesterScope(db, row)) !== null;
}

/** How an exported audit entry's hash is made (said in the file, for whoever verifies it). */
export const AUDIT_HASH_RULE =
  "hash = hex SHA-256 of prevHash followed by the canonical JSON (RFC 8785) of the entry without prevHash and hash; the first entry's prevHash is the anchor's hash (64 zeros without an anchor), each next one the hash before it";

/**
 * The audit section that ends an export, after the tickets: one `{"auditTrail": …}` line (the
 * chain's anchor and head, the number of entries, how a hash is made), then one
 * `{"auditEntry": …}` line per entry, oldest first, every field the hash covers — so that the
 * trail can be verified offline, without our code. Written a page of entries at a time.
 */
export async function writeAuditSection(
  db: Db,
  scope: OrgScope,
  write: (text: string) => Promise<void>,
): Promise<void> {
  await readAuditTrail(db, scope, {
    trail: ({ anchor, entries, head }) =>
      write(
        `${JSON.stringify({
          auditTrail: {
            organizationId: scope.orgId,
            entries,
            anchor,
            head,
            hashRule: AUDIT_HASH_RULE,
          },
        })}\n`,
      ),
    page: (entries) =>
      write(entries.map((entry) => `${JSON.stringify({ auditEntry: entry })}\n`).join('')),
  });
}

/** The page boundaries: part n holds the tickets after `bounds[n-1]` up to `bounds[n]` (keyset). */
export async function exportPlan(db: Executor, orgId: string): Promise<(Position | null)[]> {
  // The last part runs to the end (null), however many tickets came meanwhile.
  return [...(await everyNthTicket(db, orgId, EXPORT_PAGE_SIZE)), null];
}

/** Tickets read at once, each with its thread when that is short (`exportedTickets`). */
const TICKETS_AT_ONCE = 100;
/** A long thread's messages read at once (at most 20,000 characters each). */
const MESSAGES_AT_ONCE = 25;

/**
 * One part: the tickets after `after` up to `until` (inclusive; null: the end), oldest first,
 * each with its messages (internal notes included: exports are for admins), one JSON per line,
 * handed to `write` as it is read — what is held at once is a page, never a part or a thread.
 * Answers how many lines (tickets) it wrote. Run it in one snapshot (a repeatable read
 * transaction): the pages then see the part as one statement would.
 */
export async function writeExportPart(
  db: Executor,
  orgId: string,
  range: { after: Position | null; until: Position | null },
  write: (text: string) => Promise<void>,
): Promise<number> {
  let lines = 0;
  let cursor: Position | null = null;
  for (;;) {
    const tickets = await exportedTickets(db, orgId, range, cursor, TICKETS_AT_ONCE);
    for (const ticket of tickets) {
      // The head is a JSON object whose last field the messages are: `{…, "messages" : […]}`,
      // written as PostgreSQL's json_build_object and json_agg write them.
      await write(`${ticket.head.slice(0, -1)}, "messages" : `);
      if (ticket.messages !== null) await write(ticket.messages);
      else await writeThread(db, ticket.position.id, write);
      await write('}\n');
      lines++;
    }
    const last = tickets.at(-1);
    if (!last || tickets.length < TICKETS_AT_ONCE) return lines;
    cursor = last.position;
  }
}

async function writeThread(db: Executor, ticketId: string, write: (text: string) => Promise<void>) {
  let cursor: { at: string; id: string } | null = null;
  await write('[');
  for (;;) {
    const page = await exportedMessagePage(db, ticketId, cursor, MESSAGES_AT_ONCE);
    for (const [i, message] of page.entries()) {
      if (cursor || i > 0) await write(', ');
      await write(message.json);
    }
    const last = page.at(-1);
    if (!last || page.length < MESSAGES_AT_ONCE) break;
    cursor = { at: last.at, id: last.id };
  }
  await write(']');
}

/** The file is stored: the export is ready, announced (event and email) once. */
export async function markExportReady(
  tx: Executor,
  exportId: string,
  file: { key: string; lines: number; bytes: number; sha256: string },
): Promise<boolean> {
  const [row] = await tx.execute<Raw>(sql`
    update exports set status = 'ready', file_key = ${file.key}, lines = ${file.lines},
                       bytes = ${file.bytes}, sha256 = ${file.sha256}, finished_at = now()
     where id = ${exportId} and status = 'running'
     returning ${columns}`);
  if (!row) return false; // done by an earlier run
  await recordEvent(tx, row.org_id, 'export.ready', {
    exportId,
    requestedBy: row.requested_by,
    lines: file.lines,
    bytes: file.bytes,
  });
  return true;
}

export async function markExportFailed(db: Executor, exportId: string): Promise<void> {
  await db.execute(sql`
    update exports set status = 'failed', finished_at = now()
     where id = ${exportId} and status = 'running'`);
}

/** What an export's download is called, by the day (UTC) it was asked for. */
export const exportFilename = (day: string) => `insightdesk-export-${day.slice(0, 10)}.jsonl.gz`;

/** What a signed file URL serves for an export file (the api's file route). */
export async function exportFileMeta(
  db: Executor,
  key: string,
): Promise<{ contentType: string; filename: string } | null> {
  const [row] = await db.execute<{ day: string }>(sql`
    select to_char(created_at at time zone 'UTC', 'YYYY-MM-DD') as day
      from exports where file_key = ${key}`);
  return row ? { contentType: 'application/gzip', filename: exportFilename(row.day) } : null;
}

/**
 * Records how many parts an export's flow was planned with, in the relay's transaction that adds
 * the flow. A row relayed again may plan more (tickets came meanwhile) while BullMQ keeps the
 * first flow: the larger count is kept, a part never written being nothing to remove.
 */
export async function recordExportParts(db: Executor, exportId: string, parts: number) {
  await db.execute(sql`
    update exports set parts = greatest(coalesce(parts, 0), ${parts}) where id = ${exportId}`);
}

/**
 * Maintenance: an export still running a day after it was asked for has lost its jobs (Valkey lost
 * them past the outbox's week, or BullMQ failed its assembly as stalled, which runs no clean-up):
 * failed, so that its organization may export again (one running export at a time). Answers,
 * for each one, the parts it may have written (storage keys), to be deleted. An export writes
 * 1 GiB at most (EXPORT_MAX_BYTES), in minutes.
 */
export async function failAbandonedExports(db: Executor): Promise<string[][]> {
  const rows = await db.execute<{ id: string; org_id: string; parts: number | null }>(sql`
    update exports set status = 'failed', finished_at = now()
     where status = 'running' and created_at < now() - interval '1 day'
    returning id, org_id, parts`);
  return rows.map((r) => exportKeys.parts(r.org_id, r.id, r.parts ?? 0));
}

/** Maintenance: exports finished more than 7 days ago; answers their files, to be deleted. */
export async function purgeExports(db: Executor): Promise<string[]> {
  const rows = await db.execute<{ file_key: string | null }>(sql`
    delete from exports where finished_at < now() - interval '7 days' returning file_key`);
  return rows.flatMap((r) => (r.file_key ? [r.file_key] : []));
}
