import { dbConfig, loadConfig, valkeyConfig } from '@insightdesk/shared/config';
import { createLogger } from '@insightdesk/shared/logger';
import { QUEUE_PREFIX } from '@insightdesk/shared/queues';
import { createValkey } from '@insightdesk/shared/valkey';
import { Queue } from 'bullmq';
import postgres from 'postgres';
import { fmt, ROOT, report, settings } from './lib';

// What the help desk's service-level timers cost the queue (docs/sla.md):
//
//   bun bench/sla-timers.ts     # BENCH_TICKETS=10000
//
// BENCH_TICKETS open tickets in a fresh organization (rows written directly, as bench/queue.ts
// writes its invitations), then a default policy created through the api: the change recomputes
// every unresolved ticket's timers in its transaction, the relay turns each `sla.due-changed` into
// one delayed check job. Measured: the policy request's duration, the time until every job is in
// the sla queue's delayed set, the queue Valkey's used memory before and after, and the size of
// one job. The organization and its jobs are removed afterwards. Needs the stack: ./stack up -d
const TICKETS = Number(process.env.BENCH_TICKETS ?? 10_000);

const config = loadConfig({ db: dbConfig, valkey: valkeyConfig }, { dir: ROOT });
const logger = createLogger({ service: 'bench', instance: 'sla', level: 'warn', format: 'json' });
const valkey = createValkey({ url: config.valkey.url, name: 'bench', kind: 'command', logger });
const sql = postgres(config.db.url, { max: 2, onnotice: () => {} });
const api = `http://127.0.0.1:${settings.stack.portBase + 1}`;
const delayedKey = `${QUEUE_PREFIX}:sla:delayed`;

async function post(path: string, body: unknown, token?: string) {
  const res = await fetch(`${api}${path}`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'Idempotency-Key': crypto.randomUUID(),
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${path}: ${res.status} ${text}`);
  return JSON.parse(text);
}

const usedMemory = async () =>
  Number((await valkey.info('memory')).match(/^used_memory:(\d+)/m)?.[1] ?? 0);

const email = `bench-sla-${Date.now()}@bench.test`;
const registered = await post('/api/v1/auth/register', {
  email,
  password: 'correct horse battery staple',
  name: 'Bench',
  organizationName: 'bench-sla',
});
const orgId: string = registered.organization.id;
const token: string = registered.tokens.accessToken;
const userId: string = registered.user.id;

await sql`
  insert into tickets (id, org_id, number, subject, requester_id)
  select gen_random_uuid(), ${orgId}, g, 'bench ticket ' || g, ${userId}
    from generate_series(1, ${TICKETS}) g`;
await sql`insert into ticket_counters (org_id, last_number) values (${orgId}, ${TICKETS})`;

const delayedBefore = await valkey.zcard(delayedKey);
const memoryBefore = await usedMemory();
const started = performance.now();
await post(
  `/api/v1/orgs/${orgId}/sla/policies`,
  {
    name: 'Bench',
    isDefault: true,
    targets: { firstResponse: 600, nextResponse: 120, resolution: 2880 },
    warningMinutes: 30,
  },
  token,
);
const policyMs = performance.now() - started;
for (;;) {
  const [row] = await sql<{ n: number }[]>`
    select count(*)::int as n from ticket_slas where org_id = ${orgId} and job_id is not null`;
  if ((row?.n ?? 0) >= TICKETS) break;
  await Bun.sleep(250);
}
const scheduledMs = performance.now() - started;
const delayed = (await valkey.zcard(delayedKey)) - delayedBefore;
const memoryAfter = await usedMemory();
const [one] = await sql<{ job_id: string }[]>`
  select job_id from ticket_slas where org_id = ${orgId} and job_id is not null limit 1`;
const jobBytes = Number(
  (await valkey.call('MEMORY', 'USAGE', `${QUEUE_PREFIX}:sla:${one?.job_id}`, 'SAMPLES', '0')) ?? 0,
);

report('sla-timers', [
  {
    tickets: TICKETS,
    delayedJobs: delayed,
    policyChangeSeconds: fmt(policyMs / 1000),
    allScheduledSeconds: fmt(scheduledMs / 1000),
    valkeyUsedMemoryDeltaMb: fmt((memoryAfter - memoryBefore) / 1024 / 1024, 2),
    valkeyBytesPerTicket: Math.round((memoryAfter - memoryBefore) / TICKETS),
    oneJobHashBytes: jobBytes,
  },
]);

const queue = new Queue('sla', { connection: valkey, prefix: QUEUE_PREFIX });
// Cleaning up: the jobs, then the organization (its tickets and timers go with it).
const jobs = await sql<{ job_id: string }[]>`
  select job_id from ticket_slas where org_id = ${orgId} and job_id is not null`;
for (const { job_id } of jobs) await queue.remove(job_id).catch(() => undefined);
await sql`delete from organizations where id = ${orgId}`;
await sql`delete from users where id = ${userId}`.catch(() => undefined);

await queue.close();
valkey.disconnect();
await sql.end();
