import { and, asc, eq, gt, or, sql } from 'drizzle-orm';
import { type Executor, schema } from '../db';
import { ForbiddenError } from '../errors';
import { recordEvent } from '../events/outbox';
import { isStaff, type OrgScope } from '../tenancy';
import { decodeCursor, type Page, toPage } from './pagination';
import type { Message } from './schemas';
import { getTicket } from './tickets';

const { messages, users, tickets } = schema;

type MessageRow = {
  id: string;
  ticketId: string;
  authorId: string;
  authorName: string;
  body: string;
  internal: boolean;
  createdAt: Date;
};

export const message = (r: MessageRow): Message => ({
  id: r.id,
  ticketId: r.ticketId,
  author: { id: r.authorId, name: r.authorName },
  body: r.body,
  internal: r.internal,
  createdAt: r.createdAt.toISOString(),
});

const messageColumns = {
  id: messages.id,
  ticketId: messages.ticketId,
  authorId: messages.authorId,
  authorName: users.name,
  body: messages.body,
  internal: messages.internal,
  createdAt: messages.createdAt,
};

/** Oldest first; requesters never see internal notes. */
export async function listMessages(
  db: Executor,
  scope: OrgScope,
  ticketId: string,
  page: { limit: number; cursor?: string },
): Promise<Page<Message>> {
  await getTicket(db, scope, ticketId); // 404 unless visible to this member
  const after = decodeCursor(page.cursor);
  const rows = await db
    .select(messageColumns)
    .from(messages)
    .innerJoin(users, eq(users.id, messages.authorId))
    .where(
      and(
        eq(messages.orgId, scope.orgId),
        eq(messages.ticketId, ticketId),
        isStaff(scope.role) ? undefined : eq(messages.internal, false),
        after
          ? or(
              gt(messages.createdAt, after.at),
              and(eq(messages.createdAt, after.at), gt(messages.id, after.id)),
            )
          : undefined,
      ),
    )
    .orderBy(asc(messages.createdAt), asc(messages.id))
    .limit(page.limit + 1);
  return toPage(rows, page.limit, message, (r) => ({ at: r.createdAt, id: r.id }));
}

export async function createMessage(
  tx: Executor,
  scope: OrgScope,
  ticketId: string,
  input: { body: string; internal?: boolean },
): Promise<Message> {
  const internal = input.internal ?? false;
  if (internal && !isStaff(scope.role)) {
    throw new ForbiddenError('internal_notes_forbidden', 'Only agents can write internal notes.');
  }
  const target = await getTicket(tx, scope, ticketId);
  const [row] = await tx
    .insert(messages)
    .values({ orgId: scope.orgId, ticketId, authorId: scope.userId, body: input.body, internal })
    .returning({ id: messages.id });
  if (!row) throw new Error('insert returned nothing');
  // The first public answer by someone other than the requester starts the response clock.
  await tx
    .update(tickets)
    .set({
      updatedAt: sql`now()`,
      ...(internal || scope.userId === target.requester.id
        ? {}
        : { firstResponseAt: sql`coalesce(${tickets.firstResponseAt}, now())` }),
    })
    .where(and(eq(tickets.id, ticketId), eq(tickets.orgId, scope.orgId)));
  const [created] = await tx
    .select(messageColumns)
    .from(messages)
    .innerJoin(users, eq(users.id, messages.authorId))
    .where(eq(messages.id, row.id));
  if (!created) throw new Error('message vanished');
  const result = message(created);
  await recordEvent(tx, scope.orgId, 'message.created', {
    message: result,
    ticketNumber: target.number,
    requesterId: target.requester.id,
  });
  return result;
}
