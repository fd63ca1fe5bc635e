import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dbConfig, loadConfig, valkeyConfig } from '@insightdesk/shared/config';
import { createLogger } from '@insightdesk/shared/logger';
import { RELEASE_VERSION } from '@insightdesk/shared/release';
import { closeValkey, createValkey } from '@insightdesk/shared/valkey';
import postgres from 'postgres';
import { io } from 'socket.io-client';
import { previousRelease, readChangelog, releases } from '../../release/changelog';
import { DrillFailure } from '../drill-commands';
import { paths } from '../paths';
import { apiClient } from '../seed/api';
import { check } from '../soak/checker';
import { seeded } from '../soak/faults';
import type { FaultRecord, History, RequestRecord } from '../soak/history';
import { settleAndCollect, until } from '../soak/settle';
import { type SoakClient, soakClients } from '../soak/sockets';
import {
  type Intentions,
  type Organization,
  recordingApi,
  runActor,
  setupOrganization,
} from '../soak/workload';
import {
  type NewInstance,
  readyReport,
  type Service,
  servicePortOf,
  startNewInstance,
  stopNewInstance,
} from './instances';
import { recordWire } from './record-wire';
import { type RefStack, resolveCommit, startRefStack } from './ref-stack';

// `./stack drill upgrade [--from REF] [--record DIR]`: a rolling upgrade from REF (by default the
// newest release CHANGELOG.md records) to this checkout, under the soak's workload:
//   1. the release's own stack, from a worktree of REF, on ports and data of its own;
//   2. this checkout's expand migrations (`migrate --phase expand`);
//   3. api, ws and worker instances replaced one at a time by this checkout's, each drained by
//      SIGTERM (the release's `./stack stop`), each new one checked to report this release;
//   4. one api, one ws and one worker returned to REF — the schema expanded, the others new —
//      and shown to keep working (requests answered, events delivered, jobs run), then forward
//      again;
//   5. the contract migrations, once no instance of REF is left;
// then the soak's history checker: lost, duplicated, out of order, failed requests inside the
// restarts' windows (and outside: none allowed), resyncs, mails once, jobs run. One summary line.
// `--record DIR` also writes what REF put on the wire into DIR (tests/fixtures/wire-<version>).

export interface UpgradeOptions {
  readonly from?: string;
  readonly record?: string;
}

export function parseUpgradeArgs(args: readonly string[]): UpgradeOptions {
  const value = (name: string) => {
    const i = args.indexOf(`--${name}`);
    if (i < 0) return undefined;
    const v = args[i + 1];
    if (!v || v.startsWith('--')) throw new DrillFailure(`--${name} takes a value`);
    return v;
  };
  return { from: value('from'), record: value('record') };
}

const log = (line: string) => console.error(`upgrade drill: ${line}`);
const SERVICES: readonly Service[] = ['api', 'ws', 'worker'];
/** Quiet time after each instance comes up, before the next is replaced. */
const BETWEEN_MS = 6_000;
/** How long the instances returned to REF run beside the new ones. */
const ROLLBACK_MS = 25_000;
const GRACE_MS = 10_000;

function migrate(ref: RefStack, phase: 'expand' | 'contract'): string[] {
  const run = Bun.spawnSync(
    [process.execPath, join(paths.root, 'services/api/src/migrate-cli.ts'), '--phase', phase],
    {
      cwd: ref.root,
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        NODE_ENV: 'development',
        LOG_FORMAT: 'json',
      },
      stdout: 'pipe',
      stderr: 'pipe',
    },
  );
  const lines = run.stdout.toString().split('\n').filter(Boolean);
  if (run.exitCode !== 0)
    throw new DrillFailure(
      `migrate --phase ${phase} failed: ${run.stderr.toString().trim() || lines.slice(-3).join(' ')}`,
    );
  return lines.flatMap((line) => {
    try {
      const entry = JSON.parse(line) as { msg?: string; set?: string; migration?: string };
      return entry.msg === 'migration applied' ? [`${entry.set}/${entry.migration}`] : [];
    } catch {
      return [];
    }
  });
}

