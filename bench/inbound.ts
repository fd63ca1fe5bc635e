import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dbConfig, loadConfig } from '@insightdesk/shared/config';
import nodemailer from 'nodemailer';
import postgres from 'postgres';
import { inboundConfig } from '../helpdesk/src/inbound/config';
import { fmt, ROOT, report, settings } from './lib';

// Inbound mail against outbound mail through the same stack, in the same run:
//
//   bun bench/inbound.ts     # BENCH_MAILS=200 BENCH_CONNECTIONS=8
//
// - inbound: BENCH_MAILS mails sent over SMTP (nodemailer, STARTTLS, a pool of
//   BENCH_CONNECTIONS) to an organization's address, timed from the first send until every one is
//   a ticket (recorded before its 250, relayed, parsed, authenticated, processed);
// - outbound: BENCH_MAILS tickets opened through the API, timed until every confirmation mail is
//   sent into the stack's SMTP catcher (outbox, relay, email job, send-once).
// Prints inboundPerSecond ÷ outboundPerSecond. Needs the stack: ./stack up -d
const MAILS = Number(process.env.BENCH_MAILS ?? 200);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);

const ca = readFileSync(join(ROOT, '.data/tls/ca.crt'), 'utf8');
const base = `https://localhost:${settings.stack.httpsPort}`;
const db = postgres(loadConfig({ db: dbConfig }, { dir: ROOT }).db.url, { max: 2 });
const { domain } = loadConfig({ inbound: inboundConfig }, { dir: ROOT }).inbound;
const run = Date.now().toString(36);

/** The fields this bench reads of the api's answers. */
interface Answer {
  id: string;
  tokens: { accessToken: string };
  organization: { id: string };
}

async function api(
  path: string,
  init: { method?: string; token?: string; body?: unknown },
): Promise<Answer> {
  const res = await fetch(`${base}${path}`, {
    method: init.method ?? 'POST',
    headers: {
      'content-type': 'application/json',
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
    },
    body: JSON.stringify(init.body),
    tls: { ca },
  });
  const body = (await res.json().catch(() => ({}))) as Answer;
  if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(body)}`);
  return body;
}

async function until(what: string, check: () => Promise<boolean>) {
  for (const deadline = Date.now() + 600_000; Date.now() < deadline; await Bun.sleep(100))
    if (await check()) return;
  throw new Error(`${what}: not done in 10 minutes`);
}

const owner = await api('/api/v1/auth/register', {
  body: {
    email: `bench-${run}@example.test`,
    password: 'correct horse battery staple',
    name: 'Bench',
    organizationName: `Bench ${run}`,
  },
});
const token: string = owner.tokens.accessToken;
const orgId: string = owner.organization.id;
const slug = `bench-${run}`;
await api(`/api/v1/orgs/${orgId}/inbound`, { method: 'PUT', token, body: { slug } });

// Outbound: tickets through the API, until their confirmations are sent.
const outStart = performance.now();
const opened: string[] = [];
for (let i = 0; i < MAILS; i += 16) {
  const batch = Array.from({ length: Math.min(16, MAILS - i) }, (_, j) =>
    api(`/api/v1/orgs/${orgId}/tickets`, {
      token,
      body: { subject: `Outbound ${i + j}`, body: 'Measured.' },
    }),
  );
  for (const t of await Promise.all(batch)) opened.push(t.id);
}
const keys = opened.map((id) => `ticket-created:${id}:requester`);
await until('outbound', async () => {
  const [row] = await db<{ n: number }[]>`
    select count(*)::int as n from email_deliveries where dedupe_key in ${db(keys)} and sent_at is not null`;
  return (row?.n ?? 0) >= MAILS;
});
const outSeconds = (performance.now() - outStart) / 1000;

// Inbound: mails over SMTP, until each is a ticket.
const transport = nodemailer.createTransport({
  host: '127.0.0.1',
  port: settings.stack.inboundPort,
  requireTLS: true,
  tls: { ca, servername: 'localhost' },
  pool: true,
  maxConnections: CONNECTIONS,
  maxMessages: Number.POSITIVE_INFINITY,
});
const inStart = performance.now();
await Promise.all(
  Array.from({ length: MAILS }, (_, i) =>
    transport.sendMail({
      from: `sender-${run}-${i}@example.test`,
      to: `${slug}@${domain}`,
      subject: `Inbound ${i}`,
      text: 'Measured.',
      messageId: `<bench-${run}-${i}@example.test>`,
    }),
  ),
);
await until('inbound', async () => {
  const [row] = await db<{ n: number }[]>`
    select count(*)::int as n from inbound_emails
     where org_id = ${orgId} and status = 'processed' and ticket_id is not null`;
  return (row?.n ?? 0) >= MAILS;
});
const inSeconds = (performance.now() - inStart) / 1000;
transport.close();
await db.end();

const inboundPerSecond = MAILS / inSeconds;
const outboundPerSecond = MAILS / outSeconds;
report(
  'inbound',
  [
    {
      path: 'inbound (SMTP → ticket)',
      mails: MAILS,
      seconds: fmt(inSeconds, 2),
      perSecond: fmt(inboundPerSecond),
    },
    {
      path: 'outbound (API ticket → mail sent)',
      mails: MAILS,
      seconds: fmt(outSeconds, 2),
      perSecond: fmt(outboundPerSecond),
    },
  ],
  { inboundVsOutbound: fmt(inboundPerSecond / outboundPerSecond, 2) },
);
