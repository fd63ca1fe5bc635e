import {
  decodeCursor,
  type Executor,
  fixed,
  isForeignKeyViolation,
  isoText,
  type Page,
  type Position,
  statement,
  toPage,
} from '@insightdesk/shared/db';
import {
  NotFoundError,
  PreconditionFailedError,
  ValidationError,
} from '@insightdesk/shared/errors';
import { recordEvents } from '@insightdesk/shared/events';
import { isStaff, isUuid, memberRole, type OrgScope } from '@insightdesk/shared/tenancy';
import { and, eq, type SQL, sql } from 'drizzle-orm';
import { schema } from './db';
import { notify } from './notifications';
import { pendingEvent, recordEvent } from './event-writer';
import type { Ticket, TicketPriority, TicketStatus } from './schemas';
import { SLA_TARGETS, type SlaTarget, type TicketSla } from './schemas/sla';

/**
 * The one owner of the `tickets` table, of `ticket_counters` and of `ticket_search`. Its reads
 * join `users` for the names of requester and assignee (and, for notices and exports, the
 * organization's name and the ticket's messages); a new message updates its ticket and its search
 * words through a trigger (`tickets_search_on_message`, migration 0008), a ticket's subject its
 * words through another (`tickets_search_on_ticket`).
 */

const { tickets } = schema;

/**
 * The next ticket number of the organization: its counter, incremented under the counter row's
 * lock (held until the caller's transaction ends: no two tickets get the same number).
 * Undefined when the organization is gone.
 */
async function nextTicketNumber(tx: Executor, orgId: string): Promise<number | undefined> {
  try {
    const [row] = await tx.execute<{ last_number: number }>(sql`
      insert into ticket_counters (org_id, last_number) values (${orgId}, 1)
      on conflict (org_id) do update set last_number = ticket_counters.last_number + 1
      returning last_number`);
    return row?.last_number;
  } catch (err) {
    if (isForeignKeyViolation(err, 'ticket_counters_org_id_organizations_id_fk')) return undefined;
    throw err;
  }
}

/**
 * A ticket's requester: a member (`requester_id`) or a contact who wrote by email
 * (`contact_id`), as one `{id, name}` (a contact's id matches no member's, so audiences keyed by
 * the requester reach staff only). The names are scalar subqueries, not joins: a join of five
 * tables is planned anew for every list (with LIMIT a parameter, PostgreSQL never takes the
 * generic plan), 0.77 ms of planning for 0.11 ms of running a page of 26; two tables plan in
 * 0.12 ms, and the page runs in the same time (one index lookup per name either way).
 */
const requesterColumns = sql`coalesce(t.requester_id, t.contact_id) as requester_id,
         coalesce((select r.name from users r where r.id = t.requester_id),
                  (select c.name from contacts c where c.id = t.contact_id)) as requester_name`;
const assigneeName = sql`(select a.name from users a where a.id = t.assignee_id) as assignee_name`;

/**
 * The hot reads are plain SQL through drizzle's `sql` template: the select builder costs about
 * four times the query itself in JavaScript on every call (measured: bench/README.md).
 */
const slaColumns = sql`s.policy_id as sla_policy_id, s.policy_name as sla_policy_name,
         ${isoText(sql`s.first_response_due_at`)} as sla_first_response_due_at,
         ${isoText(sql`s.next_response_due_at`)} as sla_next_response_due_at,
         ${isoText(sql`s.resolution_due_at`)} as sla_resolution_due_at, s.breached as sla_breached`;

const ticketSelect = fixed(sql`
  select t.id, t.number, t.subject, t.status, t.priority, t.version,
         ${isoText(sql`t.created_at`)} as created_at, ${isoText(sql`t.updated_at`)} as updated_at,
         ${requesterColumns}, t.assignee_id, ${assigneeName},
         ${slaColumns}
    from tickets t
    left join ticket_slas s on s.ticket_id = t.id`);

type TicketRow = {
  id: string;
  number: number;
  subject: string;
  status: TicketStatus;
  priority: TicketPriority;
  version: number;
  created_at: string;
  updated_at: string;
  requester_id: string;
  requester_name: string;
  assignee_id: string | null;
  assignee_name: string | null;
} & SlaColumns;

type SlaColumns = {
  sla_policy_id: string | null;
  sla_policy_name: string | null;
  sla_first_response_due_at: string | null;
  sla_next_response_due_at: string | null;
  sla_resolution_due_at: string | null;
  sla_breached: SlaTarget[] | null;
};

