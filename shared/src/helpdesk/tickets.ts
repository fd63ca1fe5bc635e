import { and, desc, eq, lt, or, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { type Executor, schema } from '../db';
import { NotFoundError, PreconditionFailedError, ValidationError } from '../errors';
import { recordEvent } from '../events/outbox';
import { isStaff, isUuid, type OrgScope } from '../tenancy';
import { decodeCursor, type Page, toPage } from './pagination';
import type { Ticket, TicketPriority, TicketStatus } from './schemas';

const { tickets, users, memberships } = schema;
const requesters = alias(users, 'requester');
const assignees = alias(users, 'assignee');

const ticketColumns = {
  id: tickets.id,
  number: tickets.number,
  subject: tickets.subject,
  status: tickets.status,
  priority: tickets.priority,
  createdAt: tickets.createdAt,
  updatedAt: tickets.updatedAt,
  version: tickets.version,
  requesterId: tickets.requesterId,
  requesterName: requesters.name,
  assigneeId: tickets.assigneeId,
  assigneeName: assignees.name,
};

type TicketRow = {
  id: string;
  number: number;
  subject: string;
  status: TicketStatus;
  priority: TicketPriority;
  createdAt: Date;
  updatedAt: Date;
  version: number;
  requesterId: string;
  requesterName: string;
  assigneeId: string | null;
  assigneeName: string | null;
};

export const ticket = (r: TicketRow): Ticket => ({
  id: r.id,
  number: r.number,
  subject: r.subject,
  status: r.status,
  priority: r.priority,
  requester: { id: r.requesterId, name: r.requesterName },
  assignee: r.assigneeId ? { id: r.assigneeId, name: r.assigneeName ?? '' } : null,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
  version: r.version,
});

function selectTickets(db: Executor) {
  return db
    .select(ticketColumns)
    .from(tickets)
    .innerJoin(requesters, eq(requesters.id, tickets.requesterId))
    .leftJoin(assignees, eq(assignees.id, tickets.assigneeId));
}

/** What a member may see: requesters only the tickets they requested. */
function visibleTo(scope: OrgScope): SQL | undefined {
  return and(
    eq(tickets.orgId, scope.orgId),
    isStaff(scope.role) ? undefined : eq(tickets.requesterId, scope.userId),
  );
}

const ticketNotFound = () => new NotFoundError('ticket_not_found', 'No such ticket.');

export async function getTicket(db: Executor, scope: OrgScope, ticketId: string): Promise<Ticket> {
  if (!isUuid(ticketId)) throw ticketNotFound();
  const [row] = await selectTickets(db).where(and(visibleTo(scope), eq(tickets.id, ticketId)));
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

/** Newest first, keyset-paginated on (createdAt, id); `q` is Postgres full-text search. */
export async function listTickets(
  db: Executor,
  scope: OrgScope,
  f: TicketFilters,
): Promise<Page<Ticket>> {
  const after = decodeCursor(f.cursor);
  const rows = await selectTickets(db)
    .where(
      and(
        visibleTo(scope),
        f.status ? eq(tickets.status, f.status) : undefined,
        f.priority ? eq(tickets.priority, f.priority) : undefined,
        f.assigneeId ? eq(tickets.assigneeId, f.assigneeId) : undefined,
        f.q ? sql`${tickets.search} @@ websearch_to_tsquery('english', ${f.q})` : undefined,
        after
          ? or(
              lt(tickets.createdAt, after.at),
              and(eq(tickets.createdAt, after.at), lt(tickets.id, after.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(tickets.createdAt), desc(tickets.id))
    .limit(f.limit + 1);
  return toPage(rows, f.limit, ticket, (r) => ({ at: r.createdAt, id: r.id }));
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
  return after;
}

export async function deleteTicket(tx: Executor, scope: OrgScope, ticketId: string): Promise<void> {
  const current = await getTicket(tx, scope, ticketId);
  await tx.delete(tickets).where(and(eq(tickets.id, ticketId), eq(tickets.orgId, scope.orgId)));
  await recordEvent(tx, scope.orgId, 'ticket.deleted', {
    ticketId,
    number: current.number,
    requesterId: current.requester.id,
  });
}
