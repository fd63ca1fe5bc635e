import type { ReachedOrganizations } from '@insightdesk/shared/api';
import { decodeCursor, type Executor, isoText, type Page, toPage } from '@insightdesk/shared/db';
import { ValidationError } from '@insightdesk/shared/errors';
import { type PendingEvent, recordEvents } from '@insightdesk/shared/events';
import { sql } from 'drizzle-orm';
import { INTERNAL_NOTE_ROLES } from './access';
import { pendingEvent } from './event-writer';
import type { Notification } from './schemas';

/**
 * In-app notifications: the one owner of the `notifications` table (its reads join `tickets` and
 * `users` for the ticket's number and the actor's name; its insert reads `tickets` for the
 * subject it keeps and `memberships` for who may still hear of the organization). Written in the
 * transaction of the change that causes them, with a `notification.created` event each (the
 * outbox), which the ws instances hand to every socket of the recipient. The table is the record:
 * a client that was offline lists them (`unreadCount` says how many it missed), so the live event
 * carries no stream id to resume from. A notification keeps the subject its ticket had when it
 * was made; a member who leaves an organization loses their notifications of it.
 */

type Row = {
  id: string;
  user_id: string;
  org_id: string;
  kind: Notification['kind'];
  ticket_id: string;
  ticket_number: number;
  ticket_subject: string;
  message_id: string | null;
  actor_id: string | null;
  actor_name: string | null;
  read_at: string | null;
  created_at: string;
};

const toNotification = (r: Row): Notification => ({
  id: r.id,
  orgId: r.org_id,
  kind: r.kind,
  ticket: { id: r.ticket_id, number: r.ticket_number, subject: r.ticket_subject },
  messageId: r.message_id,
  actor: r.actor_id && r.actor_name ? { id: r.actor_id, name: r.actor_name } : null,
  read: r.read_at !== null,
  createdAt: r.created_at,
});

const columns = sql`n.id, n.user_id, n.org_id, n.kind, n.ticket_id, t.number as ticket_number,
  n.ticket_subject, n.message_id, n.actor_id, a.name as actor_name,
  ${isoText(sql`n.read_at`)} as read_at, ${isoText(sql`n.created_at`)} as created_at`;
const joins = sql`join tickets t on t.id = n.ticket_id left join users a on a.id = n.actor_id`;

interface NotificationCause {
  orgId: string;
  /** Null: the help desk itself (a service-level warning or breach), or a contact's mail (not a member). */
  actorId: string | null;
  kind: Notification['kind'];
  ticketId: string;
  messageId?: string;
  recipients: readonly (string | null | undefined)[];
  /** Only those who read internal notes may hear of it (an internal note: access.ts). */
  staffOnly?: boolean;
}

const staffRoles = sql.join(
  INTERNAL_NOTE_ROLES.map((r) => sql`${r}`),
  sql`, `,
);

/**
 * One notification per recipient (never the actor, each recipient once, and only a current
 * member of the organization — an agent or above when `staffOnly`), in the caller's transaction
 * and in one statement; answers their `notification.created` events for the caller to record
 * with its own (one outbox statement for all).
 */
export async function notificationsFor(
  tx: Executor,
  what: NotificationCause,
): Promise<PendingEvent[]> {
  const recipients = [...new Set(what.recipients)].filter(
    (r): r is string => typeof r === 'string' && r !== what.actorId,
  );
  if (recipients.length === 0) return [];
  const values = recipients.map(
    (userId, i) => sql`(${Bun.randomUUIDv7()}::uuid, ${userId}::uuid, ${i}::int)`,
  );
  const rows = await tx.execute<Row>(sql`
    with n as (
      insert into notifications
        (id, user_id, org_id, kind, ticket_id, ticket_subject, message_id, actor_id)
      select r.id, r.user_id, ${what.orgId}, ${what.kind}, t.id, t.subject,
             ${what.messageId ?? null}, ${what.actorId}
        from (values ${sql.join(values, sql`, `)}) as r(id, user_id, position)
        join tickets t on t.id = ${what.ticketId} and t.org_id = ${what.orgId}
        join memberships m on m.org_id = t.org_id and m.user_id = r.user_id
       where ${what.staffOnly ? sql`m.role_name in (${staffRoles})` : sql`true`}
       order by r.position
      returning *)
    select ${columns} from n ${joins}`);
  const byUser = new Map([...rows].map((row) => [row.user_id, row]));
  return recipients.flatMap((userId) => {
    const row = byUser.get(userId);
    return row
      ? [pendingEvent('notification.created', { userId, notification: toNotification(row) })]
      : [];
  });
}