/**
 * The ticket's service level as last computed (sla/refresh.ts), with the targets whose running
 * clock has passed its due time since counted as breached (no policy: null).
 */
function slaOf(r: SlaColumns, now = Date.now()): TicketSla | null {
  if (r.sla_policy_name === null) return null;
  const due = {
    firstResponse: r.sla_first_response_due_at,
    nextResponse: r.sla_next_response_due_at,
    resolution: r.sla_resolution_due_at,
  };
  const breached = new Set(r.sla_breached ?? []);
  for (const target of SLA_TARGETS) {
    const at = due[target];
    if (at !== null && Date.parse(at) <= now) breached.add(target);
  }
  return {
    policy: { id: r.sla_policy_id, name: r.sla_policy_name },
    firstResponseDueAt: due.firstResponse,
    nextResponseDueAt: due.nextResponse,
    resolutionDueAt: due.resolution,
    breached: SLA_TARGETS.filter((t) => breached.has(t)),
  };
}

export const ticket = (r: TicketRow): Ticket => ({
  id: r.id,
  number: r.number,
  subject: r.subject,
  status: r.status,
  priority: r.priority,
  requester: { id: r.requester_id, name: r.requester_name },
  assignee: r.assignee_id ? { id: r.assignee_id, name: r.assignee_name ?? '' } : null,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  version: r.version,
  sla: slaOf(r),
});

/**
 * What a member may see (over `tickets t`): staff, their organization's tickets; a requester, those
 * they requested. Values or placeholders (`statement()`).
 */
export const audience = (staff: boolean, orgId: unknown, userId: unknown) =>
  staff ? sql`t.org_id = ${orgId}` : sql`t.org_id = ${orgId} and t.requester_id = ${userId}`;

const visibleTo = (scope: OrgScope) => audience(isStaff(scope.role), scope.orgId, scope.userId);

export const ticketNotFound = () => new NotFoundError('ticket_not_found', 'No such ticket.');

const ticketByIdStatement = (staff: boolean, lock: SQL | null) =>
  statement<TicketRow, { orgId: string; userId: string; ticketId: string }>(
    sql`${ticketSelect}
     where ${audience(staff, sql.placeholder('orgId'), sql.placeholder('userId'))}
       and t.id = ${sql.placeholder('ticketId')}${lock ?? sql``}`,
    // Without the lock it waits on no row: it may queue on the pipeline's connections.
    { pipelined: lock === null },
  );
const forUpdate = sql` for update of t`;
/**
 * The read of one ticket (getTicket), for staff or a requester, without a lock and with one:
 * the hottest statement of the api, so its text is rendered once (statement()).
 */
const ticketById = {
  staff: [ticketByIdStatement(true, null), ticketByIdStatement(true, forUpdate)],
  requester: [ticketByIdStatement(false, null), ticketByIdStatement(false, forUpdate)],
} as const;

/**
 * The ticket, if this member may see it. `forUpdate` also locks its row until the transaction
 * ends (the joined users' rows are not locked); a ticket deleted by a transaction this one waited
 * for is not found.
 */
export async function getTicket(
  db: Executor,
  scope: OrgScope,
  ticketId: string,
  options: { forUpdate?: boolean } = {},
): Promise<Ticket> {
  if (!isUuid(ticketId)) throw ticketNotFound();
  const read = ticketById[isStaff(scope.role) ? 'staff' : 'requester'][options.forUpdate ? 1 : 0];
  const [row] = await read(db, { orgId: scope.orgId, userId: scope.userId, ticketId });
  if (!row) throw ticketNotFound();
  return ticket(row);
}

export interface TicketFilters {
  readonly status?: TicketStatus;
  readonly priority?: TicketPriority;
  readonly assigneeId?: string;
  readonly q?: string;
  readonly limit: number;
  readonly cursor?: string;
}

/**
 * Newest first, keyset-paginated on (createdAt, id); `q` is Postgres full-text search. The
 * ORDER BY spells out the index's NULLS LAST so that PostgreSQL walks the index and stops after
 * one page instead of sorting the organization's tickets.
 */
