import { type SQL, sql } from 'drizzle-orm';
import { type Executor, statement } from '../db';
import { isKeyedMessageId } from './message-id';

/**
 * The one owner of the `email_deliveries` table: the claim protocol that keeps "sent once" while
 * the SMTP exchange runs outside any database transaction.
 *
 *   claim  → a row for the dedupe key with a fresh token, held until `claimed_until` (the lease)
 *   send   → SMTP, no connection or transaction held meanwhile
 *   mark   → `sent_at` set, if the claim is still ours (the token stays: a mark repeated because
 *            its answer was lost finds its own mark)
 *   release→ the row dropped, if still ours and unsent (the send failed: a retry may send)
 *
 * A claim whose lease ran out belongs to an attempt that died (a live one has marked or released
 * it by then: sends are cut off well within the lease; or it gave up marking, the database out of
 * its reach for the whole lease), and the next attempt takes it over.
 *
 * The guarantee: exactly once for a crash anywhere but in one window, at least once in it. The
 * window opens when the SMTP server accepts the message (its 250 to DATA) and closes when the mark
 * reaches the database. An attempt that dies there leaves a claim that looks like one that died
 * before sending — SMTP has no idempotency, so nothing can tell them apart — and the next attempt
 * sends again after the lease, with the same Message-ID (derived from the dedupe key: receivers
 * that de-duplicate by it show one message; a 250 lost on the wire, SMTP's own duplicate window,
 * ends the same way). Recording "maybe accepted" before DATA's end instead would make that
 * window at most once but lose the mail of every attempt that died during the exchange, a far
 * wider window; a duplicate under one Message-ID costs less than a lost reset link. The mailer
 * keeps the window to the mark itself: one primary-key UPDATE issued on the 250, with nothing in
 * between, and retried through database errors until the lease ends. Each crash point is
 * exercised in tests/background/email-crashes.test.ts.
 */

export interface Claim {
  readonly dedupeKey: string;
  readonly token: string;
}

export type ClaimResult =
  | { readonly kind: 'claimed'; readonly claim: Claim }
  /** Sent already (by this job earlier, or a duplicate of it). */
  | { readonly kind: 'sent' }
  /** Another attempt holds a live claim: try again after `retryAt` (its lease's end). */
  | { readonly kind: 'busy'; readonly retryAt: Date };

export interface Delivery {
  readonly dedupeKey: string;
  readonly recipient: string;
  readonly template: string;
  readonly messageId: string;
}

/** A claim taken over (a lapsed lease, unsent) or refused: the answer to a claim's insert. */
const takeOverLapsed = sql`
    on conflict (dedupe_key) do update
       set claim_token = excluded.claim_token, claimed_until = excluded.claimed_until,
           recipient = excluded.recipient, template = excluded.template,
           message_id = excluded.message_id
     where email_deliveries.sent_at is null and email_deliveries.claimed_until < now()
    returning claim_token`;

// Every mail job runs a claim and a mark: their text is rendered once (statement()).
const claim = statement<
  { claim_token: string },
  Delivery & { token: string; leaseSeconds: number }
>(sql`
    insert into email_deliveries (dedupe_key, recipient, template, message_id, claim_token, claimed_until)
    values (${sql.placeholder('dedupeKey')}, ${sql.placeholder('recipient')}, ${sql.placeholder('template')},
            ${sql.placeholder('messageId')}, ${sql.placeholder('token')},
            now() + make_interval(secs => ${sql.placeholder('leaseSeconds')}))
    ${takeOverLapsed}`);
const mark = statement<{ dedupe_key: string }, Claim>(sql`
    update email_deliveries set sent_at = coalesce(sent_at, now()), claimed_until = null
     where dedupe_key = ${sql.placeholder('dedupeKey')} and claim_token = ${sql.placeholder('token')}
    returning dedupe_key`);

/** What a mail's read gives a claim made with it (claimingRead): one row, or none. */
export interface MailSource {
  readonly recipient: string;
  /** Whether the mail is still due (a pending invitation, a usable link): only then claimed. */
  readonly mailable: boolean;
}

/** What a claim made with a read is given besides the read's own values. */
export interface ClaimValues {
  readonly dedupeKey: string;
  readonly template: string;
  readonly messageId: string;
  readonly token: string;
  readonly leaseSeconds: number;
}

/** A read and the claim of its mail, run together (claimingRead). */
export type ClaimingRead<Row extends MailSource, Values extends object> = (
  db: Executor,
  values: Values & ClaimValues,
) => Promise<(Row & { claim_token: string | null })[]>;

