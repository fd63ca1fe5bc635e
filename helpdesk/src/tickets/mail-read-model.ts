import { type Executor, isUuid } from '@insightdesk/shared/db';
import { sql } from 'drizzle-orm';
import { authorJoins } from './messages';

/**
 * The read model for mail: what the mail jobs need of a ticket and a message, and what inbound
 * mail needs to find the ticket it answers. It reads, never writes: `tickets` and `messages`
 * with the names and addresses of `users`, `contacts` and `organizations`, and `memberships`.
 * The platform acts here, not a member: each read is by organization id, or by an id only the
 * platform gave out (a reply address, a Message-ID of ours).
 */

/**
 * What the email jobs need of a ticket, by organization id: its requester (and whether they are
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

/** What the reply email needs of a message, by organization id. */
export async function messageNotice(db: Executor, orgId: string, messageId: string) {
  const [message] = await db.execute<{ body: string; author_name: string }>(sql`
    select m.body, coalesce(u.name, c.name) as author_name
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