export async function listTickets(
  db: Executor,
  scope: OrgScope,
  f: TicketFilters,
): Promise<Page<Ticket>> {
  const after = decodeCursor(f.cursor);
  const conditions: SQL[] = [visibleTo(scope)];
  if (f.status) conditions.push(sql`t.status = ${f.status}`);
  if (f.priority) conditions.push(sql`t.priority = ${f.priority}`);
  if (f.assigneeId) conditions.push(sql`t.assignee_id = ${f.assigneeId}`);
  if (f.q)
    conditions.push(sql`t.id in (
      select s.ticket_id from ticket_search s
       where s.search @@ websearch_to_tsquery('english', ${f.q}))`);
  if (after)
    conditions.push(
      sql`(t.created_at, t.id) < (${after.at.toISOString()}::timestamptz, ${after.id}::uuid)`,
    );
  const rows = await db.execute<TicketRow>(sql`
    ${ticketSelect}
    where ${sql.join(conditions, sql` and `)}
    order by t.created_at desc nulls last, t.id desc nulls last
    limit ${f.limit + 1}`);
  return toPage([...rows], f.limit, ticket, (r) => ({ at: new Date(r.created_at), id: r.id }));
}

/**
 * A new ticket, numbered next in its organization (under the counter's lock), of a member (the
 * scope's) or of a contact (`contactId`: a mail to the organization's address); answers its id.
 * Its first message is its messages' owner's (`openTicket` writes both).
 */
export async function insertTicket(
  tx: Executor,
  requester: OrgScope | { readonly orgId: string; readonly contactId: string },
  input: { subject: string; priority?: TicketPriority },
): Promise<string> {
  const number = await nextTicketNumber(tx, requester.orgId);
  if (number === undefined) throw new NotFoundError('org_not_found', 'No such organization.');
  const [row] = await tx
    .insert(tickets)
    .values({
      orgId: requester.orgId,
      number,
      subject: input.subject,
      priority: input.priority ?? 'normal',
      ...('contactId' in requester
        ? { contactId: requester.contactId }
        : { requesterId: requester.userId }),
    })
    .returning({ id: tickets.id });
  if (!row) throw new Error('insert returned nothing');
  return row.id;
}

/** Announces a ticket just created (in its transaction), as the organization's staff sees it. */
export async function announceTicket(tx: Executor, orgId: string, ticketId: string) {
  const [row] = await tx.execute<TicketRow>(
    sql`${ticketSelect} where t.org_id = ${orgId} and t.id = ${ticketId}`,
  );
  if (!row) throw ticketNotFound();
  const created = ticket(row);
  await recordEvent(tx, orgId, 'ticket.created', { ticket: created });
  return created;
}

/**
 * Inbound mail: a ticket (by the id a reply address or a Message-ID of ours names) with its
 * organization and its requester's address (a member's or a contact's), or null.
 */
export async function ticketForMail(db: Executor, ticketId: string) {
  if (!isUuid(ticketId)) return null;
  const [row] = await db.execute<{
    id: string;
    org_id: string;
    requester_email: string;
    contact_id: string | null;
  }>(sql`
    select t.id, t.org_id, coalesce(u.email, c.email) as requester_email, t.contact_id
      from tickets t
      left join users u on u.id = t.requester_id
      left join contacts c on c.id = t.contact_id
     where t.id = ${ticketId}`);
  return row ?? null;
}

export interface TicketChanges {
  readonly subject?: string;
  readonly status?: TicketStatus;
  readonly priority?: TicketPriority;
  readonly assigneeId?: string | null;
}

/**
 * Applies `changes` if the ticket is still at `expectedVersion` (optimistic concurrency), bumping
 * the version; 412 when someone changed it meanwhile.
 */
export async function updateTicket(
  tx: Executor,
  scope: OrgScope,
  ticketId: string,
  expectedVersion: number,
  changes: TicketChanges,
  /** What else follows from the change before the ticket is read back and announced. */
  afterChange?: (tx: Executor) => Promise<void>,
): Promise<Ticket> {
  const current = await getTicket(tx, scope, ticketId);
  if (changes.assigneeId) {
    const assignee = await memberRole(tx, scope.orgId, changes.assigneeId);
    if (!assignee || !isStaff(assignee)) {
      throw new ValidationError([
        { path: 'assigneeId', message: 'Must be an agent (or above) of this organization.' },
      ]);
    }
  }
  const updated = await tx
    .update(tickets)
    .set({ ...changes, version: sql`${tickets.version} + 1`, updatedAt: sql`now()` })
    .where(
      and(
        eq(tickets.id, ticketId),
        eq(tickets.orgId, scope.orgId),
        eq(tickets.version, expectedVersion),
      ),
    )
    .returning({ id: tickets.id });
  if (updated.length === 0) {
    throw new PreconditionFailedError(
      'version_mismatch',
      `The ticket changed since version ${expectedVersion} (now ${current.version}); fetch it and retry.`,
    );
  }
  await afterChange?.(tx);
  const after = await getTicket(tx, scope, ticketId);
  const changed = (Object.keys(changes) as (keyof TicketChanges)[]).filter(
    (k) => changes[k] !== undefined,
  );
  await recordEvent(tx, scope.orgId, 'ticket.updated', { ticket: after, changes: changed });
  if (changes.assigneeId && changes.assigneeId !== current.assignee?.id) {
    await notify(tx, {
      orgId: scope.orgId,
      actorId: scope.userId,
      kind: 'assigned',
      ticketId,
      recipients: [changes.assigneeId],
    });
  }
  return after;
}

