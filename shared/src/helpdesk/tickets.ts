import { and, eq, type SQL, sql } from 'drizzle-orm';
import { type Executor, isoText, schema } from '../db';
import { NotFoundError, PreconditionFailedError, ValidationError } from '../errors';
import { recordEvent } from '../events/outbox';
import { notify } from '../notifications';
import { isStaff, isUuid, type OrgScope } from '../tenancy';
import { decodeCursor, type Page, toPage } from './pagination';
import type { Ticket, TicketPriority, TicketStatus } from './schemas';

const { tickets, memberships } = schema;

/** A timestamp column as ISO-8601 text (what the API answers), in SQL. */

/**
 * The hot reads are plain SQL through drizzle's `sql` template: the select builder costs about
 * four times the query itself in JavaScript on every call (measured: bench/README.md).
 */
const ticketSelect = sql`
  select t.id, t.number, t.subject, t.status, t.priority, t.version,
         ${isoText(sql`t.created_at`)} as created_at, ${isoText(sql`t.updated_at`)} as updated_at,
         t.requester_id, r.name as requester_name, t.assignee_id, a.name as assignee_name
    from tickets t
    join users r on r.id = t.requester_id
    left join users a on a.id = t.assignee_id`;

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
};

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
});

/** What a member may see: requesters only the tickets they requested (over `tickets t`). */
export const visibleTo = (scope: OrgScope) =>
  isStaff(scope.role)
    ? sql`t.org_id = ${scope.orgId}`
    : sql`t.org_id = ${scope.orgId} and t.requester_id = ${scope.userId}`;

export const ticketNotFound = () => new NotFoundError('ticket_not_found', 'No such ticket.');

export async function getTicket(db: Executor, scope: OrgScope, ticketId: string): Promise<Ticket> {
  if (!isUuid(ticketId)) throw ticketNotFound();
  const [row] = await db.execute<TicketRow>(
    sql`${ticketSelect} where ${visibleTo(scope)} and t.id = ${ticketId}`,
  );
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
  if (f.q) conditions.push(sql`t.search @@ websearch_to_tsquery('english', ${f.q})`);
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

/** The ticket, its number (next of the org, under the org row's lock) and its first message. */
export async function createTicket(
  tx: Executor,
  scope: OrgScope,
  input: { subject: string; body: string; priority?: TicketPriority },
): Promise<Ticket> {
  const [org] = await tx
    .update(schema.organizations)
    .set({ ticketSeq: sql`${schema.organizations.ticketSeq} + 1` })
    .where(eq(schema.organizations.id, scope.orgId))
    .returning({ number: schema.organizations.ticketSeq });
  if (!org) throw new NotFoundError('org_not_found', 'No such organization.');
  const [row] = await tx
    .insert(tickets)
    .values({
      orgId: scope.orgId,
      number: org.number,
      subject: input.subject,
      priority: input.priority ?? 'normal',
      requesterId: scope.userId,
    })
    .returning({ id: tickets.id });
  if (!row) throw new Error('insert returned nothing');
  await tx.insert(schema.messages).values({
    orgId: scope.orgId,
    ticketId: row.id,
    authorId: scope.userId,
    body: input.body,
  });
  const created = await getTicket(tx, scope, row.id);
  await recordEvent(tx, scope.orgId, 'ticket.created', { ticket: created });
  return created;
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
): Promise<Ticket> {
  const current = await getTicket(tx, scope, ticketId);
  if (changes.assigneeId) {
    const [assignee] = await tx
      .select({ role: memberships.role })
      .from(memberships)
      .where(and(eq(memberships.orgId, scope.orgId), eq(memberships.userId, changes.assigneeId)));
    if (!assignee || !isStaff(assignee.role)) {
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

export async function deleteTicket(tx: Executor, scope: OrgScope, ticketId: string): Promise<void> {
  const current = await getTicket(tx, scope, ticketId);
  // Locked first: an upload committing meanwhile would add an attachment the list below misses
  // (its foreign key check waits for this lock, then fails, and the api discards its file).
  await tx.execute(sql`
    select 1 from tickets where id = ${ticketId} and org_id = ${scope.orgId} for update`);
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
