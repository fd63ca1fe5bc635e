import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Subprocess } from 'bun';
import postgres from 'postgres';
import { DrillFailure } from '../drill-commands';
import { type DrillService, drillServiceReady, startDrillService } from '../drill-services';
import { readMaildir } from '../maildir';
import { logFile, paths } from '../paths';
import { type HaCluster, removeHaDirs, startHaCluster } from '../postgres-ha/cluster';
import { createServiceDatabase } from '../postgres-ha/database';
import { haLayout, urlAt } from '../postgres-ha/layout';
import { primaryNode, switchover } from '../postgres-ha/patroni-api';
import { scratchValkeyCommand } from '../scratch-valkey';
import { apiClient } from '../seed/api';
import type { StackSettings } from '../settings';
import { check } from '../soak/checker';
import { seeded } from '../soak/faults';
import type { FaultRecord, RequestRecord } from '../soak/history';
import { settleAndCollect, until } from '../soak/settle';
import { type SoakClient, soakClient } from '../soak/sockets';
import {
  type Intentions,
  keyOf,
  type Organization,
  recordingApi,
  runActor,
  setupOrganization,
} from '../soak/workload';
import { serviceDataDir } from '../system';
import {
  checkPostgresDrill,
  type DrillEvent,
  drillSummary,
  type EventName,
  type PostgresDrillHistory,
} from './checker';
import { runWriter, writerRecord } from './writers';

// `./stack drill postgres`: a three-node Patroni cluster of its own (etcd, synchronous
// replication, HAProxy in front; STACK_HA_PORT+100..), a Valkey of its own, two api instances, a
// ws and two workers on them, and under the soak's workload (two organizations' actors, their
// Socket.IO clients) plus writers that keep what was acknowledged: the primary's node killed
// (SIGKILL of Patroni and every PostgreSQL process), the promotion, the old primary started again
// (pg_rewind, then a replica), and a planned switchover. Then the history checker (checker.ts):
// acknowledged writes lost, failed requests per event with their statuses, deliveries lost or
// duplicated, mails sent twice — and one summary line.

const DRILL = 'drill-postgres';
const ORGANIZATIONS = 2;
const WRITERS = 4;
/** Time under load before the kill, and after each event before the next. */
const WARM_MS = 8000;
const SETTLE_MS = 8000;

const log = (line: string) => console.error(`postgres drill: ${line}`);
const secret = () => `drill-${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;

/** The drill's ports, from STACK_HA_PORT+100 (below the ephemeral range, apart from the stack's). */
function drillPorts(settings: StackSettings) {
  const base = settings.stack.haPort + 100;
  return {
    base,
    valkey: base + 40,
    api: [base + 41, base + 42],
    ws: base + 51,
    worker: [base + 61, base + 62],
  };
}

function startValkey(port: number, dir: string): Subprocess {
  mkdirSync(dir, { recursive: true });
  const log = Bun.file(logFile(`${DRILL}-valkey`));
  return Bun.spawn(scratchValkeyCommand(port, dir, ['--maxmemory-policy', 'noeviction']), {
    stdout: log,
    stderr: log,
  });
}

/**
 * When the services answered again after an event that began at `from`, in ms after it: the first
 * keyed write acknowledged once the event's last failed request (of any client) had its answer
 * and another node ran as primary (`promotedMs`) — writes the old primary took before it stopped
 * do not count.
 */
function answeredAgain(
  requests: readonly RequestRecord[],
  from: number,
  promotedMs: number,
): number | null {
  const failedEnds = requests
    .filter((r) => r.at >= from && (r.status === 0 || r.status >= 500))
    .map((r) => r.at + r.ms);
  const after = Math.max(from + promotedMs, ...failedEnds);
  const done = requests
    .filter((r) => r.route.endsWith('(keyed)') && r.status >= 200 && r.status < 300)
    .map((r) => r.at + r.ms)
    .filter((end) => end > after);
  return done.length > 0 ? Math.min(...done) - from : null;
}

/** The state of an api instance's (first) replica, as its /health says. */
async function replicaState(port: number): Promise<string> {
  const report = (await fetch(`http://127.0.0.1:${port}/health`)
    .then((r) => r.json())
    .catch(() => ({}))) as { replicas?: { state: string }[] };
  return report.replicas?.[0]?.state ?? 'none';
}