/**
 * A member left the organization: the tickets assigned to them are unassigned (a new version
 * each, announced as `ticket.updated` with `changes: ['assigneeId']`), in the removal's
 * transaction.
 */
export async function unassignTicketsOf(
  tx: Executor,
  scope: OrgScope,
  userId: string,
): Promise<number> {
  const rows = await tx.execute<TicketRow>(sql`
    with changed as (
      update tickets set assignee_id = null, version = version + 1, updated_at = now()
       where org_id = ${scope.orgId} and assignee_id = ${userId}
      returning *)
    select t.id, t.number, t.subject, t.status, t.priority, t.version,
           ${isoText(sql`t.created_at`)} as created_at, ${isoText(sql`t.updated_at`)} as updated_at,
           ${requesterColumns}, null::uuid as assignee_id, null::text as assignee_name,
           ${slaColumns}
      from changed t
      left join ticket_slas s on s.ticket_id = t.id
     order by t.created_at, t.id`);
  await recordEvents(
    tx,
    scope.orgId,
    rows.map((row) =>
      pendingEvent('ticket.updated', { ticket: ticket(row), changes: ['assigneeId'] }),
    ),
  );
  return rows.length;
}

export async function deleteTicket(tx: Executor, scope: OrgScope, ticketId: string): Promise<void> {
  // Locked as it is read: an upload committing meanwhile would add an attachment the list below
  // misses (its foreign key check waits for this lock, then fails, and the api discards its
  // file). The list is a statement of its own: one started before the lock was granted would not
  // see an upload that committed while it waited.
  const current = await getTicket(tx, scope, ticketId, { forUpdate: true });
  const attached = await tx.execute<{ id: string }>(sql`
    select id from attachments where org_id = ${scope.orgId} and ticket_id = ${ticketId}`);
  await tx.delete(tickets).where(and(eq(tickets.id, ticketId), eq(tickets.orgId, scope.orgId)));
  await recordEvent(tx, scope.orgId, 'ticket.deleted', {
    ticketId,
    number: current.number,
    requesterId: current.requester.id,
  });
  // The rows go with the ticket (cascade); their stored files are the worker's to remove.
  if (attached.length > 0)
    await recordEvent(tx, scope.orgId, 'attachments.deleted', {
      ticketId,
      attachmentIds: attached.map((a) => a.id),
    });
}

/**
 * What the email jobs need of a ticket, by organization id (the platform acts, not a member; the
 * query is still filtered by the organization it was given): its requester (and whether they are
 * still a member: a removed requester is mailed nothing more of the organization), its
 * organization's name and its first message. Reads `memberships`, `users`, `organizations` and
 * `messages`.
 */
export async function ticketNotice(db: Executor, orgId: string, ticketId: string) {
  const [ticket] = await db.execute<{
    number: number;
    subject: string;
    requester_id: string;
    requester_name: string;
    requester_email: string;
    organization: string;
    body: string | null;
    requester_member: boolean;
    contact_id: string | null;
    contact_bounced: boolean;
  }>(sql`
    select t.number, t.subject, coalesce(t.requester_id, t.contact_id) as requester_id,
           coalesce(u.name, c.name) as requester_name, coalesce(u.email, c.email) as requester_email,
           o.name as organization, t.contact_id, c.bounced_at is not null as contact_bounced,
           exists(select 1 from memberships ms
                   where ms.org_id = t.org_id and ms.user_id = t.requester_id) as requester_member,
           (select m.body from messages m where m.ticket_id = t.id order by m.created_at, m.id limit 1) as body
      from tickets t
      left join users u on u.id = t.requester_id
      left join contacts c on c.id = t.contact_id
      join organizations o on o.id = t.org_id
     where t.org_id = ${orgId} and t.id = ${ticketId}`);
  return ticket ?? null;
}

