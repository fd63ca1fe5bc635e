import { readFileSync } from 'node:fs';
import { dbConfig, loadConfig, platformConfig, valkeyConfig } from '@insightdesk/shared/config';
import { createLogger } from '@insightdesk/shared/logger';
import { openQueue } from '@insightdesk/shared/queues';
import { createValkey } from '@insightdesk/shared/valkey';
import postgres from 'postgres';
import { deployment } from '../tests/support/deployment';
import { fmt, ROOT, report, settings } from './lib';

/** The email queue as the deployment declares it (the product's mail jobs on it). */
const emailQueue = deployment.queues.email;

// Fair share across tenants (shared/src/queues/fair-share.ts): organization A floods the email
// queue with FLOOD ticket-created jobs (each mails the requester and the agent) while
// organization B sends INVITES invitations through the API. B's enqueue-to-sent latency (BullMQ's
// own timestamps of the invitation jobs) unloaded, under the flood with the scheme on, and under
// the same flood with the scheme off (the `fair-queues` flag: plain FIFO), in one run.
// Needs the stack: ./stack up -d ; then: bun bench/fairness.ts
const FLOOD = Number(process.env.BENCH_FLOOD ?? 5000);
const INVITES = Number(process.env.BENCH_INVITES ?? 50);
const BULK = Number(process.env.BENCH_BULK ?? 20);
const PASSWORD = 'correct horse battery staple';
const BASE = `https://localhost:${settings.stack.httpsPort}`;
const CA = readFileSync(`${ROOT}/.data/tls/ca.crt`, 'utf8');

const config = loadConfig(
  { db: dbConfig, valkey: valkeyConfig, platform: platformConfig },
  { dir: ROOT },
);
const sql = postgres(config.db.url, { max: 4, onnotice: () => {} });
const logger = createLogger({ service: 'bench', instance: 'fair', level: 'warn', format: 'json' });
const connection = createValkey({
  url: config.valkey.url,
  name: 'bench-fair',
  kind: 'blocking',
  logger,
});

