import { decodeCursor, type Executor, isoText, type Page, toPage } from '@insightdesk/shared/db';
import { isUuid } from '@insightdesk/shared/tenancy';
import { sql } from 'drizzle-orm';
import type { InboundStatus } from '../schemas';

/**
 * The one owner of `inbound_emails`: each mail the ingress accepted, raw, from its record (before
 * the 250) to its outcome (the processing job, once).
 */

export interface ReceivedMail {
  readonly orgId: string;
  /** The Message-ID, or a digest of the content for a mail without one. */
  readonly messageKey: string;
  readonly mailFrom: string;
  readonly rcptTo: string;
  readonly remoteAddress: string;
  readonly helo: string;
  readonly raw: Uint8Array;
}

/** Records a mail; its id, or null when the organization has it already (the same Message-ID). */
export async function insertInboundEmail(tx: Executor, mail: ReceivedMail): Promise<string | null> {
  const [row] = await tx.execute<{ id: string }>(sql`
    insert into inbound_emails (id, org_id, message_key, mail_from, rcpt_to, remote_address, helo, raw, size)
    values (${Bun.randomUUIDv7()}, ${mail.orgId}, ${mail.messageKey}, ${mail.mailFrom}, ${mail.rcptTo},
            ${mail.remoteAddress}, ${mail.helo}, ${Buffer.from(mail.raw)}, ${mail.raw.byteLength})
    on conflict (org_id, message_key) do nothing
    returning id`);
  return row?.id ?? null;
}

/** Mails the organization received in the last hour: in all, and from `sender` (rate limits). */
export async function receivedLastHour(db: Executor, orgId: string, sender: string) {
  const [row] = await db.execute<{ org: number; sender: number }>(sql`
    select count(*)::int as org,
           count(*) filter (where lower(mail_from) = lower(${sender}))::int as sender
      from inbound_emails
     where org_id = ${orgId} and received_at > now() - interval '1 hour'`);
  return { org: row?.org ?? 0, sender: row?.sender ?? 0 };
}

export interface StoredMail extends ReceivedMail {
  readonly id: string;
  readonly status: InboundStatus;
}

/**
 * The mail, locked until the caller's transaction ends, if it still waits for processing (a job
 * run again after its work committed finds it processed: null).
 */
export async function claimInboundEmail(
  tx: Executor,
  orgId: string,
  id: string,
): Promise<StoredMail | null> {
  const [row] = await tx.execute<{
    id: string;
    org_id: string;
    message_key: string;
    mail_from: string;
    rcpt_to: string;
    remote_address: string;
    helo: string;
    raw: Buffer;
    status: InboundStatus;
  }>(sql`
    select id, org_id, message_key, mail_from, rcpt_to, remote_address, helo, raw, status
      from inbound_emails
     where org_id = ${orgId} and id = ${id} and status = 'received'
       for update`);
  if (!row) return null;
  return {
    id: row.id,
    orgId: row.org_id,
    messageKey: row.message_key,
    mailFrom: row.mail_from,
    rcptTo: row.rcpt_to,
    remoteAddress: row.remote_address,
    helo: row.helo,
    raw: row.raw,
    status: row.status,
  };
}

export interface Outcome {
  readonly status: Exclude<InboundStatus, 'received'>;
  readonly outcome: string;
  readonly authentication?: Record<string, unknown>;
  readonly ticketId?: string;
  readonly messageId?: string;
}

/** What became of the mail (in the transaction that did it). */
export async function finishInboundEmail(tx: Executor, id: string, o: Outcome): Promise<void> {
  await tx.execute(sql`
    update inbound_emails
       set status = ${o.status}, outcome = ${o.outcome},
           authentication = ${o.authentication ? JSON.stringify(o.authentication) : null}::jsonb,
           ticket_id = ${o.ticketId ?? null}, message_id = ${o.messageId ?? null},
           processed_at = now()
     where id = ${id}`);
}

/**
 * The Message-ID of the customer's mail that opened the ticket (the mail whose message is the
 * ticket's first), while that mail is kept: null for a ticket that came otherwise, a mail without
 * one, or one purged. Our mails about the ticket name it in References.
 */
export async function openingMessageId(
  db: Executor,
  orgId: string,
  ticketId: string,
): Promise<string | null> {
  const [row] = await db.execute<{ message_key: string }>(sql`
    select message_key from inbound_emails
     where org_id = ${orgId} and ticket_id = ${ticketId} and message_key like '<%'
       and message_id = (select m.id from messages m where m.ticket_id = ${ticketId}
                          order by m.created_at, m.id limit 1)
     limit 1`);
  return row?.message_key ?? null;
}

/** A held mail of the organization, locked (for its release or its discarding), or null. */
export async function lockHeldEmail(tx: Executor, orgId: string, id: string) {
  if (!isUuid(id)) return null;
  const [row] = await tx.execute<{
    id: string;
    raw: Buffer;
    mail_from: string;
    ticket_id: string | null;
  }>(sql`
    select id, raw, mail_from, ticket_id from inbound_emails
     where org_id = ${orgId} and id = ${id} and status = 'held'
       for update`);
  return row ?? null;
}

/** A held mail's fate, decided by an admin: released (a message on its ticket) or dropped. */
export async function settleHeldEmail(
  tx: Executor,
  id: string,
  o: { status: 'processed' | 'dropped'; outcome: string; messageId?: string },
): Promise<void> {
  await tx.execute(sql`
    update inbound_emails
       set status = ${o.status}, outcome = ${o.outcome}, message_id = ${o.messageId ?? null},
           processed_at = now()
     where id = ${id} and status = 'held'`);
}

/**
 * A page of the organization's mails, newest first (of one status when given): keyset on
 * (received_at, id), so a page is the same whatever arrives meanwhile.
 */
export async function listInboundEmails(
  db: Executor,
  orgId: string,
  page: { limit: number; cursor?: string | undefined },
  status?: InboundStatus,
): Promise<Page<InboundMailRow>> {
  const after = decodeCursor(page.cursor);
  // received_at is kept to the millisecond (timestampMs): its ISO text is exact, a cursor too.
  const rows = await db.execute<InboundMailRow>(sql`
    select id, mail_from, rcpt_to, size, status, outcome, authentication, ticket_id, message_id,
           ${isoText(sql`received_at`)} as received_at
      from inbound_emails where org_id = ${orgId}
       ${status ? sql`and status = ${status}` : sql``}
       ${after ? sql`and (received_at, id) < (${after.at.toISOString()}::timestamptz, ${after.id}::uuid)` : sql``}
     order by received_at desc, id desc limit ${page.limit + 1}`);
  return toPage(
    [...rows],
    page.limit,
    (r) => r,
    (r) => ({ at: new Date(r.received_at), id: r.id }),
  );
}

export type InboundMailRow = {
  id: string;
  mail_from: string;
  rcpt_to: string;
  size: number;
  status: InboundStatus;
  outcome: string | null;
  authentication: Record<string, unknown> | null;
  ticket_id: string | null;
  message_id: string | null;
  received_at: string;
};

/**
 * Maintenance: mails received more than 30 days ago (their raw bytes with them); a ticket or
 * message made of one stays. A mail still waiting for processing is kept.
 */
export async function purgeInboundEmails(db: Executor): Promise<number> {
  const rows = await db.execute(sql`
    delete from inbound_emails
     where received_at < now() - interval '30 days' and status <> 'received'
    returning id`);
  return rows.length;
}