/** Exports: the position of every `every`-th ticket of the organization, oldest first (keyset). */
export async function everyNthTicket(
  db: Executor,
  orgId: string,
  every: number,
): Promise<Position[]> {
  const rows = await db.execute<{ at: string; id: string }>(sql`
    select ${isoText(sql`created_at`)} as at, id from (
      select created_at, id, row_number() over (order by created_at, id) as n
        from tickets where org_id = ${orgId}) numbered
     where n % ${every} = 0
     order by created_at, id`);
  return rows.map((r) => ({ at: new Date(r.at), id: r.id }));
}

/** A message as an export writes it (the order of its fields is the file's). */
const exportedMessage = fixed(sql`json_build_object(
  'id', m.id, 'authorId', coalesce(m.author_id, m.author_contact_id), 'body', m.body,
  'internal', m.internal, 'createdAt', ${isoText(sql`m.created_at`)})`);

/**
 * An exported ticket's thread is written with its ticket up to this many bytes (its bodies, and
 * 256 a message for the rest): as JSON at most six times that (every character escaped).
 */
const EXPORT_INLINE_THREAD_BYTES = 64 * 1024;

export interface ExportedTicket {
  readonly position: Position;
  /** The ticket's JSON object without its messages (they are its last field). */
  readonly head: string;
  /** Its messages as a JSON array when the thread is small; else null: read them in pages. */
  readonly messages: string | null;
}

/**
 * Exports: the next `limit` tickets after `cursor` (null: after `range.after`) up to `range.until`
 * (inclusive; null: the end), oldest first. A thread of at most `EXPORT_INLINE_THREAD_BYTES`
 * comes with its ticket; a longer one is read with `exportedMessagePage`, so that no
 * value built here (or held by the caller) grows with a thread.
 */
export async function exportedTickets(
  db: Executor,
  orgId: string,
  range: { after: Position | null; until: Position | null },
  cursor: Position | null,
  limit: number,
): Promise<ExportedTicket[]> {
  const key = (p: Position) => sql`(${p.at.toISOString()}::timestamptz, ${p.id}::uuid)`;
  const after = cursor ?? range.after;
  const rows = await db.execute<{
    at: string;
    id: string;
    head: string;
    messages: string | null;
  }>(sql`
    select ${isoText(sql`t.created_at`)} as at, t.id,
           json_build_object(
             'id', t.id, 'number', t.number, 'subject', t.subject, 'status', t.status,
             'priority', t.priority, 'requesterId', coalesce(t.requester_id, t.contact_id),
             'assigneeId', t.assignee_id,
             'createdAt', ${isoText(sql`t.created_at`)}, 'updatedAt', ${isoText(sql`t.updated_at`)}
           )::text as head,
           -- the lengths are read from the rows' headers (a body is not decompressed to be
           -- measured); a message's other fields count as 256 bytes
           case when (select coalesce(sum(octet_length(m.body) + 256), 0) from messages m
                       where m.ticket_id = t.id) <= ${EXPORT_INLINE_THREAD_BYTES}
                then coalesce((select json_agg(${exportedMessage} order by m.created_at, m.id)
                                 from messages m where m.ticket_id = t.id), '[]'::json)::text
           end as messages
      from tickets t
     where t.org_id = ${orgId}
       ${after ? sql`and (t.created_at, t.id) > ${key(after)}` : sql``}
       ${range.until ? sql`and (t.created_at, t.id) <= ${key(range.until)}` : sql``}
     order by t.created_at, t.id
     limit ${limit}`);
  return rows.map((r) => ({
    position: { at: new Date(r.at), id: r.id },
    head: r.head,
    messages: r.messages,
  }));
}

/** A long thread's messages as an export writes them: `limit` after `cursor`, oldest first. */
export async function exportedMessagePage(
  db: Executor,
  ticketId: string,
  cursor: { at: string; id: string } | null,
  limit: number,
): Promise<{ json: string; at: string; id: string }[]> {
  return db.execute<{ json: string; at: string; id: string }>(sql`
    select ${exportedMessage}::text as json, ${isoText(sql`m.created_at`)} as at, m.id
      from messages m
     where m.ticket_id = ${ticketId}
       ${cursor ? sql`and (m.created_at, m.id) > (${cursor.at}::timestamptz, ${cursor.id}::uuid)` : sql``}
     order by m.created_at, m.id
     limit ${limit}`);
}
