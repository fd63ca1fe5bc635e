import { type SQL, sql } from 'drizzle-orm';
import { type Executor, isoText } from '../db';
import { ForbiddenError } from '../errors';
import { recordEvent } from '../events/outbox';
import { notify } from '../notifications';
import { isStaff, type OrgScope } from '../tenancy';
import { decodeCursor, type Page, toPage } from './pagination';
import type { Message } from './schemas';
import { getTicket } from './tickets';

type MessageRow = {
  id: string;
  ticket_id: string;
  author_id: string;
  author_name: string;
  body: string;
  internal: boolean;
  created_at: string;
};

/**
 * A public answer by someone other than the ticket's requester: it starts the response clock
 * (analytics) and is mailed to the requester.
 */
export const isPublicReply = (m: { internal: boolean; authorId: string }, requesterId: string) =>
  !m.internal && m.authorId !== requesterId;

export const message = (r: MessageRow): Message => ({
  id: r.id,
  ticketId: r.ticket_id,
  author: { id: r.author_id, name: r.author_name },
  body: r.body,
  internal: r.internal,
  createdAt: r.created_at,
});

const messageColumns = sql`m.id, m.ticket_id, m.author_id, u.name as author_name, m.body, m.internal,
  ${isoText(sql`m.created_at`)} as created_at`;

/** Oldest first; requesters never see internal notes. */
export async function listMessages(
  db: Executor,
  scope: OrgScope,
  ticketId: string,
  page: { limit: number; cursor?: string },
): Promise<Page<Message>> {
  await getTicket(db, scope, ticketId); // 404 unless visible to this member
  const after = decodeCursor(page.cursor);
  const conditions: SQL[] = [sql`m.org_id = ${scope.orgId}`, sql`m.ticket_id = ${ticketId}`];
  if (!isStaff(scope.role)) conditions.push(sql`not m.internal`);
  if (after)
    conditions.push(
      sql`(m.created_at, m.id) > (${after.at.toISOString()}::timestamptz, ${after.id}::uuid)`,
    );
  const rows = await db.execute<MessageRow>(sql`
    select ${messageColumns}
      from messages m join users u on u.id = m.author_id
     where ${sql.join(conditions, sql` and `)}
     order by m.created_at, m.id
     limit ${page.limit + 1}`);
  return toPage([...rows], page.limit, message, (r) => ({ at: new Date(r.created_at), id: r.id }));
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
  // One round trip: insert, and read back with the author's name.
  const [created] = await tx.execute<MessageRow>(sql`
    with m as (
      insert into messages (id, org_id, ticket_id, author_id, body, internal)
      values (${Bun.randomUUIDv7()}, ${scope.orgId}, ${ticketId}, ${scope.userId}, ${input.body}, ${internal})
      returning *)
    select ${messageColumns} from m join users u on u.id = m.author_id`);
  if (!created) throw new Error('insert returned nothing');
  // The first public answer by someone other than the requester starts the response clock.
  const answered = isPublicReply({ internal, authorId: scope.userId }, target.requester.id);
  await tx.execute(sql`
    update tickets set updated_at = now()
      ${answered ? sql`, first_response_at = coalesce(first_response_at, now())` : sql``}
     where id = ${ticketId} and org_id = ${scope.orgId}`);
  const result = message(created);
  await recordEvent(tx, scope.orgId, 'message.created', {
    message: result,
    ticketNumber: target.number,
    requesterId: target.requester.id,
  });
  // A reply on a ticket you requested (never an internal note) or are assigned.
  await notify(tx, {
    orgId: scope.orgId,
    actorId: scope.userId,
    kind: 'reply',
    ticketId,
    messageId: result.id,
    recipients: [internal ? null : target.requester.id, target.assignee?.id],
  });
  return result;
}
