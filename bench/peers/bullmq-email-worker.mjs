// Peer: InsightDesk's `email/invitation` job as a BullMQ worker on Node would run it — pg, ioredis,
// nodemailer over pooled SMTP into the same catcher, and the same send-once record (the claim
// protocol on `email_deliveries`: claim, send, mark sent; released when the send fails). Its queue
// lives under its own prefix, so the stack's workers never take its jobs.
// Usage: node bullmq-email-worker.mjs <port>   (the port answers /health/live)
import { createHash, createHmac, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { Worker } from 'bullmq';
import Redis from 'ioredis';
import nodemailer from 'nodemailer';
import pg from 'pg';

const port = Number(process.argv[2]);
const concurrency = Number(process.env.WORKER_CONCURRENCY ?? 20);
const leaseSeconds = 30;
const from = 'InsightDesk <no-reply@insightdesk.local>';
const publicUrl = process.env.PUBLIC_URL ?? 'https://localhost:8443';
// Idle connections kept 60 s, as InsightDesk's pool keeps them (see ticket-data.mjs).
const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: concurrency + 5,
  idleTimeoutMillis: 60_000,
});
const smtp = new URL(process.env.SMTP_URL);
const transport = nodemailer.createTransport({
  host: smtp.hostname,
  port: Number(smtp.port),
  secure: false,
  pool: true,
  maxConnections: concurrency,
  maxMessages: Number.POSITIVE_INFINITY,
});

const escapeHtml = (s) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

function invitationMail({ organization, inviter, role, link }) {
  const subject = `${inviter} invited you to ${organization} on InsightDesk`;
  const text = `${inviter} invited you to join ${organization} as ${role}.\n\nAccept the invitation:\n${link}\n\nIf you did not expect this, ignore this email.\n`;
  const html = `<!doctype html>
<html><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family: system-ui, sans-serif; line-height: 1.5; color: #1f2933; max-width: 560px; margin: 24px auto;">
<p>${escapeHtml(inviter)} invited you to join <strong>${escapeHtml(organization)}</strong> as ${escapeHtml(role)}.</p>
<p>If you did not expect this, ignore this email.</p>
<p><a href="${escapeHtml(link)}" style="display:inline-block;padding:10px 16px;background:#2457c5;color:#fff;border-radius:6px;text-decoration:none">Accept the invitation</a></p>
<hr style="border:none;border-top:1px solid #e4e7eb"><p style="color:#7b8794;font-size:12px">InsightDesk</p>
</body></html>`;
  return { subject, text, html };
}

/** Claim, send, mark sent (or release): sent once per key, the SMTP exchange outside any transaction. */
async function sendOnce({ dedupeKey, to, template, content }) {
  const messageId = `<${createHash('sha256').update(dedupeKey).digest('hex').slice(0, 32)}@insightdesk.local>`;
  const token = randomUUID();
  const claimed = await pool.query({
    name: 'claim',
    text: `insert into email_deliveries (dedupe_key, recipient, template, message_id, claim_token, claimed_until)
           values ($1, $2, $3, $4, $5, now() + make_interval(secs => $6))
           on conflict (dedupe_key) do update
              set claim_token = excluded.claim_token, claimed_until = excluded.claimed_until
            where email_deliveries.sent_at is null and email_deliveries.claimed_until < now()
           returning claim_token`,
    values: [dedupeKey, to, template, messageId, token, leaseSeconds],
  });
  if (claimed.rows[0]?.claim_token !== token) return false; // sent, or another attempt sends
  try {
    await transport.sendMail({
      from,
      to,
      subject: content.subject,
      text: content.text,
      html: content.html,
      messageId,
      headers: { 'X-InsightDesk-Template': template },
    });
  } catch (err) {
    await pool.query('delete from email_deliveries where dedupe_key = $1 and claim_token = $2', [
      dedupeKey,
      token,
    ]);
    throw err;
  }
  await pool.query({
    name: 'mark-sent',
    text: `update email_deliveries set sent_at = coalesce(sent_at, now()), claimed_until = null
            where dedupe_key = $1 and claim_token = $2`,
    values: [dedupeKey, token],
  });
  return true;
}

const connection = new Redis(process.env.VALKEY_URL, { maxRetriesPerRequest: null });
const worker = new Worker(
  'email',
  async (job) => {
    const { invitationId } = job.data;
    const { rows } = await pool.query({
      name: 'invitation',
      text: `select i.email, i.role_name as role, o.name as organization, u.name as inviter, i.accepted_at,
                    i.expires_at <= now() as expired
               from invitations i join organizations o on o.id = i.org_id
               left join users u on u.id = i.invited_by
              where i.id = $1`,
      values: [invitationId],
    });
    const invitation = rows[0];
    if (!invitation || invitation.accepted_at || invitation.expired)
      return { skipped: 'not pending' };
    const signature = createHmac('sha256', process.env.INVITATION_SECRET)
      .update(invitationId)
      .digest('base64url');
    const sent = await sendOnce({
      dedupeKey: `invitation:${invitationId}`,
      to: invitation.email,
      template: 'invitation',
      content: invitationMail({
        organization: invitation.organization,
        inviter: invitation.inviter ?? 'A colleague',
        role: invitation.role,
        link: `${publicUrl}/invitations/accept?token=${encodeURIComponent(`${invitationId}.${signature}`)}`,
      }),
    });
    return { sent: sent ? 1 : 0 };
  },
  { connection, prefix: 'bench-peer', concurrency },
);

const health = createServer((_req, res) => {
  res.setHeader('Content-Type', 'application/json');
  res.end('{"status":"ok"}');
});
health.listen(port, '127.0.0.1');

process.on('SIGTERM', async () => {
  await worker.close();
  transport.close();
  await pool.end();
  connection.disconnect();
  health.close();
  process.exit(0);
});
