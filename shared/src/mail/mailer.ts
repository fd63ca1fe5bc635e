import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import type { Executor } from '../db';
import type { MailContent } from './templates';

export interface Mailer {
  /**
   * Sends once per `dedupeKey`, ever: the key is recorded in the same transaction that sends, so
   * a job that runs twice (a retry after a crash, a duplicate) finds it and sends nothing. A send
   * that fails rolls the record back, so the retry sends. Returns false when it was already sent.
   */
  sendOnce(
    db: Executor,
    mail: { dedupeKey: string; to: string; template: string; content: MailContent },
  ): Promise<boolean>;
  verify(): Promise<void>;
  close(): void;
}

/** nodemailer over pooled SMTP. */
export function createMailer(options: {
  smtpUrl: string;
  from: string;
  connections?: number;
}): Mailer {
  const url = new URL(options.smtpUrl);
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
  });
  const domain = new URL(`http://${options.from.match(/@([^>\s]+)/)?.[1] ?? 'insightdesk.local'}`)
    .hostname;

  return {
    async sendOnce(db, mail) {
      return db.transaction(async (tx) => {
        // The same Message-ID for the same dedupe key: a receiving server can drop a duplicate.
        const messageId = `<${createHash('sha256').update(mail.dedupeKey).digest('hex').slice(0, 32)}@${domain}>`;
        const claimed = await tx.execute(sql`
          insert into email_deliveries (dedupe_key, recipient, template, message_id)
          values (${mail.dedupeKey}, ${mail.to}, ${mail.template}, ${messageId})
          on conflict (dedupe_key) do nothing
          returning dedupe_key`);
        if (claimed.length === 0) return false;
        await transport.sendMail({
          from: options.from,
          to: mail.to,
          subject: mail.content.subject,
          text: mail.content.text,
          html: mail.content.html,
          messageId,
          headers: { 'X-InsightDesk-Template': mail.template },
        });
        await tx.execute(
          sql`update email_deliveries set message_id = ${messageId} where dedupe_key = ${mail.dedupeKey}`,
        );
        return true;
      });
    },
    async verify() {
      await transport.verify();
    },
    close() {
      transport.close();
    },
  };
}