export async function drillUpgrade(options: UpgradeOptions): Promise<string> {
  const began = Date.now();
  const changelog = readChangelog(paths.root);
  const commit = resolveCommit(options.from ?? previousRelease(paths.root).commit);
  const fromLabel =
    releases(changelog).find((r) => r.commit === commit)?.version ?? commit.slice(0, 7);
  log(`from ${fromLabel} (${commit.slice(0, 10)}) to ${RELEASE_VERSION} (this checkout)`);

  const ref = startRefStack(commit, log);
  const fresh: Map<string, NewInstance> = new Map();
  const clients: SoakClient[] = [];
  const closers: (() => Promise<unknown> | unknown)[] = [];
  let cleaned = false;
  const cleanup = async () => {
    if (cleaned) return;
    cleaned = true;
    for (const c of clients) c.close();
    for (const close of closers.splice(0)) await Promise.resolve(close()).catch(() => undefined);
    await Promise.all([...fresh.values()].map(stopNewInstance));
    ref.remove();
  };
  const onSignal = () => void cleanup().finally(() => process.exit(143));
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const up = ref.stack('up', '-d');
    if (up.code !== 0)
      throw new DrillFailure(
        `${fromLabel} did not come up: ${up.out.trim().split('\n').slice(-3).join(' | ')}`,
      );
    log(`${fromLabel} is up (${((Date.now() - began) / 1000).toFixed(0)} s)`);

    const config = loadConfig({ db: dbConfig, valkey: valkeyConfig }, { dir: ref.root });
    const logger = createLogger({
      service: 'drill',
      instance: 'upgrade',
      level: 'silent',
      format: 'json',
    });
    const valkey = createValkey({
      url: config.valkey.url,
      name: 'upgrade-drill',
      kind: 'blocking',
      logger,
    });
    const subscriber = createValkey({
      url: config.valkey.url,
      name: 'upgrade-drill-sub',
      kind: 'subscriber',
      logger,
    });
    const sql = postgres(config.db.url, { max: 2, onnotice: () => undefined });
    closers.push(
      () => sql.end({ timeout: 5 }),
      () => closeValkey(valkey),
      () => closeValkey(subscriber),
    );

    const baseUrl = `https://localhost:${ref.ports.HTTPS_PORT}`;
    const caFile = join(ref.root, '.data/tls/ca.crt');
    const ca = readFileSync(caFile, 'utf8');
    const api = apiClient(baseUrl, caFile);
    const requests: RequestRecord[] = [];
    const call = recordingApi(api, requests);
    const quietCall = recordingApi(api, []);
    const intentions: Intentions = { invited: [], jobs: [] };
    const runId = `u${Date.now().toString(36).slice(-5)}`;
    const orgs: Organization[] = await Promise.all(
      [0, 1, 2].map((n) => setupOrganization(api, runId, n, intentions)),
    );
    const actors = orgs.flatMap((org) =>
      [org.owner, ...org.members].map((actor) => ({ actor, org })),
    );
    clients.push(...soakClients({ count: 24, actors, baseUrl, ca, runId }));
    await until('every client to subscribe', () => clients.every((c) => c.settled), 60_000);
    const owner = orgs[0]?.owner;
    const firstOrg = orgs[0] as Organization;
    if (!owner) throw new DrillFailure('no organization');
    const recorder = options.record
      ? recordWire({ valkey, subscriber, sql, baseUrl, ca, orgId: firstOrg.id, token: owner.token })
      : undefined;

    let stopping = false;
    let counter = 0;
    const nextToken = (letter: 'T' | 'M') => `sk${runId}${letter}${++counter}`;
    const actorRuns = actors.map(({ actor, org }, i) =>
      runActor({
        actor,
        org,
        call,
        random: seeded(1000 + i),
        runId,
        intentions,
        nextToken,
        stopped: () => stopping,
        thinkMs: [300, 1500],
      }),
    );
    const startedAt = Date.now();
    log(
      `workload running on ${fromLabel}: ${orgs.length} organizations, ${clients.length} clients`,
    );
    await Bun.sleep(20_000);
    if (recorder && options.record) {
      const counts = await recorder.finish(options.record, {
        release: fromLabel,
        commit,
        recordedAt: new Date().toISOString(),
        by: './stack drill upgrade --record',
      });
      log(
        `recorded ${fromLabel}'s wire messages into ${options.record}: ${JSON.stringify(counts)}`,
      );
    }

    // --- 2. expand ---------------------------------------------------------------------------
    const expanded = migrate(ref, 'expand');
    log(`expand: ${expanded.length} migrations (${expanded.join(', ') || 'none'})`);
    await Bun.sleep(BETWEEN_MS);

    const faults: FaultRecord[] = [];
    const kindOf = (service: Service) => `sigterm-${service}` as const;
    const toNew = async (service: Service, n: number) => {
      const name = `${service}-${n}`;
      const start = Date.now();
      const stopped = ref.stack('stop', name);
      if (stopped.code !== 0)
        throw new DrillFailure(`${fromLabel}'s ${name} did not stop: ${stopped.out.trim()}`);
      const instance = startNewInstance(ref, paths.root, service, n);
      fresh.set(name, instance);
      const report = await readyReport(instance.port, `${name} (${RELEASE_VERSION})`);
      if (report.version !== RELEASE_VERSION)
        throw new DrillFailure(
          `${name} reports ${report.version ?? 'no version'}, not ${RELEASE_VERSION}`,
        );
      faults.push({
        kind: kindOf(service),
        target: `${name} → ${RELEASE_VERSION}`,
        start,
        end: Date.now(),
      });
      log(
        `${name}: ${fromLabel} drained, ${RELEASE_VERSION} ready (${((Date.now() - start) / 1000).toFixed(1)} s)`,
      );
      await Bun.sleep(BETWEEN_MS);
    };
    const toRef = async (service: Service, n: number) => {
      const name = `${service}-${n}`;
      const start = Date.now();
      const instance = fresh.get(name);
      if (instance) await stopNewInstance(instance);
      fresh.delete(name);
      const started = ref.stack('start', name);
      if (started.code !== 0)
        throw new DrillFailure(`${fromLabel}'s ${name} did not start: ${started.out.trim()}`);
      const report = await readyReport(servicePortOf(ref, service, n), `${name} (${fromLabel})`);
      // Run by REF's own supervisor again. A release reports a version other than this one's; a
      // commit between releases may report the same pre-release: its supervisor's process says it.
      const status = JSON.parse(ref.stack('status', '--json').out) as {
        processes: { name: string; ready: boolean }[];
      };
      const byRef = status.processes.find((p) => p.name === name)?.ready === true;
      const released = releases(changelog).some((r) => r.commit === commit);
      if (!byRef || (released && report.version === RELEASE_VERSION))
        throw new DrillFailure(`${name} was to run ${fromLabel} again, under its own supervisor`);
      faults.push({
        kind: kindOf(service),
        target: `${name} → ${fromLabel}`,
        start,
        end: Date.now(),
      });
      log(`${name}: back on ${fromLabel} (${((Date.now() - start) / 1000).toFixed(1)} s)`);
    };

    // --- 3. one instance at a time -----------------------------------------------------------
    for (const service of SERVICES) for (const n of [1, 2]) await toNew(service, n);

    // --- 4. back to REF and forward again ----------------------------------------------------
    for (const service of SERVICES) await toRef(service, 1);
    const rolledBackAt = Date.now();
    const probe = await rollbackProbe({
      ref,
      org: firstOrg,
      token: owner.token,
      ca,
      nextToken,
      apiCall: recordingApi(
        apiClient(`http://127.0.0.1:${servicePortOf(ref, 'api', 1)}`, caFile),
        requests,
      ),
      viaEdge: call,
    });
    await Bun.sleep(Math.max(0, ROLLBACK_MS - (Date.now() - rolledBackAt)));
    const oldWorkerJobs = await jobsCompleted(servicePortOf(ref, 'worker', 1));
    log(
      `${fromLabel} beside ${RELEASE_VERSION} on the expanded schema: its api answered ${probe.answered}/${probe.asked}, its ws delivered ${probe.delivered ? 'the new ticket' : 'nothing'}, its worker ran ${oldWorkerJobs} jobs`,
    );
    for (const service of SERVICES) await toNew(service, 1);

    // --- 5. contract -------------------------------------------------------------------------
    const contracted = migrate(ref, 'contract');
    log(`contract: ${contracted.length} migrations (${contracted.join(', ') || 'none'})`);
    await Bun.sleep(15_000);
    stopping = true;
    await Promise.all(actorRuns);

    log('workload stopped; waiting for the outbox, the clients, the jobs and the mail to settle');
    const settled = await settleAndCollect({
      sql,
      clients,
      intentions,
      call: quietCall,
      runId,
      since: new Date(startedAt - 60_000),
      graceMs: GRACE_MS,
    });
    const history: History = {
      seed: 1,
      minutes: Math.round((Date.now() - startedAt) / 6000) / 10,
      graceMs: GRACE_MS,
      faults,
      requests,
      ...settled,
      samples: { start: [], end: [] },
    };
    const v = check(history);
    const crashed = [...fresh.values()].filter((i) => i.proc.exitCode !== null).map((i) => i.name);
    const problems = [
      ...v.failures,
      ...(crashed.length > 0 ? [`${crashed.join(', ')} exited`] : []),
      ...(probe.answered < probe.asked
        ? [`${fromLabel}'s api failed ${probe.asked - probe.answered} requests`]
        : []),
      ...(probe.delivered
        ? []
        : [`${fromLabel}'s ws did not deliver a ticket made on ${RELEASE_VERSION}`]),
      ...(oldWorkerJobs > 0 ? [] : [`${fromLabel}'s worker ran no job`]),
    ];
    const restarts = faults.length;
    const line = [
      `upgrade drill ${problems.length === 0 ? 'PASSED' : 'FAILED'} from ${fromLabel === commit.slice(0, 7) ? fromLabel : `${fromLabel} (${commit.slice(0, 7)})`} to ${RELEASE_VERSION}:`,
      `expand ${expanded.length}, contract ${contracted.length} migrations;`,
      `${restarts} instance restarts (6 replaced, 3 back to ${fromLabel} and forward again);`,
      `changes ${v.changes}, delivered ${v.expected - v.lost - v.resyncCovered}/${v.expected},`,
      `lost ${v.lost}, duplicated ${v.duplicated}, out of order ${v.outOfOrder}, resync-covered ${v.resyncCovered} (${v.reconnects} reconnects),`,
      `mails ${v.mails.once}/${v.mails.intended} once, jobs never run ${v.jobs.neverRun}/${v.jobs.total},`,
      `failed requests ${v.errors.inside} inside the ${restarts} restarts, ${v.errors.outside} outside (of ${requests.length});`,
      `${fromLabel} beside it: api ${probe.answered}/${probe.asked}, ws delivered ${probe.delivered ? 1 : 0}/1, worker ${oldWorkerJobs} jobs;`,
      `${((Date.now() - began) / 1000).toFixed(0)} s`,
      ...(problems.length > 0 ? [`— ${problems.join('; ')}`] : []),
    ].join(' ');
    if (problems.length > 0) throw new DrillFailure(line);
    return line;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await cleanup();
  }
}

