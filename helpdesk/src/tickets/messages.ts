import {
  decodeCursor,
  type Executor,
  fixed,
  isoText,
  type Page,
  plannedPerExecution,
  statement,
  toPage,
} from '@insightdesk/shared/db';
import { recordEvents } from '@insightdesk/shared/events';
import { isUuid } from '@insightdesk/shared/tenancy';
import { type SQL, sql } from 'drizzle-orm';
import type { Access } from '../access';
import { schema } from '../db';
import { pendingEvent } from '../event-writer';
import { notificationsFor } from '../notifications';
import { isPublicReply } from '../public-reply';
import type { Message } from '../schemas';
import { type PolicyRow, type PolicyTextRow, slaSettingsLockKey, toPolicy } from '../sla/policies';
import { settingsUnderLock } from '../sla/ticket-slas';
import type { NewestMessage } from '../sla/timers';
import { getTicket, reached, startFirstResponse, ticketNotFound } from './ticket';

/**
 * A ticket's thread: the one owner of the `messages` table. Its reads join `users` and
 * `contacts` for the author's name; a reply is written in one statement that also reads its
 * ticket (see `createMessage`), and decides there whether it is a public reply
 * (public-reply.ts): `message.created` carries the decision.
 */

type MessageRow = {
  id: string;
  ticket_id: string;
  author_id: string;
  author_name: string;
  body: string;
  internal: boolean;
  created_at: string;
};

export const message = (r: MessageRow): Message => ({
  id: r.id,
  ticketId: r.ticket_id,
  author: { id: r.author_id, name: r.author_name },
  body: r.body,
  internal: r.internal,
  createdAt: r.created_at,
});

/** A message's author: a member, or a contact whose mail it is, as one `{id, name}`. */
const messageColumns =
  fixed(sql`m.id, m.ticket_id, coalesce(m.author_id, m.author_contact_id) as author_id,
  coalesce(u.name, c.name) as author_name, m.body, m.internal, ${isoText(sql`m.created_at`)} as created_at`);
export const authorJoins = fixed(sql`left join users u on u.id = m.author_id
  left join contacts c on c.id = m.author_contact_id`);

/** Oldest first, on a ticket the grant reaches; internal notes only when it reaches them. */
export async function listMessages(
  db: Executor,
  access: Access,
  ticketId: string,
  page: { limit: number; cursor?: string },
): Promise<Page<Message>> {
  await getTicket(db, access, ticketId);
  const after = decodeCursor(page.cursor);
  const conditions: SQL[] = [sql`m.org_id = ${access.orgId}`, sql`m.ticket_id = ${ticketId}`];
  if (!access.internalNotes) conditions.push(sql`not m.internal`);
  if (after)
    conditions.push(
      sql`(m.created_at, m.id) > (${after.at.toISOString()}::timestamptz, ${after.id}::uuid)`,
    );
  // Planned with its ticket each time: a generic plan, made for a thread of average length,
  // sorts a long thread whole for every page.
  const rows = await db.execute<MessageRow>(sql`${plannedPerExecution}
    select ${messageColumns}
      from messages m ${authorJoins}
     where ${sql.join(conditions, sql` and `)}
     order by m.created_at, m.id
     limit ${page.limit + 1}`);
  return toPage([...rows], page.limit, message, (r) => ({ at: new Date(r.created_at), id: r.id }));
}

/** A ticket's first message (`openTicket`, in the transaction that created the ticket): its id. */
export async function insertMessage(
  tx: Executor,
  m: { orgId: string; ticketId: string; body: string } & (
    | { authorId: string }
    | { authorContactId: string }
  ),
): Promise<string> {
  const [row] = await tx.insert(schema.messages).values(m).returning({ id: schema.messages.id });
  if (!row) throw new Error('insert returned nothing');
  return row.id;
}

/**
 * A contact's mail on a ticket of theirs (inbound mail, in the caller's transaction): the message,
 * the assignee's notification, their events — as a member's reply would be announced.
 * Answers the message as the service-level clocks see it (timersAfterMessage).
 */
export async function createContactMessage(
  tx: Executor,
  m: { orgId: string; ticketId: string; contactId: string; body: string },
): Promise<NewestMessage> {
  const [created] = await tx.execute<
    MessageRow & { ticket_number: number; requester_id: string; assignee_id: string | null }
  >(sql`
    with t as (
      select t.id, t.number, coalesce(t.requester_id, t.contact_id) as requester_id, t.assignee_id
        from tickets t where t.org_id = ${m.orgId} and t.id = ${m.ticketId}),
    m as (
      insert into messages (id, org_id, ticket_id, author_contact_id, body)
      select ${Bun.randomUUIDv7()}, ${m.orgId}, t.id, ${m.contactId}, ${m.body} from t
      returning *)
    select ${messageColumns}, t.number as ticket_number, t.requester_id, t.assignee_id
      from m join t on t.id = m.ticket_id ${authorJoins}`);
  if (!created) throw ticketNotFound();
  const result = message(created);
  const publicReply = isPublicReply(
    { internal: false, memberAuthorId: null },
    created.requester_id,
  );
  await recordEvents(tx, m.orgId, [
    pendingEvent('message.created', {
      message: result,
      ticketNumber: created.ticket_number,
      requesterId: created.requester_id,
      publicReply,
    }),
    ...(await notificationsFor(tx, {
      orgId: m.orgId,
      actorId: null,
      kind: 'reply',
      ticketId: m.ticketId,
      messageId: result.id,
      recipients: [created.assignee_id],
    })),
  ]);
  return asClockMessage(result, publicReply);
}

