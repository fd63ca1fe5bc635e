import { dbConfig, loadConfig, valkeyConfig } from '@insightdesk/shared/config';
import { createLogger } from '@insightdesk/shared/logger';
import { emailQueue, maintenanceQueue, openQueue, QUEUE_PREFIX } from '@insightdesk/shared/queues';
import { createValkey } from '@insightdesk/shared/valkey';
import { type Job, type Queue, QueueEvents } from 'bullmq';
import postgres from 'postgres';
import { fmt, ROOT, report } from './lib';

// The email pipeline (a job that reads the database, renders, records its dedupe key and sends
// over pooled SMTP into the catcher) next to a no-op job, on the same Valkey and the same two
// workers, in the same run: throughput (a paused queue filled, then released) and enqueue-to-done
// latency at a steady pace. Needs the stack: ./stack up -d
const JOBS = Number(process.env.BENCH_JOBS ?? 1000);
const PACED = Number(process.env.BENCH_PACED ?? 300);
const PACE_PER_SECOND = Number(process.env.BENCH_PACE ?? 100);

const config = loadConfig({ db: dbConfig, valkey: valkeyConfig }, { dir: ROOT });
const logger = createLogger({ service: 'bench', instance: 'queue', level: 'warn', format: 'json' });
const connection = createValkey({
  url: config.valkey.url,
  name: 'bench',
  role: 'blocking',
  logger,
});
const sql = postgres(config.db.url, { max: 2, onnotice: () => {} });
const keep = { removeOnComplete: { age: 3600 }, removeOnFail: { age: 3600 } };

/** Invitations to send (rows only: the bench enqueues their email jobs itself). */
async function invitations(count: number): Promise<string[]> {
  const [org] = await sql`
    insert into organizations (id, name) values (gen_random_uuid(), 'bench-queue') returning id`;
  const rows = await sql`
    insert into invitations (id, org_id, email, role, token_hash, expires_at)
    select gen_random_uuid(), ${org?.id}, 'bench-' || g || '-' || gen_random_uuid() || '@bench.test', 'agent',
           md5(random()::text) || g, now() + interval '1 day'
      from generate_series(1, ${count}) g
    returning id`;
  return rows.map((r) => String(r.id));
}

async function waitAll(queue: Queue, events: QueueEvents, jobs: Job[]) {
  // Each waiting job listens for the queue closing: a thousand at once is this bench's intent.
  queue.setMaxListeners(jobs.length + 10);
  await Promise.all(jobs.map((job) => job.waitUntilFinished(events, 120_000)));
}

/** Fill the paused queue, release it, time until the last job is done. */
async function throughput(queue: Queue, events: QueueEvents, add: () => Promise<Job[]>) {
  await queue.pause();
  const jobs = await add();
  const t0 = performance.now();
  await queue.resume();
  await waitAll(queue, events, jobs);
  return jobs.length / ((performance.now() - t0) / 1000);
}

/** Jobs added one by one at a steady pace; enqueue-to-done from BullMQ's own timestamps. */
async function latency(queue: Queue, events: QueueEvents, add: (i: number) => Promise<Job>) {
  const jobs: Job[] = [];
  for (let i = 0; i < PACED; i++) {
    jobs.push(await add(i));
    await Bun.sleep(1000 / PACE_PER_SECOND);
  }
  await waitAll(queue, events, jobs);
  const done = await Promise.all(jobs.map((j) => queue.getJob(j.id as string)));
  const ms = done.map((j) => (j?.finishedOn ?? 0) - (j?.timestamp ?? 0)).sort((a, b) => a - b);
  const at = (p: number) => ms[Math.min(ms.length - 1, Math.floor(p * ms.length))] ?? Number.NaN;
  return { p50: at(0.5), p99: at(0.99) };
}

// BullMQ's own queues: the bench measures the pipeline, not our producer.
const email = openQueue(emailQueue, connection).queue;
const maintenance = openQueue(maintenanceQueue, connection).queue;
const eventConnections = [connection.duplicate(), connection.duplicate()] as const;
const emailEvents = new QueueEvents(emailQueue.name, {
  connection: eventConnections[0],
  prefix: QUEUE_PREFIX,
});
const maintenanceEvents = new QueueEvents(maintenanceQueue.name, {
  connection: eventConnections[1],
  prefix: QUEUE_PREFIX,
});
const run = crypto.randomUUID().slice(0, 8);

try {
  const ids = await invitations(JOBS + PACED);
  const noopRate = await throughput(maintenance, maintenanceEvents, () =>
    maintenance.addBulk(
      Array.from({ length: JOBS }, (_, i) => ({
        name: 'noop',
        data: { delayMs: 0 },
        opts: { ...keep, jobId: `bench-${run}-noop-${i}` },
      })),
    ),
  );
  const emailRate = await throughput(email, emailEvents, () =>
    email.addBulk(
      ids.slice(0, JOBS).map((invitationId) => ({
        name: 'invitation',
        data: { invitationId },
        opts: { ...keep, jobId: `bench-${run}-${invitationId}` },
      })),
    ),
  );
  const noopLatency = await latency(maintenance, maintenanceEvents, (i) =>
    maintenance.add('noop', { delayMs: 0 }, { ...keep, jobId: `bench-${run}-paced-noop-${i}` }),
  );
  const emailLatency = await latency(email, emailEvents, (i) =>
    email.add(
      'invitation',
      { invitationId: ids[JOBS + i] as string },
      { ...keep, jobId: `bench-${run}-paced-${i}` },
    ),
  );
  report(
    'queue',
    [
      {
        job: 'maintenance/noop',
        jobsPerSecond: fmt(noopRate, 0),
        p50Ms: noopLatency.p50,
        p99Ms: noopLatency.p99,
      },
      {
        job: 'email/invitation → SMTP catcher',
        jobsPerSecond: fmt(emailRate, 0),
        p50Ms: emailLatency.p50,
        p99Ms: emailLatency.p99,
      },
    ],
    {
      ratio: fmt(emailRate / noopRate, 2),
      goal: '>= 0.3',
      jobs: JOBS,
      paced: `${PACED} at ${PACE_PER_SECOND}/s`,
    },
  );
} finally {
  await email.resume().catch(() => undefined);
  await maintenance.resume().catch(() => undefined);
  await Promise.all([
    emailEvents.close(),
    maintenanceEvents.close(),
    email.close(),
    maintenance.close(),
  ]);
  // QueueEvents leaves a connection it was given open; the process would not exit.
  for (const client of [connection, ...eventConnections]) client.disconnect();
  await sql.end();
}
