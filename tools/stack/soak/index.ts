import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLogger } from '@insightdesk/shared/logger';
import { closeValkey, createValkey } from '@insightdesk/shared/valkey';
import postgres from 'postgres';
import { supervisorStatus } from '../control';
import { say, table } from '../output';
import { paths } from '../paths';
import { apiClient } from '../seed/api';
import type { StackSettings } from '../settings';
import { check, reportTable, summaryLine } from './checker';
import { allReady, faultSchedule, inject, seeded } from './faults';
import {
  FAULT_KINDS,
  type FaultRecord,
  type History,
  type ProcessSample,
  type RequestRecord,
} from './history';
import { settleAndCollect, until } from './settle';
import { type SoakClient, soakClients } from './sockets';
import {
  type Intentions,
  type Organization,
  recordingApi,
  runActor,
  setupOrganization,
} from './workload';

export interface SoakOptions {
  readonly minutes: number;
  readonly seed: number;
  readonly organizations: number;
  readonly clients: number;
}

/** Requests this long after a fault's recovery still count as inside its window. */
const GRACE_MS = 10_000;
/** Quiet time at both ends of the run, without faults. */
const MARGIN_MS = 10_000;
/** How far past its minutes a run goes to inject each kind of fault once. */
const OVERTIME_MS = 15 * 60_000;

/** `--minutes N --seed S --orgs N --clients N` (defaults: 3 minutes, seed 1, 4 organizations, 80 clients). */
export function parseSoakArgs(args: readonly string[]): SoakOptions {
  const value = (name: string, fallback: number) => {
    const i = args.indexOf(`--${name}`);
    if (i < 0) return fallback;
    const n = Number(args[i + 1]);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} takes a positive number`);
    return n;
  };
  return {
    minutes: value('minutes', 3),
    seed: Math.floor(value('seed', 1)),
    organizations: Math.floor(value('orgs', 4)),
    clients: Math.floor(value('clients', 80)),
  };
}

/** Resident memory and open descriptors of each of the stack's processes. */
async function sampleProcesses(): Promise<ProcessSample[]> {
  const status = (await supervisorStatus()) ?? [];
  return status.flatMap((p) => {
    if (!p.pid) return [];
    try {
      const rss = readFileSync(`/proc/${p.pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+) kB/m);
      return [
        {
          name: p.name,
          pid: p.pid,
          rssKb: Number(rss?.[1] ?? 0),
          fds: readdirSync(`/proc/${p.pid}/fd`).length,
        },
      ];
    } catch {
      return [];
    }
  });
}

/**
 * `./stack soak`: the workload and the fault schedule against the running stack, then the
 * history checker (checker.ts) over what PostgreSQL committed. Returns the exit code.
 */
export async function runSoak(settings: StackSettings, options: SoakOptions): Promise<number> {
  const baseUrl = `https://localhost:${settings.stack.httpsPort}`;
  const ca = readFileSync(paths.caCert, 'utf8');
  const random = seeded(options.seed);
  const runId = `${Date.now().toString(36).slice(-5)}${options.seed}`;
  const startedAt = Date.now();
  const durationMs = options.minutes * 60_000;
  const logger = createLogger({
    service: 'soak',
    instance: 'soak',
    level: 'silent',
    format: 'json',
  });
  const valkey = createValkey({
    url: settings.valkey.queueUrl,
    name: 'soak',
    kind: 'blocking',
    logger,
  });
  const sql = postgres(settings.db.url, { max: 2, onnotice: () => undefined });
  const requests: RequestRecord[] = [];
  const faults: FaultRecord[] = [];
  const intentions: Intentions = { invited: [], jobs: [] };
  const api = apiClient(baseUrl, paths.caCert);
  const call = recordingApi(api, requests);
  // What the soak asks at the end, to check, is not part of the workload's record.
  const quietCall = recordingApi(api, []);
  let clients: SoakClient[] = [];
  try {
    say(
      `soak ${runId}: ${options.minutes} min, seed ${options.seed}, ${options.organizations} organizations, ${options.clients} Socket.IO clients`,
    );
    await allReady();
    const orgs: Organization[] = await Promise.all(
      Array.from({ length: options.organizations }, (_, n) =>
        setupOrganization(api, runId, n, intentions),
      ),
    );
    const actors = orgs.flatMap((org) =>
      [org.owner, ...org.members].map((actor) => ({ actor, org })),
    );

    clients = soakClients({ count: options.clients, actors, baseUrl, ca, runId });
    await until('every client to subscribe', () => clients.every((c) => c.settled), 60_000);
    const samplesStart = await sampleProcesses();

    say('workload running; faults start in 10 s');
    let stopping = false;
    let counter = 0;
    const actorRuns = actors.map(({ actor, org }) =>
      runActor({
        actor,
        org,
        call,
        random: seeded(options.seed * 1000 + counter++),
        runId,
        intentions,
        nextToken: (letter) => `sk${runId}${letter}${++counter}`,
        stopped: () => stopping,
        thinkMs: [300, 1500],
      }),
    );

    const schedule = faultSchedule(random, 10_000);
    await Bun.sleep(MARGIN_MS);
    for (const fault of schedule) {
      // Every kind at least once, even when recoveries are slow (a loaded machine): the run
      // then goes on past its minutes until each kind ran (at most OVERTIME_MS longer).
      const elapsed = Date.now() - startedAt;
      const missing = FAULT_KINDS.some((kind) => !faults.some((f) => f.kind === kind));
      if (elapsed > durationMs - MARGIN_MS && !(missing && elapsed < durationMs + OVERTIME_MS))
        break;
      const injected = await inject(fault, valkey).catch((err: Error) => {
        say(`soak: fault ${fault.kind} could not be injected: ${err.message}`);
        return null;
      });
      if (injected) {
        faults.push(injected);
        say(
          `fault ${faults.length}: ${injected.kind} ${injected.target} (${((injected.end - injected.start) / 1000).toFixed(1)} s)`,
        );
      }
      await Bun.sleep(fault.pauseMs);
    }
    const left = durationMs - (Date.now() - startedAt);
    if (left > 0) await Bun.sleep(left);
    stopping = true;
    await Promise.all(actorRuns);

    say('workload stopped; waiting for the outbox, the clients, the jobs and the mail to settle');
    await allReady();
    const settled = await settleAndCollect({
      sql,
      clients,
      intentions,
      call: quietCall,
      runId,
      since: new Date(startedAt),
      graceMs: GRACE_MS,
    });
    const history: History = {
      seed: options.seed,
      minutes: options.minutes,
      graceMs: GRACE_MS,
      faults,
      requests,
      ...settled,
      samples: { start: samplesStart, end: await sampleProcesses() },
    };
    const dir = join(paths.data, 'soak');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${runId}.json`), JSON.stringify(history));
    const verdict = check(history);
    console.log(table(reportTable(history, verdict)));
    for (const r of verdict.firstOutside)
      console.log(
        `5xx outside a fault: ${r.route} at ${new Date(r.at).toISOString()} → ${r.status}`,
      );
    console.log(`history: ${join(dir, `${runId}.json`)}`);
    console.log(summaryLine(history, verdict));
    return verdict.failures.length === 0 ? 0 : 1;
  } finally {
    for (const c of clients) c.close();
    await sql.end({ timeout: 5 });
    await closeValkey(valkey);
  }
}
