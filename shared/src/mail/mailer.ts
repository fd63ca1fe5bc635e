import { createHash } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { Executor } from '../db';
import { RetryLaterError } from '../errors';
import type { Logger } from '../logger';
import { type Claim, claimDelivery, markSent, releaseClaim } from './deliveries';
import type { MailContent } from './templates';

export interface Mailer {
  /**
   * Sends once per `dedupeKey`, ever (see deliveries.ts for the claim protocol and its one
   * window): returns false when it was sent already. The SMTP exchange holds no database
   * connection. A send that fails gives the key back, so the retry sends; while another attempt
   * holds the key this throws `RetryLaterError` (the worker retries the job at the lease's end).
   */
  sendOnce(
    db: Executor,
    mail: { dedupeKey: string; to: string; template: string; content: MailContent },
  ): Promise<boolean>;
  verify(): Promise<void>;
  close(): void;
}

class SendTimedOut extends Error {}

/** nodemailer over pooled SMTP, with claims held for `leaseSeconds`. */
export function createMailer(options: {
  smtpUrl: string;
  from: string;
  leaseSeconds: number;
  logger: Logger;
  connections?: number;
}): Mailer {
  const url = new URL(options.smtpUrl);
  // A send is cut off at half the lease, so that a claim whose lease ran out can only belong to
  // an attempt that died.
  const sendDeadlineMs = (options.leaseSeconds * 1000) / 2;
  const transport = nodemailer.createTransport({
    host: url.hostname,
    port: Number(url.port || (url.protocol === 'smtps:' ? 465 : 587)),
    secure: url.protocol === 'smtps:',
    ...(url.username
      ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } }
      : {}),
    pool: true,
    maxConnections: options.connections ?? 10,
    maxMessages: Number.POSITIVE_INFINITY,
    connectionTimeout: sendDeadlineMs,
    greetingTimeout: sendDeadlineMs,
    socketTimeout: sendDeadlineMs,
  });
  const domain = new URL(`http://${options.from.match(/@([^>\s]+)/)?.[1] ?? 'insightdesk.local'}`)
    .hostname;
  const log = options.logger.child({ component: 'mailer' });

  /** After the deadline the send may still finish: it is then recorded, or its claim released. */
  function settleLate(db: Executor, claim: Claim, sending: Promise<unknown>) {
    sending
      .then(
        () => markSent(db, claim),
        () => releaseClaim(db, claim),
      )
      .catch((err) => log.warn({ err, dedupeKey: claim.dedupeKey }, 'late send not recorded'));
  }

  return {
    async sendOnce(db, mail) {
      // The same Message-ID for the same dedupe key: a receiving server can drop a duplicate.
      const messageId = `<${createHash('sha256').update(mail.dedupeKey).digest('hex').slice(0, 32)}@${domain}>`;
      const claimed = await claimDelivery(
        db,
        { dedupeKey: mail.dedupeKey, recipient: mail.to, template: mail.template, messageId },
        options.leaseSeconds,
      );
      if (claimed.kind === 'sent') return false;
      if (claimed.kind === 'busy') {
        throw new RetryLaterError(claimed.retryAt, 'another attempt is sending this mail');
      }
      const { claim } = claimed;
      const sending = transport.sendMail({
        from: options.from,
        to: mail.to,
        subject: mail.content.subject,
        text: mail.content.text,
        html: mail.content.html,
        messageId,
        headers: { 'X-InsightDesk-Template': mail.template },
      });
      let timer: Timer | undefined;
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new SendTimedOut('SMTP send timed out')), sendDeadlineMs);
      });
      try {
        await Promise.race([sending, deadline]);
      } catch (err) {
        if (err instanceof SendTimedOut) settleLate(db, claim, sending);
        else await releaseClaim(db, claim);
        throw err;
      } finally {
        clearTimeout(timer);
      }
      if (!(await markSent(db, claim))) {
        // Our lease ran out before the send finished and another attempt took the key over.
        log.warn({ template: mail.template }, 'mail sent after its claim lapsed: may go out twice');
      }
      return true;
    },
    async verify() {
      await transport.verify();
    },
    close() {
      transport.close();
    },
  };
}