/** A message as the service-level clocks see it: a public reply, or the requester's side's. */
const asClockMessage = (m: Message, publicReply: boolean): NewestMessage => ({
  id: m.id,
  at: Date.parse(m.createdAt),
  byRequester: !publicReply,
});

type CreatedRow = MessageRow & {
  ticket_number: number;
  requester_id: string;
  assignee_id: string | null;
  /** The ticket had no public reply before this message (its response clock not started). */
  unanswered: boolean;
  /** A timed reply's (settingsUnderLock): the policies' rows as JSON, and the ticket's timers. */
  policies?: PolicyTextRow[];
  has_timers?: boolean;
};

const insertMessageStatement = (tickets: Access['tickets'], timed: boolean) =>
  statement<
    CreatedRow,
    {
      id: string;
      orgId: string;
      ticketId: string;
      userId: string;
      body: string;
      internal: boolean;
      slaLockKey?: string;
    }
  >(sql`
    with ${timed ? sql`sla as materialized (${settingsUnderLock}),` : sql``}
    t as (
      select t.id, t.number, coalesce(t.requester_id, t.contact_id) as requester_id, t.assignee_id,
             t.first_response_at is null as unanswered
             ${timed ? sql`, sla.policies, sla.has_timers` : sql``}
        from tickets t ${timed ? sql`cross join sla` : sql``}
       where ${reached(tickets, sql.placeholder('orgId'), sql.placeholder('userId'))}
         and t.id = ${sql.placeholder('ticketId')}),
    m as (
      insert into messages (id, org_id, ticket_id, author_id, body, internal)
      select ${sql.placeholder('id')}, ${sql.placeholder('orgId')}, t.id, ${sql.placeholder('userId')},
             ${sql.placeholder('body')}, ${sql.placeholder('internal')}
        from t
      returning *)
    select ${messageColumns}, t.number as ticket_number, t.requester_id, t.assignee_id,
           t.unanswered ${timed ? sql`, t.policies, t.has_timers` : sql``}
      from m join t on t.id = m.ticket_id ${authorJoins}`);
/**
 * A reply's one statement (createMessage), for either reach of a grant, with the service levels'
 * settings read under their lock (timed) or not: rendered once each.
 */
const replyStatement = {
  organization: {
    timed: insertMessageStatement('organization', true),
    untimed: insertMessageStatement('organization', false),
  },
  requested: {
    timed: insertMessageStatement('requested', true),
    untimed: insertMessageStatement('requested', false),
  },
};

/** What a timed reply's statement read of the service levels (`settingsUnderLock`). */
export interface SlaAtReply {
  readonly policies: PolicyRow[];
  readonly hasTimers: boolean;
  /** The message as the clocks see it (timersAfterMessage). */
  readonly message: NewestMessage;
}

/**
 * Who a reply notifies: the ticket's requester (never of an internal note) and its assignee —
 * for an internal note, only if they are staff. The author is never notified of their own.
 */
export const notifiedOfReply = (
  internal: boolean,
  ticket: { readonly requesterId: string; readonly assigneeId: string | null },
) => ({
  recipients: [internal ? null : ticket.requesterId, ticket.assigneeId],
  staffOnly: internal,
});

/**
 * A reply or internal note on a ticket the grant reaches, in the caller's transaction, in as few
 * round trips as the write allows: one statement finds the ticket and inserts the message, whose
 * trigger updates the ticket (`updated_at`) and its search words (`tickets_search_on_message`);
 * the notifications, if any, in one more; then every event in one outbox statement, and a first
 * public reply's start of the response clock, both sent with the COMMIT.
 * `timed`: the same statement first takes the service levels' settings lock and reads the
 * policies under it (`settingsUnderLock`), before it locks the ticket's row; answered as `sla`.
 */
export async function createMessage(
  tx: Executor,
  access: Access,
  ticketId: string,
  input: { body: string; internal?: boolean },
  options: { timed: boolean },
): Promise<{ message: Message; sla: SlaAtReply | null }> {
  const internal = input.internal ?? false;
  if (!isUuid(ticketId)) throw ticketNotFound();
  const statements = replyStatement[access.tickets];
  const [created] = await statements[options.timed ? 'timed' : 'untimed'](tx, {
    id: Bun.randomUUIDv7(),
    orgId: access.orgId,
    ticketId,
    userId: access.userId,
    body: input.body,
    internal,
    ...(options.timed ? { slaLockKey: slaSettingsLockKey(access.orgId) } : {}),
  });
  if (!created) throw ticketNotFound();
  const result = message(created);
  const publicReply = isPublicReply(
    { internal, memberAuthorId: access.userId },
    created.requester_id,
  );
  const events = [
    pendingEvent('message.created', {
      message: result,
      ticketNumber: created.ticket_number,
      requesterId: created.requester_id,
      publicReply,
    }),
    ...(await notificationsFor(tx, {
      orgId: access.orgId,
      actorId: access.userId,
      kind: 'reply',
      ticketId,
      messageId: result.id,
      ...notifiedOfReply(internal, {
        requesterId: created.requester_id,
        assigneeId: created.assignee_id,
      }),
    })),
  ];
  await recordEvents(tx, access.orgId, events);
  if (publicReply && created.unanswered) await startFirstResponse(tx, ticketId);
  const sla = options.timed
    ? {
        policies: (created.policies ?? []).map(toPolicy),
        hasTimers: created.has_timers === true,
        message: asClockMessage(result, publicReply),
      }
    : null;
  return { message: result, sla };
}
