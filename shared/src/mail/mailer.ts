import type { Executor } from '../db';
import { RetryLaterError } from '../errors';
import type { Logger } from '../logger';
import {
  type Claim,
  type ClaimingRead,
  claimDelivery,
  type MailSource,
  markSent,
  releaseClaim,
} from './deliveries';
import { messageIds } from './message-id';
import { composeMessage } from './mime';
import { createSmtpPool } from './smtp-pool';
import type { MailContent } from './templates';

export interface Mailer {
  /**
   * Sends once per `dedupeKey`, ever (see deliveries.ts for the claim protocol and its one
   * window): returns false when it was sent already. The SMTP exchange holds no database
   * connection. A send that fails gives the key back, so the retry sends; while another attempt
   * holds the key this throws `RetryLaterError` (the worker retries the job at the lease's end).
   */
  sendOnce(db: Executor, mail: OutgoingMail): Promise<boolean>;
  /**
   * `sendOnce` for a mail whose recipient and content come from one row, read by the same
   * statement that claims the mail (`claimingRead`): a round trip fewer. `skipped` when the read
   * found no row or one no longer mailable; then nothing is claimed.
   */
  sendOnceRead<Row extends MailSource, Values extends object>(
    db: Executor,
    mail: MailRead<Row, Values>,
  ): Promise<boolean | 'skipped'>;
  /**
   * The Message-ID of the mail sent once per `dedupeKey` (message-id.ts): what a later mail names
   * in In-Reply-To and References to answer it.
   */
  messageIdOf(dedupeKey: string): string;
  verify(): Promise<void>;
  close(): void;
}

export interface OutgoingMail {
  readonly dedupeKey: string;
  readonly to: string;
  readonly template: string;
  readonly content: MailContent;
  /** Where the recipient's answer goes (a product's inbound reply address). */
  readonly replyTo?: string;
  /** The envelope sender (MAIL FROM), where bounces go; default: the From address. */
  readonly bounceTo?: string;
  /** The conversation it belongs to (RFC 5322 §3.6.4): the mail it answers, the thread's IDs. */
  readonly inReplyTo?: string;
  readonly references?: readonly string[];
}

/** A mail read and claimed by one statement (`Mailer.sendOnceRead`). */
export interface MailRead<Row extends MailSource, Values extends object> {
  readonly dedupeKey: string;
  readonly template: string;
  readonly read: ClaimingRead<Row, Values>;
  /** The read's own values (the claim's are the mailer's). */
  readonly values: Values;
  /** The mail of the row read (its `to` is the row's recipient). */
  readonly mail: (row: Row) => Omit<OutgoingMail, 'dedupeKey' | 'template' | 'to'>;
}

class SendTimedOut extends Error {}