async function api(path: string, init: { method?: string; token?: string; body?: unknown } = {}) {
  const res = await fetch(`${BASE}${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: {
      'Content-Type': 'application/json',
      ...(init.token ? { Authorization: `Bearer ${init.token}` } : {}),
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    tls: { ca: CA },
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

const run = crypto.randomUUID().slice(0, 8);

/** A verified owner with an organization (verified straight in the database: a bench shortcut). */
async function owner(name: string) {
  const email = `bench-fair-${name}-${run}@bench.test`;
  const reg = await api('/api/v1/auth/register', {
    body: { email, password: PASSWORD, name, organizationName: `Fair ${name} ${run}` },
  });
  if (reg.status !== 201) throw new Error(`register ${name}: ${reg.status}`);
  await sql`update users set email_verified_at = now() where id = ${reg.body.user.id}`;
  return {
    token: reg.body.tokens.accessToken as string,
    orgId: reg.body.organization.id as string,
    userId: reg.body.user.id as string,
  };
}

async function operatorToken(): Promise<string> {
  const email = config.platform.admins[0] ?? 'operator@insightdesk.local';
  const login = await api('/api/v1/auth/login', { body: { email, password: PASSWORD } });
  if (login.status === 200 && login.body.tokens) return login.body.tokens.accessToken;
  const reg = await api('/api/v1/auth/register', {
    body: { email, password: PASSWORD, name: 'Operator', organizationName: 'Platform' },
  });
  return reg.body.tokens.accessToken;
}

async function setFair(enabled: boolean) {
  await api('/api/v1/admin/features/fair-queues', {
    method: 'PUT',
    token: await operatorToken(),
    body: { enabled },
  });
  await Bun.sleep(1500); // every worker's flags reload on the message; a margin
}

const emails = openQueue(emailQueue, connection);

/** A's flood: FLOOD real tickets, and their ticket-created jobs added in one burst, as the relay would. */
async function flood(a: { orgId: string; userId: string }, fair: boolean) {
  const tickets = await sql<{ id: string }[]>`
    insert into tickets (id, org_id, number, subject, requester_id)
    select gen_random_uuid(), ${a.orgId}, n, 'Flood ' || n, ${a.userId}
      from generate_series((select coalesce(max(number), 0) + 1 from tickets where org_id = ${a.orgId}),
                           (select coalesce(max(number), 0) + ${FLOOD} from tickets where org_id = ${a.orgId})) n
    returning id`;
  const producer = openQueue(emailQueue, connection, { fair: () => fair });
  const t0 = performance.now();
  for (let i = 0; i < tickets.length; i += 500) {
    await Promise.all(
      tickets
        .slice(i, i + 500)
        .map(({ id }) =>
          producer.add(
            'ticket-created',
            { orgId: a.orgId, ticketId: id },
            { jobId: `bench-flood-${id}`, group: a.orgId },
          ),
        ),
    );
  }
  return { jobs: tickets.length, addMs: performance.now() - t0 };
}

/** Enqueue-to-done of jobs, by id (BullMQ's own timestamps), once each is done; sorted. */
async function latencies(jobIds: readonly string[]): Promise<number[]> {
  const ms: number[] = [];
  const deadline = Date.now() + 600_000;
  for (const jobId of jobIds) {
    for (;;) {
      const job = await emails.queue.getJob(jobId);
      if (job?.finishedOn) {
        ms.push(job.finishedOn - job.timestamp);
        break;
      }
      if (Date.now() > deadline) throw new Error('jobs not done in 10 minutes');
      await Bun.sleep(100);
    }
  }
  return ms.sort((x, y) => x - y);
}

/** B's invitations through the API (urgent mail). */
async function invitations(b: { token: string; orgId: string }, label: string) {
  const ids: string[] = [];
  for (let i = 0; i < INVITES; i++) {
    const res = await api(`/api/v1/orgs/${b.orgId}/invitations`, {
      token: b.token,
      body: { email: `bench-fair-${label}-${i}-${run}@bench.test`, role: 'agent' },
    });
    if (res.status !== 201) throw new Error(`invite: ${res.status} ${JSON.stringify(res.body)}`);
    ids.push(res.body.id);
  }
  return latencies(ids.map((id) => `invitation-${id}`));
}

/** B's own bulk mail (ticket-created, not urgent): fair share within the same class. */
async function tickets(b: { token: string; orgId: string }) {
  const ids: string[] = [];
  for (let i = 0; i < BULK; i++) {
    const res = await api(`/api/v1/orgs/${b.orgId}/tickets`, {
      token: b.token,
      body: { subject: `Neighbour ticket ${i}`, body: 'Meanwhile, elsewhere.' },
    });
    if (res.status !== 201) throw new Error(`ticket: ${res.status}`);
    ids.push(res.body.id);
  }
  return latencies(ids.map((id) => `ticket-created-${id}`));
}

async function drained() {
  for (;;) {
    const c = await emails.queue.getJobCounts('wait', 'prioritized', 'active');
    if ((c.wait ?? 0) + (c.prioritized ?? 0) + (c.active ?? 0) === 0) return;
    await Bun.sleep(250);
  }
}

const at = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;

try {
  const a = await owner('flooder');
  const agent = await api(`/api/v1/orgs/${a.orgId}/invitations`, {
    token: a.token,
    body: { email: `bench-fair-agent-${run}@bench.test`, role: 'agent' },
  });
  if (agent.status !== 201) throw new Error('agent invitation');
  await drained();

  // A new neighbour for every round: the daily invitation quota is per member.
  const rows: Record<string, unknown>[] = [];
  const results: Record<string, { invited: number[]; bulk: number[] }> = {};
  const quiet = await owner('neighbour-quiet');
  results.unloaded = { invited: await invitations(quiet, 'quiet'), bulk: await tickets(quiet) };
  for (const fair of [true, false]) {
    await setFair(fair);
    const f = await flood(a, fair);
    const t0 = performance.now();
    const b = await owner(`neighbour-${fair ? 'fair' : 'fifo'}`);
    const [invited, bulk] = await Promise.all([invitations(b, fair ? 'fair' : 'fifo'), tickets(b)]);
    results[fair ? 'fair' : 'fifo'] = { invited, bulk };
    await drained();
    rows.push({
      scheme: fair ? 'fair share (on)' : 'FIFO (off)',
      floodJobs: f.jobs,
      floodDrainS: fmt((performance.now() - t0) / 1000),
    });
  }
  await setFair(true);
  const p = (k: string, which: 'invited' | 'bulk', q: number) => at(results[k]?.[which] ?? [], q);
  rows.unshift({ scheme: '(no flood)' });
  for (const [i, k] of ['unloaded', 'fair', 'fifo'].entries()) {
    Object.assign(rows[i] ?? {}, {
      invitationP50Ms: fmt(p(k, 'invited', 0.5)),
      invitationP99Ms: fmt(p(k, 'invited', 0.99)),
      bulkP50Ms: fmt(p(k, 'bulk', 0.5)),
      bulkP99Ms: fmt(p(k, 'bulk', 0.99)),
    });
  }
  report('fairness', rows, {
    unloadedP99Ms: fmt(p('unloaded', 'invited', 0.99)),
    fairP99Ms: fmt(p('fair', 'invited', 0.99)),
    fifoP99Ms: fmt(p('fifo', 'invited', 0.99)),
    fairVsUnloaded: fmt(p('fair', 'invited', 0.99) / p('unloaded', 'invited', 0.99), 2),
    fifoVsUnloaded: fmt(p('fifo', 'invited', 0.99) / p('unloaded', 'invited', 0.99), 2),
    fairBulkVsUnloaded: fmt(p('fair', 'bulk', 0.99) / p('unloaded', 'bulk', 0.99), 2),
    fifoBulkVsUnloaded: fmt(p('fifo', 'bulk', 0.99) / p('unloaded', 'bulk', 0.99), 2),
    // The unloaded p99 of a few dozen jobs is their slowest one and swings from run to run; the
    // flood-to-flood ratio is the steadier reading of what fair share buys.
    fifoVsFair: fmt(p('fifo', 'invited', 0.99) / p('fair', 'invited', 0.99), 2),
    fifoBulkVsFair: fmt(p('fifo', 'bulk', 0.99) / p('fair', 'bulk', 0.99), 2),
  });
} finally {
  await emails.close();
  connection.disconnect();
  await sql.end();
}