/** Jobs an instance has completed since it started: its own metrics (its port's /metrics). */
async function jobsCompleted(port: number): Promise<number> {
  const text = await fetch(`http://127.0.0.1:${port}/metrics`)
    .then((r) => r.text())
    .catch(() => '');
  return text
    .split('\n')
    .filter(
      (l) => l.startsWith('queue_job_duration_seconds_count{') && l.includes('outcome="completed"'),
    )
    .reduce((sum, l) => sum + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
}

/**
 * The instances returned to REF at work beside the new ones: requests straight to its api (a
 * list, and a ticket opened, a tracked change the checker follows), and a socket straight to its
 * ws that must receive a ticket opened through the edge.
 */
async function rollbackProbe(deps: {
  ref: RefStack;
  org: Organization;
  token: string;
  ca: string;
  nextToken: (letter: 'T' | 'M') => string;
  apiCall: ReturnType<typeof recordingApi>;
  viaEdge: ReturnType<typeof recordingApi>;
}): Promise<{ asked: number; answered: number; delivered: boolean }> {
  const base = `/api/v1/orgs/${deps.org.id}`;
  let asked = 0;
  let answered = 0;
  for (let i = 0; i < 10; i++) {
    asked += 1;
    const answer =
      i % 2 === 0
        ? await deps.apiCall('GET tickets (old api)', 'GET', `${base}/tickets?limit=5`, {
            token: deps.token,
          })
        : await deps.apiCall('POST tickets (old api)', 'POST', `${base}/tickets`, {
            token: deps.token,
            body: { subject: `Soak ${deps.nextToken('T')}`, body: 'Opened on the release before.' },
          });
    if (answer && answer.status < 300) {
      answered += 1;
      if (answer.status === 201) deps.org.tickets.push((answer.body as { id: string }).id);
    }
  }
  const socket = io(`http://127.0.0.1:${servicePortOf(deps.ref, 'ws', 1)}`, {
    path: '/socket.io/',
    transports: ['websocket'],
    forceNew: true,
    auth: { token: deps.token },
  });
  try {
    const subject = `Soak ${deps.nextToken('T')}`;
    const seen = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), 20_000);
      socket.on('ticket.created', (envelope: { data?: { ticket?: { subject?: string } } }) => {
        if (envelope?.data?.ticket?.subject === subject) {
          clearTimeout(timer);
          resolve(true);
        }
      });
    });
    const subscribed = await until(
      "a socket on the release before's ws",
      async () =>
        socket.connected &&
        ((await socket
          .timeout(5000)
          .emitWithAck('subscribe', { orgId: deps.org.id })
          .then((ack: { ok?: boolean }) => ack?.ok === true)
          .catch(() => false)) as boolean),
      20_000,
    );
    if (!subscribed) return { asked, answered, delivered: false };
    const made = await deps.viaEdge('POST tickets', 'POST', `${base}/tickets`, {
      token: deps.token,
      body: { subject, body: 'Opened on the new release, heard on the one before.' },
    });
    if (made?.status === 201) deps.org.tickets.push((made.body as { id: string }).id);
    return { asked, answered, delivered: await seen };
  } finally {
    socket.disconnect();
  }
}