export async function drillPostgres(settings: StackSettings): Promise<string> {
  const began = performance.now();
  const runId = `${Date.now().toString(36).slice(-5)}p`;
  const ports = drillPorts(settings);
  const layout = haLayout({
    scope: `drill-${runId}`,
    base: ports.base,
    nodes: 3,
    dirOf: (part) =>
      part.startsWith('pg-')
        ? serviceDataDir(`${DRILL}-${part}`)
        : join(paths.data, `${DRILL}-${part}`),
    superuserPassword: secret(),
    replicationPassword: secret(),
  });
  const valkeyDir = join(paths.data, `${DRILL}-valkey`);
  const storageDir = join(paths.data, `${DRILL}-storage`);
  removeHaDirs(layout);
  for (const node of layout.nodes) serviceDataDir(`${DRILL}-${node.name}`);
  let cluster: HaCluster | undefined;
  let valkey: Subprocess | undefined;
  const services: DrillService[] = [];
  let clients: SoakClient[] = [];
  let stopping = false;
  let workloadStopped = false;
  const cleanup = async () => {
    stopping = true;
    for (const c of clients) c.close();
    for (const s of services) s.proc.kill('SIGTERM');
    await Promise.all(services.map((s) => s.proc.exited));
    valkey?.kill('SIGTERM');
    await valkey?.exited;
    await cluster?.stopAll();
    removeHaDirs(layout);
    for (const dir of [valkeyDir, storageDir]) rmSync(dir, { recursive: true, force: true });
  };
  const onSignal = () => {
    if (stopping) return;
    cleanup().finally(() => process.exit(143));
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);

  try {
    // --- the topology, its database, the services on it ----------------------------------------
    cluster = startHaCluster(layout, (part) => logFile(`${DRILL}-${part}`));
    valkey = startValkey(ports.valkey, valkeyDir);
    const first = await cluster.waitForLeader(120_000);
    await cluster.waitForReplicas(180_000);
    log(
      `3 Patroni nodes up (${first} leads, synchronous standby attached), HAProxy on ${layout.haproxy.primaryPort}/${layout.haproxy.replicaPort} (${((performance.now() - began) / 1000).toFixed(1)} s)`,
    );
    const appUrl = urlAt(settings.db.url, layout.haproxy.primaryPort);
    const ownerUrl = urlAt(settings.db.ownerUrl, layout.haproxy.primaryPort);
    await createServiceDatabase(layout, appUrl, ownerUrl);
    const valkeyUrl = `redis://127.0.0.1:${ports.valkey}`;
    const env = {
      DATABASE_URL: appUrl,
      DATABASE_OWNER_URL: ownerUrl,
      DATABASE_REPLICA_URLS: urlAt(settings.db.url, layout.haproxy.replicaPort),
      VALKEY_URL: valkeyUrl,
      VALKEY_QUEUE_URL: valkeyUrl,
      VALKEY_CACHE_URL: valkeyUrl,
      STORAGE_DIR: storageDir,
    };
    const start = (service: 'api' | 'ws' | 'worker', n: number, port: number, extra = {}) =>
      startDrillService({
        drill: DRILL,
        service,
        name: `${service}-${n}`,
        port,
        env: { ...env, ...extra },
      });
    const ready = (s: DrillService) => drillServiceReady(s, log, DRILL);
    // The first api migrates the new database; the others start once it has.
    const [apiPort, apiPortB] = ports.api as [number, number];
    const apiA = start('api', 1, apiPort, { DB_MIGRATE_ON_START: 'true' });
    services.push(apiA);
    await ready(apiA);
    const apiB = start('api', 2, apiPortB);
    const others = [
      apiB,
      start('ws', 1, ports.ws),
      ...ports.worker.map((port, i) => start('worker', i + 1, port)),
    ];
    services.push(...others);
    await Promise.all(others.map(ready));
    log('api ×2, ws, worker ×2 ready on the cluster');

    // --- the soak's workload, its clients, and the keyed writers ------------------------------
    const apis = [apiA, apiB].map((s) => apiClient(`http://127.0.0.1:${s.port}`, paths.caCert));
    const intentions: Intentions = { invited: [], jobs: [] };
    const orgs: Organization[] = await Promise.all(
      Array.from({ length: ORGANIZATIONS }, (_, n) =>
        setupOrganization(apis[n % 2] as (typeof apis)[number], runId, n, intentions),
      ),
    );
    const requests: RequestRecord[] = [];
    let counter = 0;
    const nextToken = (letter: 'T' | 'M') => `sk${runId}${letter}${++counter}`;
    const actors = orgs.flatMap((org) =>
      [org.owner, ...org.members].map((actor) => ({ actor, org })),
    );
    const ca = readFileSync(paths.caCert, 'utf8');
    clients = actors.map(({ actor, org }, i) =>
      soakClient({
        name: `c${i}`,
        baseUrl: `http://127.0.0.1:${ports.ws}`,
        ca,
        orgId: org.id,
        staff: actor.role !== 'requester',
        websocketOnly: i % 2 === 0,
        cookieless: true,
        token: () => actor.token,
        keyOf: (type, data) => keyOf(runId, type, data),
        tickets: () => org.tickets,
      }),
    );
    await until('every client to subscribe', () => clients.every((c) => c.settled), 60_000);
    const startedAt = Date.now();
    const actorRuns = actors.map(({ actor, org }, i) =>
      runActor({
        actor,
        org,
        call: recordingApi(apis[org.n % 2] as (typeof apis)[number], requests),
        random: seeded(1000 + i),
        runId,
        intentions,
        nextToken,
        stopped: () => workloadStopped,
        thinkMs: [300, 1500],
      }),
    );
    const writers = Array.from({ length: WRITERS }, () => writerRecord());
    const writerRuns = writers.map((record, i) => {
      const org = orgs[i % ORGANIZATIONS] as Organization;
      return runWriter({
        apiUrl: `http://127.0.0.1:${(i % 2 === 0 ? apiA : apiB).port}/api/v1`,
        token: () => org.owner.token,
        orgId: org.id,
        nextToken,
        record,
        requests,
        stopped: () => workloadStopped,
      });
    });
    log(
      `${actors.length} actors, ${clients.length} Socket.IO clients and ${WRITERS} keyed writers running`,
    );
    await Bun.sleep(WARM_MS);

    // --- the events -------------------------------------------------------------------------
    const events: DrillEvent[] = [];
    const open = (name: EventName) => ({ name, start: Date.now() });
    const waitAnswered = (from: number, promotedMs: number) =>
      until(
        'a write acknowledged again',
        () => answeredAgain(requests, from, promotedMs) !== null,
        60_000,
      );

    const kill = open('kill');
    const victim = (await primaryNode(layout))?.name ?? first;
    cluster.killNode(victim);
    log(`killed ${victim} (SIGKILL: Patroni, the postmaster and every backend) under load`);
    const promoted = await cluster.waitForLeader(60_000, victim);
    const killPromotedMs = Date.now() - kill.start;
    log(`${promoted} promoted ${(killPromotedMs / 1000).toFixed(1)} s after the kill`);
    await waitAnswered(kill.start, killPromotedMs);
    await Bun.sleep(SETTLE_MS);

    const rejoin = open('rejoin');
    events.push({
      ...kill,
      end: rejoin.start,
      promotedMs: killPromotedMs,
      answeredAgainMs: answeredAgain(requests, kill.start, killPromotedMs),
    });
    cluster.startNode(victim);
    await cluster.waitForReplicas(180_000);
    const rewound = readFileSync(logFile(`${DRILL}-${victim}`), 'utf8').includes('pg_rewind');
    log(
      `${victim} back as a replica in ${((Date.now() - rejoin.start) / 1000).toFixed(1)} s${rewound ? ' (pg_rewind)' : ''}`,
    );
    await Bun.sleep(SETTLE_MS / 2);

    const planned = open('switchover');
    events.push({
      ...rejoin,
      end: planned.start,
      promotedMs: null,
      answeredAgainMs: null,
      rewound,
    });
    await switchover(layout, promoted);
    const next = await cluster.waitForLeader(60_000, promoted);
    const switchPromotedMs = Date.now() - planned.start;
    log(`switchover: ${next} leads ${(switchPromotedMs / 1000).toFixed(1)} s after it was asked`);
    await waitAnswered(planned.start, switchPromotedMs);
    await Bun.sleep(SETTLE_MS);
    const stoppedAt = Date.now();
    events.push({
      ...planned,
      end: stoppedAt,
      promotedMs: switchPromotedMs,
      answeredAgainMs: answeredAgain(requests, planned.start, switchPromotedMs),
    });
    workloadStopped = true;
    await Promise.all([...actorRuns, ...writerRuns]);

    // --- what settled, and what the database holds ------------------------------------------
    log('workload stopped; waiting for the outbox, the clients, the jobs and the mail to settle');
    const sql = postgres(appUrl, { max: 2, onnotice: () => undefined });
    try {
      const quiet = recordingApi(apis[0] as (typeof apis)[number], []);
      const settled = await settleAndCollect({
        sql,
        clients,
        intentions,
        call: quiet,
        runId,
        since: new Date(startedAt),
        graceMs: 10_000,
      });
      const faults: FaultRecord[] = events.map((e) => ({
        kind: 'postgres-restart',
        target: e.name,
        start: e.start,
        end: e.end,
      }));
      const soak = check({
        seed: 0,
        minutes: (stoppedAt - startedAt) / 60_000,
        graceMs: 0,
        faults,
        requests,
        ...settled,
        samples: { start: [], end: [] },
      });

      const tickets = [
        ...orgs.flatMap((o) => o.tickets),
        ...writers.flatMap((w) => w.tickets.map((t) => t.id)),
      ];
      const messages = writers.flatMap((w) => w.messages.map((m) => m.id));
      const acknowledged = [...new Set([...tickets, ...messages])];
      const present = await sql<{ id: string }[]>`
        select id::text from tickets where id = any(${tickets}::uuid[])
        union all select id::text from messages where id = any(${messages}::uuid[])`;
      const tokens = writers.flatMap((w) => [...w.tickets, ...w.messages].map((a) => a.token));
      const [dup] = await sql<{ n: number }[]>`
        select count(*)::int as n from (
          select token from (
            select substring(subject from 'sk[a-z0-9]+T[0-9]+') as token from tickets
            union all select substring(body from 'sk[a-z0-9]+M[0-9]+') from messages) t
           where token = any(${tokens}) group by token having count(*) > 1) d`;
      const [listening] = await sql<{ n: number }[]>`
        select count(distinct application_name)::int as n from pg_stat_activity
         where query ilike 'listen %' and application_name like 'worker-%'`;
      // Each writer's ticket: the Message-IDs of its confirmation mails (its token in the
      // subject), once every one has arrived (the email queue may be behind the workload), and
      // a while after, for a late copy.
      const confirmationsOf = () => {
        const confirmed = new Map<string, string[]>();
        for (const m of readMaildir(paths.mail)) {
          if (m.headers['x-insightdesk-template'] !== 'ticket-confirmation') continue;
          const token = m.headers.subject?.match(new RegExp(`sk${runId}T\\d+`))?.[0];
          if (token)
            confirmed.set(token, [...(confirmed.get(token) ?? []), m.headers['message-id'] ?? '']);
        }
        return writers.flatMap((w) => w.tickets.map((t) => confirmed.get(t.token) ?? []));
      };
      await until(
        'every ticket confirmation',
        () => confirmationsOf().every((ids) => ids.length > 0),
        120_000,
      );
      await Bun.sleep(5000);
      const confirmations = confirmationsOf();
      let verified = 0;
      let broken = 0;
      for (const [i, org] of orgs.entries()) {
        const res = await (apis[i % 2] as (typeof apis)[number]).request<{ valid?: boolean }>(
          'GET',
          `/api/v1/orgs/${org.id}/audit-log/verify`,
          { token: org.owner.token },
        );
        if (res.status === 200 && res.body.valid === true) verified++;
        else broken++;
      }
      // The replica routers followed: each api reads from a replica again.
      const replicaStates: string[] = [];
      for (const api of [apiA, apiB]) {
        await until(
          `${api.name} reading from a replica`,
          async () => (await replicaState(api.port)) === 'ok',
          30_000,
        );
        replicaStates.push(await replicaState(api.port));
      }
      const history: PostgresDrillHistory = {
        events,
        requests,
        attempts: writers.flatMap((w) => w.attempts),
        acknowledged,
        committed: new Set(present.map((r) => r.id)),
        duplicatedWrites: dup?.n ?? 0,
        replayed: writers.reduce((n, w) => n + w.replayed, 0),
        soak,
        confirmations,
        failureBound: actors.length + WRITERS,
        listening: { workers: ports.worker.length, listening: listening?.n ?? 0 },
        auditChains: { verified, broken },
        replicaStates,
      };
      const dir = join(paths.data, 'drills');
      mkdirSync(dir, { recursive: true });
      writeFileSync(
        join(dir, `postgres-${runId}.json`),
        JSON.stringify({ ...history, committed: [...history.committed], writers }),
      );
      const crashed = services.filter((s) => s.proc.exitCode !== null).map((s) => s.name);
      const verdict = checkPostgresDrill(history);
      const line = drillSummary(history, verdict);
      if (crashed.length > 0)
        throw new DrillFailure(`${crashed.join(', ')} exited during the drill: ${line}`);
      // `./stack drill` says FAILED itself.
      if (verdict.failures.length > 0)
        throw new DrillFailure(line.replace(/^postgres drill FAILED: /, ''));
      return `${line} (${((performance.now() - began) / 1000).toFixed(0)} s)`;
    } finally {
      await sql.end({ timeout: 2 });
    }
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
    await cleanup();
  }
}
