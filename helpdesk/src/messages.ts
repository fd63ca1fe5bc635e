import {
  decodeCursor,
  type Executor,
  fixed,
  isoText,
  type Page,
  statement,
  toPage,
} from '@insightdesk/shared/db';
import { ForbiddenError } from '@insightdesk/shared/errors';
import { recordEvents } from '@insightdesk/shared/events';
import { isStaff, isUuid, type OrgScope } from '@insightdesk/shared/tenancy';
import { type SQL, sql } from 'drizzle-orm';
import { schema } from './db';
import { notificationsFor } from './notifications';
import { pendingEvent } from './event-writer';
import type { Message } from './schemas';
import { type PolicyRow, type PolicyTextRow, slaSettingsLockKey, toPolicy } from './sla/policies';
import { settingsUnderLock } from './sla/ticket-slas';
import { audience, getTicket, ticketNotFound } from './tickets';

/**
 * The one owner of the `messages` table. Its reads join `users` for the author's name; a reply
 * is written in one statement that also reads its ticket (see `createMessage`).
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

/**
 * A public answer by someone other than the ticket's requester: what is mailed to the requester
 * (its mail effect and the reply email ask this). The same rule starts the ticket's
 * response clock (`first_response_at`, which analytics read), in SQL: `tickets_search_on_message`
 * (migrations 0004 and 0008), which a change of the rule must replace in a new migration.
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

/** A message's author: a member, or a contact whose mail it is, as one `{id, name}`. */
const messageColumns =
  fixed(sql`m.id, m.ticket_id, coalesce(m.author_id, m.author_contact_id) as author_id,
  coalesce(u.name, c.name) as author_name, m.body, m.internal, ${isoText(sql`m.created_at`)} as created_at`);
const authorJoins = fixed(sql`left join users u on u.id = m.author_id
  left join contacts c on c.id = m.author_contact_id`);

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
 */
export async function createContactMessage(
  tx: Executor,
  m: { orgId: string; ticketId: string; contactId: string; body: string },
): Promise<string> {
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
  await recordEvents(tx, m.orgId, [
    pendingEvent('message.created', {
      message: result,
      ticketNumber: created.ticket_number,
      requesterId: created.requester_id,
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
  return result.id;
}

type CreatedRow = MessageRow & {
  ticket_number: number;
  requester_id: string;
  assignee_id: string | null;
  /** A timed reply's (settingsUnderLock): the policies' rows as JSON, and the ticket's timers. */
  policies?: PolicyTextRow[];
  has_timers?: boolean;
};

const insertMessageStatement = (staff: boolean, timed: boolean) =>
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
      select t.id, t.number, coalesce(t.requester_id, t.contact_id) as requester_id, t.assignee_id
             ${timed ? sql`, sla.policies, sla.has_timers` : sql``}
        from tickets t ${timed ? sql`cross join sla` : sql``}
       where ${audience(staff, sql.placeholder('orgId'), sql.placeholder('userId'))}
         and t.id = ${sql.placeholder('ticketId')}),
    m as (
      insert into messages (id, org_id, ticket_id, author_id, body, internal)
      select ${sql.placeholder('id')}, ${sql.placeholder('orgId')}, t.id, ${sql.placeholder('userId')},
             ${sql.placeholder('body')}, ${sql.placeholder('internal')}
        from t
      returning *)
    select ${messageColumns}, t.number as ticket_number, t.requester_id, t.assignee_id
           ${timed ? sql`, t.policies, t.has_timers` : sql``}
      from m join t on t.id = m.ticket_id ${authorJoins}`);
/**
 * A reply's one statement (createMessage), for staff or a requester, with the service levels'
 * settings read under their lock (timed) or not: rendered once each.
 */
const replyStatement = {
  staff: {
    timed: insertMessageStatement(true, true),
    untimed: insertMessageStatement(true, false),
  },
  requester: {
    timed: insertMessageStatement(false, true),
    untimed: insertMessageStatement(false, false),
  },
};

/** What a timed reply's statement read of the service levels (`settingsUnderLock`). */
export interface SlaAtReply {
  readonly policies: PolicyRow[];
  readonly hasTimers: boolean;
}

/**
 * A reply or internal note, in the caller's transaction, in as few round trips as the write
 * allows: one statement finds the ticket (visible to this member) and inserts the message, whose
 * trigger updates the ticket (updated_at, the first-response clock) and its search words
 * (`tickets_search_on_message`, migration 0008); the notifications, if any, in one more; then every
 * event in one outbox statement.
 * `timed`: the same statement first takes the service levels' settings lock and reads the
 * policies under it (`settingsUnderLock`), before it locks the ticket's row; answered as `sla`.
 */
export async function createMessage(
  tx: Executor,
  scope: OrgScope,
  ticketId: string,
  input: { body: string; internal?: boolean },
  options: { timed: boolean },
): Promise<{ message: Message; sla: SlaAtReply | null }> {
  const internal = input.internal ?? false;
  if (internal && !isStaff(scope.role)) {
    throw new ForbiddenError('internal_notes_forbidden', 'Only agents can write internal notes.');
  }
  if (!isUuid(ticketId)) throw ticketNotFound();
  const statements = replyStatement[isStaff(scope.role) ? 'staff' : 'requester'];
  const [created] = await statements[options.timed ? 'timed' : 'untimed'](tx, {
    id: Bun.randomUUIDv7(),
    orgId: scope.orgId,
    ticketId,
    userId: scope.userId,
    body: input.body,
    internal,
    ...(options.timed ? { slaLockKey: slaSettingsLockKey(scope.orgId) } : {}),
  });
  if (!created) throw ticketNotFound();
  const result = message(created);
  const events = [
    pendingEvent('message.created', {
      message: result,
      ticketNumber: created.ticket_number,
      requesterId: created.requester_id,
    }),
    // A reply on a ticket you requested (never an internal note) or are assigned.
    ...(await notificationsFor(tx, {
      orgId: scope.orgId,
      actorId: scope.userId,
      kind: 'reply',
      ticketId,
      messageId: result.id,
      recipients: [internal ? null : created.requester_id, created.assignee_id],
      staffOnly: internal,
    })),
  ];
  await recordEvents(tx, scope.orgId, events);
  const sla = options.timed
    ? { policies: (created.policies ?? []).map(toPolicy), hasTimers: created.has_timers === true }
    : null;
  return { message: result, sla };
}

/** What the reply email needs of a message, by organization id (the platform acts, not a member). */
export async function messageNotice(db: Executor, orgId: string, messageId: string) {
  const [message] = await db.execute<{
    body: string;
    internal: boolean;
    author_id: string;
    author_name: string;
  }>(sql`
    select m.body, m.internal, coalesce(m.author_id, m.author_contact_id) as author_id,
           coalesce(u.name, c.name) as author_name
      from messages m ${authorJoins}
     where m.org_id = ${orgId} and m.id = ${messageId}`);
  return message ?? null;
}

/** Inbound threading: the ticket a message of the organization is on, or null. */
export async function ticketOfMessage(db: Executor, messageId: string): Promise<string | null> {
  if (!isUuid(messageId)) return null;
  const [row] = await db.execute<{ ticket_id: string }>(
    sql`select ticket_id from messages where id = ${messageId}`,
  );
  return row?.ticket_id ?? null;
}
