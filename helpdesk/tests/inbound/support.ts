import { expect } from 'bun:test';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dbConfig, loadConfig, mailConfig } from '@insightdesk/shared/config';
import { simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';
import PostalMime from 'postal-mime';
import postgres from 'postgres';
import { type Owner, registerOwner } from '../../../tests/support/api';
import { call } from '../../../tests/support/http';
import { CA, DATA, eventually, ports, ROOT } from '../../../tests/support/stack';
import { inboundConfig } from '../../src/inbound/config';

/**
 * What the inbound tests share: mail sent to the stack's ingress as a client would (nodemailer
 * over STARTTLS, Debian's swaks), and what became of it (the recorded row, the ticket's messages).
 * Its connections serve every test file of the run (bun runs them in one process): none closes
 * them.
 */

export const db = postgres(loadConfig({ db: dbConfig }, { dir: ROOT }).db.url, {
  max: 2,
  onnotice: () => {},
});
export const { domain } = loadConfig({ inbound: inboundConfig }, { dir: ROOT }).inbound;
export const TLS_ARGS = ['--tls', '--tls-ca-path', join(DATA, 'tls', 'ca.crt')];

// STARTTLS with the stack's certificate: nodemailer refuses to send without it.
export const transport = nodemailer.createTransport({
  host: '127.0.0.1',
  port: ports.inboundPort,
  secure: false,
  requireTLS: true,
  tls: { ca: CA, servername: 'localhost' },
});

let counter = 0;
export const messageId = () => `<test-${Date.now().toString(36)}-${counter++}@client.example.test>`;

export function rawMail(h: {
  from: string;
  to: string;
  subject?: string;
  body?: string;
  id?: string;
  extra?: string[];
}): string {
  return [
    `From: Casey Contact <${h.from}>`,
    `To: ${h.to}`,
    `Subject: ${h.subject ?? 'Help with my order'}`,
    `Message-ID: ${h.id ?? messageId()}`,
    'Date: Mon, 23 Nov 2026 10:00:00 +0000',
    'MIME-Version: 1.0',
    ...(h.extra ?? []),
    'Content-Type: text/plain; charset=utf-8',
    '',
    h.body ?? 'My order never came.',
    '',
  ].join('\r\n');
}

/** Sends raw mail with nodemailer over STARTTLS; answers the server's reply to DATA. */
export async function send(raw: string, envelope: { from: string; to: string }) {
  const info = await transport.sendMail({ envelope, raw });
  return info.response;
}

/** Sends with swaks (an independent client); answers its exit code and transcript. */
export async function swaks(args: string[]) {
  const proc = Bun.spawn(
    ['swaks', '--server', '127.0.0.1', '--port', String(ports.inboundPort), ...args],
    { stdout: 'pipe', stderr: 'pipe' },
  );
  const [out, err] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
  ]);
  return { code: await proc.exited, out: out + err };
}

export interface InboundRow {
  id: string;
  status: string;
  outcome: string | null;
  ticket_id: string | null;
  message_id: string | null;
  authentication: Record<string, unknown> | null;
}

/** The organization's recorded mail with this Message-ID once processed. */
export async function processedIn(orgId: string, id: string): Promise<InboundRow> {
  return eventually(async () => {
    const [row] = await db<InboundRow[]>`
      select id, status, outcome, ticket_id, message_id, authentication from inbound_emails
       where org_id = ${orgId} and message_key = ${id}`;
    return row && row.status !== 'received' ? row : undefined;
  }, 30_000);
}

/** A ticket's messages, as its organization's owner reads them. */
export async function messagesIn(of: Owner, ticketId: string) {
  const res = await call(`/api/v1/orgs/${of.orgId}/tickets/${ticketId}/messages`, {
    token: of.token,
  });
  expect(res.status).toBe(200);
  return res.body.items as { body: string; author: { id: string; name: string } }[];
}

/** The Reply-To of a caught mail (the catcher keeps the raw file). */
export async function replyToOf(file: string): Promise<string> {
  const parsed = await PostalMime.parse(readFileSync(file));
  return parsed.replyTo?.[0]?.address ?? '';
}

/** A caught mail's Message-ID and its thread (In-Reply-To, References), read by mailparser. */
export async function threadOf(file: string) {
  const parsed = await simpleParser(readFileSync(file));
  const references = parsed.references ?? [];
  return {
    messageId: parsed.messageId ?? '',
    inReplyTo: parsed.inReplyTo ?? null,
    references: Array.isArray(references) ? references : [references],
  };
}

const mailDomain = /@([^>\s]+)/.exec(
  loadConfig({ mail: mailConfig }, { dir: ROOT }).mail.from,
)?.[1];

/**
 * The Message-ID anyone can compute for one of our mails from what it is about (a ticket's
 * confirmation: `ticket-created:<ticket id>:requester`): a SHA-256 of its dedupe key, unkeyed.
 */
export const computableMessageId = (dedupeKey: string) =>
  `<${createHash('sha256').update(dedupeKey).digest('hex').slice(0, 32)}@${mailDomain}>`;

/** The organization's inbound address, set up under a new slug. */
export async function inboundAddress(of: Owner): Promise<string> {
  const slug = `support-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
  const set = await call(`/api/v1/orgs/${of.orgId}/inbound`, {
    method: 'PUT',
    token: of.token,
    body: { slug, authPolicy: 'flag' },
  });
  expect(set.status).toBe(200);
  expect(set.body.address).toBe(`${slug}@${domain}`);
  return set.body.address;
}

/** A new organization with an inbound address: its owner and the address. */
export async function inboundDesk(name: string) {
  const owner = await registerOwner(name);
  return { owner, address: await inboundAddress(owner) };
}

/** A ticket opened by a mail from `from` to the organization's `address`, and that mail's ID. */
export async function ticketByMail(of: Owner, address: string, from: string, subject?: string) {
  const id = messageId();
  const answer = await send(rawMail({ from, to: address, id, subject }), { from, to: address });
  expect(answer).toStartWith('250');
  const ticketId = (await processedIn(of.orgId, id)).ticket_id ?? '';
  expect(ticketId).not.toBe('');
  return { ticketId, messageId: id };
}