/**
 * A mail job's read and its delivery's claim in one statement, a round trip fewer per mail:
 * `source` (a select of the table's owner) finds at most one row, with its `recipient`, whether
 * it is `mailable`, and what the mail's content needs; a mailable row's delivery is claimed as
 * `claimDelivery` claims one. The row comes back with the claim's token: the one given when the
 * claim is ours; otherwise `claimDelivery` tells why not (sent already, or held by another
 * attempt).
 */
export function claimingRead<Row extends MailSource, Values extends object>(
  source: SQL,
): ClaimingRead<Row, Values> {
  return statement<Row & { claim_token: string | null }, Values & ClaimValues>(sql`
    with source as (${source}),
    claimed as (
      insert into email_deliveries (dedupe_key, recipient, template, message_id, claim_token, claimed_until)
      select ${sql.placeholder('dedupeKey')}, source.recipient, ${sql.placeholder('template')},
             ${sql.placeholder('messageId')}, ${sql.placeholder('token')}::uuid,
             now() + make_interval(secs => ${sql.placeholder('leaseSeconds')})
        from source
       where source.mailable
      ${takeOverLapsed})
    select source.*, (select claim_token from claimed) as claim_token from source`);
}

/** Claims `delivery.dedupeKey` for `leaseSeconds`, or says why not. One round trip when free. */
export async function claimDelivery(
  db: Executor,
  delivery: Delivery,
  leaseSeconds: number,
  tries = 3,
): Promise<ClaimResult> {
  const token = crypto.randomUUID();
  const [taken] = await claim(db, { ...delivery, token, leaseSeconds });
  if (taken?.claim_token === token) {
    return { kind: 'claimed', claim: { dedupeKey: delivery.dedupeKey, token } };
  }
  const [held] = await db.execute<{ sent: boolean; retry_at_ms: number | null }>(sql`
    select sent_at is not null as sent,
           (extract(epoch from claimed_until) * 1000)::float8 as retry_at_ms
      from email_deliveries where dedupe_key = ${delivery.dedupeKey}`);
  // Released between the two statements: claim again (a few times; then report it busy).
  if (!held && tries > 1) return claimDelivery(db, delivery, leaseSeconds, tries - 1);
  if (held?.sent) return { kind: 'sent' };
  return { kind: 'busy', retryAt: new Date(held?.retry_at_ms ?? Date.now() + 1000) };
}

/**
 * Records the send. False when the claim is no longer ours (its lease ran out meanwhile and
 * another attempt took it over). Repeatable: true again for the claim that marked it.
 */
export async function markSent(db: Executor, claim: Claim): Promise<boolean> {
  const rows = await mark(db, { dedupeKey: claim.dedupeKey, token: claim.token });
  return rows.length > 0;
}

/** Gives the key back after a send that failed (the SMTP server took nothing): a retry sends. */
export async function releaseClaim(db: Executor, claim: Claim): Promise<void> {
  await db.execute(sql`
    delete from email_deliveries
     where dedupe_key = ${claim.dedupeKey} and claim_token = ${claim.token} and sent_at is null`);
}

/**
 * The deliveries sent with these Message-IDs (an inbound reply's In-Reply-To and References):
 * what each was (its dedupe key) and to whom. Only keyed Message-IDs are looked up: one of the
 * unkeyed form is computable from what its mail was about, so naming it proves nothing.
 */
export async function deliveriesByMessageId(
  db: Executor,
  named: readonly string[],
): Promise<{ dedupeKey: string; recipient: string; messageId: string }[]> {
  const messageIds = named.filter(isKeyedMessageId);
  if (messageIds.length === 0) return [];
  const rows = await db.execute<{ dedupe_key: string; recipient: string; message_id: string }>(sql`
    select dedupe_key, recipient, message_id from email_deliveries
     where message_id in (${sql.join(
       messageIds.map((id) => sql`${id}`),
       sql`, `,
     )}) and sent_at is not null`);
  return rows.map((r) => ({
    dedupeKey: r.dedupe_key,
    recipient: r.recipient,
    messageId: r.message_id,
  }));
}

/** Maintenance: deliveries sent more than 90 days ago, and claims abandoned as long ago. */
export async function purgeDeliveries(db: Executor): Promise<number> {
  const rows = await db.execute(sql`
    delete from email_deliveries
     where sent_at < now() - interval '90 days'
        or (sent_at is null and claimed_until < now() - interval '90 days')
    returning dedupe_key`);
  return rows.length;
}
