import { sql } from 'drizzle-orm';
import type { Executor } from '../db';

/**
 * What the email jobs need, read by organization id: these run for the platform (no member is
 * acting), and each query is still filtered by the organization it was given.
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
  }>(sql`
    select t.number, t.subject, t.requester_id, u.name as requester_name, u.email as requester_email,
           o.name as organization,
           (select m.body from messages m where m.ticket_id = t.id order by m.created_at, m.id limit 1) as body
      from tickets t
      join users u on u.id = t.requester_id
      join organizations o on o.id = t.org_id
     where t.org_id = ${orgId} and t.id = ${ticketId}`);
  return ticket ?? null;
}

/** The organization's agents and above (who hear about new tickets). */
export async function staffOf(db: Executor, orgId: string) {
  return db.execute<{ id: string; email: string; name: string }>(sql`
    select u.id, u.email, u.name from memberships m join users u on u.id = m.user_id
     where m.org_id = ${orgId} and m.role in ('owner', 'admin', 'agent')
     order by u.id`);
}

export async function messageNotice(db: Executor, orgId: string, messageId: string) {
  const [message] = await db.execute<{
    body: string;
    internal: boolean;
    author_id: string;
    author_name: string;
  }>(sql`
    select m.body, m.internal, m.author_id, u.name as author_name
      from messages m join users u on u.id = m.author_id
     where m.org_id = ${orgId} and m.id = ${messageId}`);
  return message ?? null;
}

export async function invitationNotice(db: Executor, invitationId: string) {
  const [invitation] = await db.execute<{
    email: string;
    role: string;
    organization: string;
    inviter: string | null;
    accepted_at: string | null;
    expired: boolean;
  }>(sql`
    select i.email, i.role, o.name as organization, u.name as inviter, i.accepted_at,
           i.expires_at <= now() as expired
      from invitations i join organizations o on o.id = i.org_id
      left join users u on u.id = i.invited_by
     where i.id = ${invitationId}`);
  return invitation ?? null;
}