/** Pooled SMTP (smtp-pool.ts), with claims held for `leaseSeconds`. */
export function createMailer(options: {
  smtpUrl: string;
  from: string;
  /** The server secret the Message-IDs' key derives from (message-id.ts). */
  messageIdSecret: string;
  leaseSeconds: number;
  logger: Logger;
  connections?: number;
}): Mailer {
  // A send is cut off at half the lease, so that a claim whose lease ran out can only belong to
  // an attempt that died.
  const sendDeadlineMs = (options.leaseSeconds * 1000) / 2;
  const smtp = createSmtpPool({
    url: options.smtpUrl,
    connections: options.connections ?? 10,
    timeoutMs: sendDeadlineMs,
  });
  const domain = new URL(`http://${options.from.match(/@([^>\s]+)/)?.[1] ?? 'insightdesk.local'}`)
    .hostname;
  const log = options.logger.child({ component: 'mailer' });
  /**
   * Marks the claim sent, retrying through database errors (a dropped connection, a failover)
   * until the lease ends: the mail is out, and until the mark commits a crash would send it again.
   * Within the lease no other attempt can send, so retrying can only help; after it, the next
   * attempt decides (and this mark, if it still lands, finds the claim taken over).
   */
  async function recordSent(db: Executor, claim: Claim, leaseEndsAt: number): Promise<boolean> {
    for (let pauseMs = 50; ; pauseMs = Math.min(pauseMs * 2, 2000)) {
      try {
        return await markSent(db, claim);
      } catch (err) {
        if (Date.now() + pauseMs >= leaseEndsAt) throw err;
        log.warn({ err, dedupeKey: claim.dedupeKey }, 'mail sent, not recorded yet: retrying');
        await Bun.sleep(pauseMs);
      }
    }
  }

  /** The same Message-ID for the same dedupe key: a receiving server can drop a duplicate. */
  const messageIdOf = messageIds(options.messageIdSecret, domain).of;

  /** The claim, or false when the mail was sent already (busy: the job retries after the lease). */
  async function claimOf(db: Executor, mail: OutgoingMail, messageId: string) {
    const claimed = await claimDelivery(
      db,
      { dedupeKey: mail.dedupeKey, recipient: mail.to, template: mail.template, messageId },
      options.leaseSeconds,
    );
    if (claimed.kind === 'sent') return false;
    if (claimed.kind === 'busy') {
      throw new RetryLaterError(claimed.retryAt, 'another attempt is sending this mail');
    }
    return claimed.claim;
  }

  return {
    async sendOnce(db, mail) {
      const messageId = messageIdOf(mail.dedupeKey);
      const leaseEndsAt = Date.now() + options.leaseSeconds * 1000;
      const claim = await claimOf(db, mail, messageId);
      return claim !== false && deliver(db, mail, messageId, claim, leaseEndsAt);
    },
    async sendOnceRead(db, { dedupeKey, template, read, values, mail: mailOf }) {
      const messageId = messageIdOf(dedupeKey);
      const leaseEndsAt = Date.now() + options.leaseSeconds * 1000;
      const token = crypto.randomUUID();
      const claiming = {
        dedupeKey,
        template,
        messageId,
        token,
        leaseSeconds: options.leaseSeconds,
      };
      const [row] = await read(db, { ...values, ...claiming });
      if (!row?.mailable) return 'skipped';
      const mail = { ...mailOf(row), dedupeKey, template, to: row.recipient };
      // Not ours: sent already, or another attempt holds it (claimDelivery says which).
      const ours =
        row.claim_token === token ? { dedupeKey, token } : await claimOf(db, mail, messageId);
      return ours !== false && deliver(db, mail, messageId, ours, leaseEndsAt);
    },
    messageIdOf,
    async verify() {
      await smtp.verify();
    },
    close() {
      smtp.close();
    },
  };

  /** Composes and sends a claimed mail, then marks it sent (or gives the key back). */
  async function deliver(
    db: Executor,
    mail: OutgoingMail,
    messageId: string,
    claim: Claim,
    leaseEndsAt: number,
  ): Promise<true> {
    // Not begun after the deadline below: one still waiting for a connection then never goes out
    // behind the job's back (the retry takes its key over once the lease ends).
    const notAfter = Date.now() + sendDeadlineMs;
    const sending = composeMessage({
      from: options.from,
      to: mail.to,
      ...(mail.replyTo ? { replyTo: mail.replyTo } : {}),
      ...(mail.bounceTo ? { bounceTo: mail.bounceTo } : {}),
      ...mail.content,
      messageId,
      inReplyTo: mail.inReplyTo,
      references: mail.references,
      date: new Date(),
      // Ours, automatic (RFC 3834): a mail of ours that comes back is known by these.
      headers: { 'X-InsightDesk-Template': mail.template, 'Auto-Submitted': 'auto-generated' },
    }).then(({ envelope, raw }) => smtp.send(envelope, raw, notAfter));
    // The mark is chained to the SMTP answer itself, ahead of everything else waiting on it (the
    // deadline's race included): from the server's 250 to the mark reaching the database is the
    // one window in which a crash sends the mail twice (deliveries.ts), so nothing else runs in
    // it. A refusal gives the key back; the send's error is what the job fails with.
    const settled = sending.then(
      () => recordSent(db, claim, leaseEndsAt),
      (err) =>
        releaseClaim(db, claim).then(
          () => Promise.reject(err),
          (lost) => {
            log.warn(
              { err: lost, dedupeKey: claim.dedupeKey },
              'claim not released: kept to its lease',
            );
            return Promise.reject(err);
          },
        ),
    );
    let timer: Timer | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new SendTimedOut('SMTP send timed out')), sendDeadlineMs);
    });
    try {
      await Promise.race([sending, deadline]);
    } catch (err) {
      if (err instanceof SendTimedOut) {
        // The send may still finish after the deadline: it is then recorded, or its key released.
        settled.then(
          (marked) => marked || log.warn({ dedupeKey: claim.dedupeKey }, 'late send: claim lapsed'),
          (late) =>
            log.warn(
              { err: late, dedupeKey: claim.dedupeKey },
              'late send failed, or not recorded',
            ),
        );
      } else {
        await settled.catch(() => undefined); // the key is back before the job fails
      }
      throw err;
    } finally {
      clearTimeout(timer);
    }
    if (!(await settled)) {
      // Our lease ran out before the send finished and another attempt took the key over.
      log.warn({ template: mail.template }, 'mail sent after its claim lapsed: may go out twice');
    }
    return true;
  }
}
