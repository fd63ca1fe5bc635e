import {
  type Executor,
  fixed,
  isForeignKeyViolation,
  isoText,
  statement,
} from '@insightdesk/shared/db';
import {
  NotFoundError,
  PreconditionFailedError,
  ValidationError,
} from '@insightdesk/shared/errors';
import { recordEvents } from '@insightdesk/shared/events';
import { isUuid, memberRole, type OrgScope } from '@insightdesk/shared/tenancy';
import { and, eq, type SQL, sql } from 'drizzle-orm';
import { type Access, mayBeAssigned } from '../access';
import { schema } from '../db';
import { pendingEvent, recordEvent } from '../event-writer';
import { notify } from '../notifications';
import type { Ticket, TicketPriority, TicketStatus } from '../schemas';
import { SLA_TARGETS, type SlaTarget, type TicketSla } from '../schemas/sla';

/**
 * A ticket: the one owner of the `tickets` table and of `ticket_counters`. Its reads join
 * `users` and `contacts` for the names of requester and assignee, and `ticket_slas` for its
 * service level. A new message updates its ticket (`updated_at`) through the trigger
 * `tickets_search_on_message`; the first public reply starts its response clock
 * (`startFirstResponse`).
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

export const ticketSelect = fixed(sql`
  select t.id, t.number, t.subject, t.status, t.priority, t.version,
         ${isoText(sql`t.created_at`)} as created_at, ${isoText(sql`t.updated_at`)} as updated_at,
         ${requesterColumns}, t.assignee_id, ${assigneeName},
         ${slaColumns}
    from tickets t
    left join ticket_slas s on s.ticket_id = t.id`);

export type TicketRow = {
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
 * The tickets a grant reaches (over `tickets t`): every ticket of the organization, or those the
 * member requested (access.ts). Values or placeholders (`statement()`).
 */
export const reached = (tickets: Access['tickets'], orgId: unknown, userId: unknown) =>
  tickets === 'organization'
    ? sql`t.org_id = ${orgId}`
    : sql`t.org_id = ${orgId} and t.requester_id = ${userId}`;

/** The tickets `access` reaches, with its values. */
export const reachedBy = (access: Access) => reached(access.tickets, access.orgId, access.userId);

export const ticketNotFound = () => new NotFoundError('ticket_not_found', 'No such ticket.');

const ticketByIdStatement = (tickets: Access['tickets'], lock: SQL | null) =>
  statement<TicketRow, { orgId: string; userId: string; ticketId: string }>(
    sql`${ticketSelect}
     where ${reached(tickets, sql.placeholder('orgId'), sql.placeholder('userId'))}
       and t.id = ${sql.placeholder('ticketId')}${lock ?? sql``}`,
    // Without the lock it waits on no row: it may queue on the pipeline's connections.
    { pipelined: lock === null },
  );
const forUpdate = sql` for update of t`;
/**
 * The read of one ticket (getTicket), for either reach of a grant, without a lock and with one:
 * the hottest statement of the api, so its text is rendered once (statement()).
 */
const ticketById = {
  organization: [
    ticketByIdStatement('organization', null),
    ticketByIdStatement('organization', forUpdate),
  ],
  requested: [ticketByIdStatement('requested', null), ticketByIdStatement('requested', forUpdate)],
} as const;

/**
 * The ticket, if the grant reaches it (else 404). `forUpdate` also locks its row until the
 * transaction ends (the joined users' rows are not locked); a ticket deleted by a transaction
 * this one waited for is not found.
 */
export async function getTicket(
  db: Executor,
  access: Access,
  ticketId: string,
  options: { forUpdate?: boolean } = {},
): Promise<Ticket> {
  if (!isUuid(ticketId)) throw ticketNotFound();
  const read = ticketById[access.tickets][options.forUpdate ? 1 : 0];
  const [row] = await read(db, { orgId: access.orgId, userId: access.userId, ticketId });
  if (!row) throw ticketNotFound();
  return ticket(row);
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

export interface TicketChanges {
  readonly subject?: string;
  readonly status?: TicketStatus;
  readonly priority?: TicketPriority;
  readonly assigneeId?: string | null;
}

/** The fields a change sets (those given a value): `ticket.updated`'s `changes`. */
export const changedFields = (changes: TicketChanges): (keyof TicketChanges)[] =>
  (Object.keys(changes) as (keyof TicketChanges)[]).filter((k) => changes[k] !== undefined);

/** The member a change assigns the ticket to, who is notified; null when it assigns nobody new. */
export const newlyAssigned = (changes: TicketChanges, current: Ticket): string | null =>
  changes.assigneeId && changes.assigneeId !== current.assignee?.id ? changes.assigneeId : null;

/**
 * Applies `changes` if the ticket is still at `expectedVersion` (optimistic concurrency), bumping
 * the version; 412 when someone changed it meanwhile.
 */
export async function updateTicket(
  tx: Executor,
  scope: Access,
  ticketId: string,
  expectedVersion: number,
  changes: TicketChanges,
  /** What else follows from the change before the ticket is read back and announced. */
  afterChange?: (tx: Executor) => Promise<void>,
): Promise<Ticket> {
  const current = await getTicket(tx, scope, ticketId);
  if (changes.assigneeId) {
    const assignee = await memberRole(tx, scope.orgId, changes.assigneeId);
    if (!assignee || !mayBeAssigned(assignee)) {
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
  await recordEvent(tx, scope.orgId, 'ticket.updated', {
    ticket: after,
    changes: changedFields(changes),
  });
  const assigned = newlyAssigned(changes, current);
  if (assigned)
    await notify(tx, {
      orgId: scope.orgId,
      actorId: scope.userId,
      kind: 'assigned',
      ticketId,
      recipients: [assigned],
    });
  return after;
}

const firstResponse = statement<never, { ticketId: string }>(sql`
  update tickets set first_response_at = now()
   where id = ${sql.placeholder('ticketId')} and first_response_at is null`);

/**
 * A public reply (public-reply.ts) on a ticket not answered yet starts its response clock
 * (`first_response_at`, which the analytics read), at the reply's time. Sent ahead of the reply's
 * COMMIT and not waited for (`withCommit`): no round trip of its own.
 */
export function startFirstResponse(tx: Executor, ticketId: string): Promise<void> {
  return firstResponse.withCommit(tx, { ticketId });
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

export async function deleteTicket(tx: Executor, scope: Access, ticketId: string): Promise<void> {
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