/**
 * A member left the organization: their notifications of it go, read or not (they named its
 * tickets), in the transaction of the removal; the relay then finds any of them it had still to
 * deliver gone (`notificationExists`).
 */
export async function dropNotificationsOf(
  tx: Executor,
  orgId: string,
  userId: string,
): Promise<number> {
  const rows = await tx.execute(sql`
    delete from notifications where org_id = ${orgId} and user_id = ${userId} returning id`);
  return rows.length;
}

/** Whether a notification is still there to be delivered (its recipient did not leave since). */
export async function notificationExists(db: Executor, id: string): Promise<boolean> {
  const rows = await db.execute(sql`select 1 from notifications where id = ${id}`);
  return rows.length > 0;
}

/** `notificationsFor`, and their events recorded. */
export async function notify(tx: Executor, what: NotificationCause): Promise<void> {
  await recordEvents(tx, what.orgId, await notificationsFor(tx, what));
}

/**
 * Whose notifications a request sees: the user's, of the organizations its session reaches
 * (shared/src/api/reached-organizations.ts: one only, or every one but those requiring an SSO
 * sign-in the session lacks).
 */
export interface NotificationReader {
  readonly userId: string;
  readonly organizations: ReachedOrganizations;
}

const ofReader = (reader: NotificationReader, alias = '') => {
  const column = (name: string) => sql.raw(`${alias}${name}`);
  const { organizations } = reader;
  const reached =
    'only' in organizations
      ? sql`and ${column('org_id')} = ${organizations.only}`
      : organizations.except.length > 0
        ? sql`and ${column('org_id')} <> all(${`{${organizations.except.join(',')}}`}::uuid[])`
        : sql``;
  return sql`${column('user_id')} = ${reader.userId} ${reached}`;
};

async function unreadCount(db: Executor, reader: NotificationReader): Promise<number> {
  const [row] = await db.execute<{ n: number }>(
    sql`select count(*)::int as n from notifications where ${ofReader(reader)} and read_at is null`,
  );
  return row?.n ?? 0;
}

/** A user's notifications, newest first, with how many are unread. */
export async function listNotifications(
  db: Executor,
  reader: NotificationReader,
  page: { limit: number; cursor?: string; unread?: boolean },
): Promise<Page<Notification> & { unreadCount: number }> {
  const after = decodeCursor(page.cursor);
  const rows = await db.execute<Row>(sql`
    select ${columns} from notifications n ${joins}
     where ${ofReader(reader, 'n.')}
       ${page.unread ? sql`and n.read_at is null` : sql``}
       ${after ? sql`and (n.created_at, n.id) < (${after.at.toISOString()}::timestamptz, ${after.id}::uuid)` : sql``}
     order by n.created_at desc, n.id desc
     limit ${page.limit + 1}`);
  const listed = toPage([...rows], page.limit, toNotification, (r) => ({
    at: new Date(r.created_at),
    id: r.id,
  }));
  return { ...listed, unreadCount: await unreadCount(db, reader) };
}

/** Marks some (`ids`, the reader's own only) or every notification read; answers what is left unread. */
export async function markNotificationsRead(
  db: Executor,
  reader: NotificationReader,
  which: { ids: readonly string[] } | { all: true },
): Promise<number> {
  if ('ids' in which) {
    if (which.ids.length === 0) throw new ValidationError([{ path: 'ids', message: 'Empty.' }]);
    await db.execute(sql`
      update notifications set read_at = now()
       where ${ofReader(reader)} and read_at is null
         and id = any(${`{${which.ids.join(',')}}`}::uuid[])`);
  } else {
    await db.execute(sql`
      update notifications set read_at = now() where ${ofReader(reader)} and read_at is null`);
  }
  return unreadCount(db, reader);
}

/** Maintenance: notifications read more than 90 days ago. */
export async function purgeNotifications(db: Executor): Promise<number> {
  const rows = await db.execute(sql`
    delete from notifications where read_at < now() - interval '90 days' returning id`);
  return rows.length;
}
