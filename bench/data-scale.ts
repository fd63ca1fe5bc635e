import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dbConfig, loadConfig } from '@insightdesk/shared/config';
import { encodeCursor, schema } from '@insightdesk/shared/db';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { refreshAnalyticsRollups } from '../helpdesk/src/analytics';
import {
  type HotPathSubject,
  hotPathPlans,
  sequentialScans,
} from '../helpdesk/tests/support/hot-path-plans';
import { superuserPassword } from '../tools/stack/pg-superuser';
import { dropDataSet } from './data-scale/drop';
import { dataSetState, loadTo, SCALE_PASSWORD } from './data-scale/load';
import {
  LARGE_ORG,
  LONG_THREAD_TICKET,
  ORGANIZATIONS,
  orgId,
  orgOf,
  ownerEmail,
  SIZES,
  type SizeName,
  ticketId,
  VOCABULARY,
} from './data-scale/shape';
import {
  fmt,
  median,
  ROOT,
  report,
  settings,
  settle,
  spread,
  stackPids,
  wrk,
  wrkWithCpu,
} from './lib';

// How the cost of each request grows with the data (bench/README.md, "Data at scale").
//
//   bun bench/data-scale.ts                  # sizes 10k,1m; 3 runs each
//   BENCH_SIZES=10k,100k,1m,10m bun bench/data-scale.ts
//   bun bench/data-scale.ts --report         # the table again from the sizes measured
//   bun bench/data-scale.ts --drop           # removes the data set
//
// The data (bench/data-scale/shape.ts) is loaded with COPY into the stack's own database, beside
// whatever else it holds, and grown from one size to the next (never shrunk: a size smaller
// than what is loaded is skipped; `--drop` starts again). At each size, `BENCH_RUNS` runs, each:
// the large organization's service levels changed and re-planned (timed), every path through
// nginx and the api at a fixed load (BENCH_CONNECTIONS connections for BENCH_SECONDS each: p99,
// and the api's and PostgreSQL's CPU per request), the outbox during the replies, an export of
// the large organization through the worker and its writer alone. Then every hot path's plans,
// Valkey's memory for the large organization's stream and the analytics rollup. Each size's
// figures are saved in .data/bench/data-scale/; the ratios are taken run by run against the
// smallest size measured for this data set. Needs the stack (./stack up -d) and a quiet machine;
// with the local stack's WAL archiving, a million tickets archive ~12 GB.

const config = loadConfig({ db: dbConfig }, { dir: ROOT });
const database = new URL(config.db.url).pathname.slice(1);
const superUrl = Object.assign(new URL(config.db.url), {
  username: 'postgres',
  password: superuserPassword(),
}).toString();
const sql = postgres(superUrl, { max: 2, onnotice: () => undefined });
const base = `https://localhost:${settings.stack.httpsPort}`;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);
const SIZE_NAMES = (process.env.BENCH_SIZES ?? '10k,1m').split(',') as SizeName[];
const RESULTS = join(ROOT, '.data', 'bench', 'data-scale');
const tls = { rejectUnauthorized: false };
/** Organizations whose owners are logged in: the large one and 99 small ones. */
const LOGGED = 100;

async function api(path: string, init: { method?: string; body?: unknown; token?: string } = {}) {
  const res = await fetch(`${base}${path}`, {
    method: init.method ?? (init.body ? 'POST' : 'GET'),
    headers: {
      'Content-Type': 'application/json',
      ...(init.token ? { Authorization: `Bearer ${init.token}` } : {}),
    },
    body: init.body ? JSON.stringify(init.body) : undefined,
    tls,
  });
  return { status: res.status, body: (await res.json().catch(() => null)) as never };
}

async function login(o: number): Promise<string> {
  const res = await api('/api/v1/auth/login', {
    body: { email: ownerEmail(o), password: SCALE_PASSWORD },
  });
  if (res.status !== 200) throw new Error(`login of ${ownerEmail(o)}: ${res.status}`);
  return (res.body as { tokens: { accessToken: string } }).tokens.accessToken;
}

interface Request {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly token: string;
  readonly body?: string;
}

/** A wrk script that sends the requests in random order. */
function script(name: string, requests: readonly Request[]): string {
  const dir = join(ROOT, '.data', 'bench');
  mkdirSync(dir, { recursive: true });
  const rows = requests
    .map((r) => `{"${r.method}","${r.path}","${r.token}",${r.body ? `'${r.body}'` : 'nil'}}`)
    .join(',\n');
  const file = join(dir, `data-scale-${name}.lua`);
  writeFileSync(
    file,
    `math.randomseed(os.time())
local requests = {${rows}}
request = function()
  local r = requests[math.random(#requests)]
  local headers = {["Authorization"] = "Bearer " .. r[3]}
  if r[4] then headers["Content-Type"] = "application/json" end
  return wrk.format(r[1], r[2], headers, r[4])
end
`,
  );
  return file;
}

/** The tickets the per-ticket paths spread over: 100 of the large organization, 100 others. */
function sampleTickets(size: number, anchor: number, tokens: Map<number, string>) {
  const picked: { o: number; i: number }[] = [];
  for (let i = 10; picked.length < 100 && i < size; i += Math.max(10, Math.floor(size / 1000)) * 10)
    picked.push({ o: LARGE_ORG, i });
  for (let i = 1; picked.length < 200 && i < size; i++) {
    const o = orgOf(i);
    if (o !== LARGE_ORG && tokens.has(o)) picked.push({ o, i });
  }
  return picked.map(({ o, i }) => ({
    token: tokens.get(o) as string,
    path: `/api/v1/orgs/${orgId(o, anchor)}/tickets/${ticketId(i, anchor)}`,
  }));
}

/** A word in many tickets and one in few (the vocabulary is skewed: shape.ts). */
const COMMON_WORD = VOCABULARY[2] as string;
const RARE_WORD = VOCABULARY[2990] as string;

async function deepCursor(org: string): Promise<string> {
  const [row] = await sql`
    select created_at, id from tickets where org_id = ${org}
     order by created_at desc nulls last, id desc nulls last
     offset (select (count(*) * 0.9)::int from tickets where org_id = ${org}) limit 1`;
  return encodeCursor({ at: new Date(row?.created_at), id: String(row?.id) });
}

type PathName =
  | 'listFirstPage'
  | 'listDeepPage'
  | 'searchCommonWord'
  | 'searchRareWord'
  | 'ticketRead'
  | 'longThreadRead'
  | 'reply'
  | 'replyLongThread'
  | 'analyticsSummary'
  | 'notificationList';

interface PathFigures {
  readonly rps: number;
  readonly p99Ms: number;
  readonly cpuUs: number;
  readonly errors: number;
}

interface SizeRun {
  readonly paths: Record<PathName, PathFigures>;
  readonly sla: { readonly requestMs: number; readonly replanMs: number; readonly tickets: number };
  readonly exported: { readonly ms: number; readonly peakMb: number; readonly tickets: number };
  readonly writer: {
    readonly ms: number;
    readonly peakMb: number;
    /** Its peak in the second half of its time over that in the first: ~1 when it levels off. */
    readonly secondVsFirstHalf?: number;
  };
  readonly outbox: {
    readonly writtenPerS: number;
    readonly relayedPerS: number;
    readonly drainPerS: number;
    readonly drainMs: number;
    readonly pendingMax: number;
    readonly pendingEnd: number;
  };
}

/** Which outbox rows are not relayed yet, and the newest row's id. */
async function outboxState() {
  const [row] = await sql`
    select (select count(*) from outbox where relayed_at is null)::int as pending,
           (select coalesce(max(id), 0) from outbox)::bigint as last`;
  return { pending: Number(row?.pending), last: Number(row?.last) };
}

/** The reply paths, with the outbox sampled each second meanwhile. */
async function withOutbox<T>(work: () => Promise<T>) {
  const start = await outboxState();
  const t0 = performance.now();
  let pendingMax = start.pending;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      await Bun.sleep(1000);
      pendingMax = Math.max(pendingMax, (await outboxState()).pending);
    }
  })();
  const result = await work();
  const writeSeconds = (performance.now() - t0) / 1000;
  const end = await outboxState();
  sampling = false;
  await sampler;
  // Then the backlog drained with the api idle: the relay's own rate.
  const t1 = performance.now();
  let left = end.pending;
  while (left > start.pending && performance.now() - t1 < 120_000) {
    await Bun.sleep(50);
    left = (await outboxState()).pending;
  }
  const drainSeconds = (performance.now() - t1) / 1000;
  const written = end.last - start.last;
  return {
    result,
    outbox: {
      writtenPerS: fmt(written / writeSeconds, 0),
      relayedPerS: fmt((written - (end.pending - start.pending)) / writeSeconds, 0),
      drainPerS: fmt((end.pending - left) / Math.max(0.05, drainSeconds), 0),
      drainMs: fmt(drainSeconds * 1000, 0),
      pendingMax,
      pendingEnd: end.pending,
    },
  };
}

/** Removes what a run's replies added (their messages, notifications and events). */
async function dropReplies(since: Date, tickets: readonly string[]) {
  await sql`delete from outbox where created_at >= ${since.toISOString()}::timestamptz and org_id in
    (select id from organizations where name like 'scale-org-%')`;
  await sql`delete from messages where ticket_id = any(${tickets}::uuid[])
    and created_at >= ${since.toISOString()}::timestamptz and body = 'scale reply'`;
}

/** The service levels re-planned: a policy's targets changed, then every unresolved ticket's. */
async function slaChange(token: string, org: string, run: number) {
  const policies = await api(`/api/v1/orgs/${org}/sla/policies`, { token });
  const existing = (policies.body as { items?: { id: string }[] } | null)?.items?.[0];
  const policy = {
    name: 'Scale',
    isDefault: true,
    targets: { firstResponse: 60 + run, nextResponse: 240, resolution: 2880 },
    warningMinutes: 10,
  };
  const [unresolved] = await sql`
    select count(*)::int as n from tickets where org_id = ${org} and status not in ('solved', 'closed')`;
  const since = new Date();
  const t0 = performance.now();
  const res = existing
    ? await api(`/api/v1/orgs/${org}/sla/policies/${existing.id}`, {
        method: 'PUT',
        token,
        body: policy,
      })
    : await api(`/api/v1/orgs/${org}/sla/policies`, { token, body: policy });
  const requestMs = performance.now() - t0;
  if (res.status !== 200 && res.status !== 201) throw new Error(`sla policy: ${res.status}`);
  const tickets = Number(unresolved?.n);
  for (;;) {
    const [done] = await sql`
      select count(*)::int as n from ticket_slas
       where org_id = ${org} and updated_at >= ${since.toISOString()}::timestamptz`;
    if (Number(done?.n) >= tickets) break;
    if (performance.now() - t0 > 30 * 60_000) throw new Error('service levels not re-planned');
    await Bun.sleep(100);
  }
  return { requestMs: fmt(requestMs, 1), replanMs: fmt(performance.now() - t0, 0), tickets };
}

/** Resident memory (MB) of a process now. */
function rssMb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(status.match(/VmRSS:\s+(\d+)/)?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

/** An export of the organization: its time, and the workers' peak memory above their start. */
async function exportOrg(token: string, org: string, workers: readonly number[]) {
  const baseline = workers.map(rssMb);
  let peak = 0;
  const sampler = setInterval(() => {
    const above = workers.map((pid, k) => rssMb(pid) - (baseline[k] ?? 0));
    peak = Math.max(peak, ...above);
  }, 50);
  const t0 = performance.now();
  try {
    const started = await api(`/api/v1/orgs/${org}/exports`, { token, body: {} });
    if (started.status !== 202) throw new Error(`export: ${started.status}`);
    const id = (started.body as { id: string }).id;
    for (;;) {
      const state = await api(`/api/v1/orgs/${org}/exports/${id}`, { token });
      const body = state.body as { status: string; lines: number | null };
      if (body.status === 'ready')
        return {
          ms: fmt(performance.now() - t0, 0),
          peakMb: fmt(peak, 1),
          tickets: body.lines ?? 0,
        };
      if (body.status === 'failed') throw new Error('export failed');
      await Bun.sleep(200);
    }
  } finally {
    clearInterval(sampler);
  }
}

/**
 * The export's own writing, in a process of its own (`bench/exports.ts --child stream`: the
 * organization's tickets read a page at a time into a gzipped part, then the file, as the worker
 * writes them): its time and its peak resident memory above its own start, sampled every 5 ms,
 * and that peak in the second half of its time against the first (whether it follows the rows).
 * The workers' memory during a real export (`exportOrg`) also holds whatever else they run.
 */
async function exportWriter(org: string) {
  const proc = Bun.spawn(
    [process.execPath, join(ROOT, 'bench/exports.ts'), '--child', 'stream', org],
    { cwd: ROOT, stdout: 'pipe', stderr: 'inherit' },
  );
  const out = await new Response(proc.stdout).text();
  if ((await proc.exited) !== 0) throw new Error('the export writer failed');
  const r = JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as {
    ms: number;
    peakMb: number;
    peakFirstHalfMb: number;
    peakSecondHalfMb: number;
  };
  return {
    ms: fmt(r.ms, 0),
    peakMb: fmt(r.peakMb, 1),
    secondVsFirstHalf: fmt(r.peakSecondHalfMb / Math.max(0.1, r.peakFirstHalfMb), 2),
  };
}

/** Valkey's memory per organization stream: the large one's and the mean of the others'. */
async function streamMemory(anchor: number) {
  const { RedisClient } = await import('bun');
  const valkey = new RedisClient(settings.valkey.url);
  try {
    const sizes: number[] = [];
    for (let o = 0; o < LOGGED; o++) {
      const bytes = await valkey.send('MEMORY', [
        'USAGE',
        `insightdesk:events:{${orgId(o, anchor)}}`,
      ]);
      if (bytes !== null) sizes.push(Number(bytes));
    }
    return { largeKb: fmt((sizes[0] ?? 0) / 1024, 1), streams: sizes.length };
  } finally {
    valkey.close();
  }
}

async function measureSize(size: SizeName, anchor: number, run: number): Promise<SizeRun> {
  const tokens = new Map<number, string>();
  for (let o = 0; o < LOGGED; o++) tokens.set(o, await login(o));
  const large = orgId(LARGE_ORG, anchor);
  const largeToken = tokens.get(LARGE_ORG) as string;
  const longThread = ticketId(LONG_THREAD_TICKET, anchor);
  const tickets = sampleTickets(SIZES[size], anchor, tokens);
  const cursor = await deepCursor(large);
  const reply = JSON.stringify({ body: 'scale reply' });
  const list = `/api/v1/orgs/${large}/tickets?limit=25`;
  const requests: Record<PathName, Request[]> = {
    listFirstPage: [{ method: 'GET', path: list, token: largeToken }],
    listDeepPage: [{ method: 'GET', path: `${list}&cursor=${cursor}`, token: largeToken }],
    searchCommonWord: [{ method: 'GET', path: `${list}&q=${COMMON_WORD}`, token: largeToken }],
    searchRareWord: [{ method: 'GET', path: `${list}&q=${RARE_WORD}`, token: largeToken }],
    ticketRead: tickets.map((t) => ({ method: 'GET', ...t })),
    longThreadRead: [
      {
        method: 'GET',
        path: `/api/v1/orgs/${large}/tickets/${longThread}/messages?limit=25`,
        token: largeToken,
      },
    ],
    reply: tickets.map((t) => ({
      method: 'POST',
      path: `${t.path}/messages`,
      token: t.token,
      body: reply,
    })),
    replyLongThread: [
      {
        method: 'POST',
        path: `/api/v1/orgs/${large}/tickets/${longThread}/messages`,
        token: largeToken,
        body: reply,
      },
    ],
    analyticsSummary: [
      { method: 'GET', path: `/api/v1/orgs/${large}/analytics/summary`, token: largeToken },
    ],
    notificationList: [
      { method: 'GET', path: '/api/v1/me/notifications?limit=25', token: largeToken },
    ],
  };
  // The service levels first: the large organization's policy changed (made at the first run),
  // its unresolved tickets re-planned, so that every run's replies compute timers alike.
  const sla = await slaChange(largeToken, large, run);
  await settle();
  const apis = await stackPids(['api-1', 'api-2']);
  const [postgresPid] = await stackPids(['postgres']);
  const workers = await stackPids(['worker-1', 'worker-2']);
  const since = new Date();
  const paths = {} as Record<PathName, PathFigures>;
  const measure = async (name: PathName) => {
    const file = script(name, requests[name]);
    // A few seconds first: the statements prepared and the pages read once at this size.
    await wrk(`${base}/`, { connections: CONNECTIONS, seconds: 2, script: file });
    const r = await wrkWithCpu(
      `${base}/`,
      apis,
      { connections: CONNECTIONS, seconds: SECONDS, script: file },
      { postgres: postgresPid ? [postgresPid] : [] },
    );
    paths[name] = {
      rps: fmt(r.rps, 0),
      p99Ms: fmt(r.p99Ms, 2),
      cpuUs: fmt(r.upstreamCpuUsPerRequest + (r.pathCpuUsPerRequest.postgres ?? 0), 0),
      errors: r.errors,
    };
    console.error(`    ${size} run ${run + 1} ${name}: ${JSON.stringify(paths[name])}`);
  };
  let outbox: SizeRun['outbox'] | undefined;
  try {
    for (const name of Object.keys(requests) as PathName[]) {
      if (name === 'reply') outbox = (await withOutbox(() => measure(name))).outbox;
      else await measure(name);
    }
  } finally {
    await dropReplies(since, [
      longThread,
      ...tickets.map((t) => t.path.split('/').at(-1) as string),
    ]);
  }
  await settle();
  const exported = await exportOrg(largeToken, large, workers);
  await settle();
  const writer = await exportWriter(large);
  return { paths, sla, exported, writer, outbox: outbox as SizeRun['outbox'] };
}

/** The statements of every hot path, explained at this size: their sequential scans. */
async function plansAt(anchor: number) {
  const large = orgId(LARGE_ORG, anchor);
  const subject: HotPathSubject = {
    orgId: large,
    adminId: (await sql`select user_id from memberships where org_id = ${large}`)[0]?.user_id,
    ticketId: ticketId(10, anchor),
    longThreadId: ticketId(LONG_THREAD_TICKET, anchor),
    deepCursor: await deepCursor(large),
    commonWord: COMMON_WORD,
    rareWord: RARE_WORD,
  };
  const plans = await hotPathPlans(superUrl, subject);
  return Object.fromEntries(
    Object.entries(plans).map(([name, p]) => [name, sequentialScans(p).map((s) => s.relation)]),
  ) as Record<string, (string | null)[]>;
}

/** The worker's rollup of every organization's analytics (each minute), timed once. */
async function rollupMs() {
  const t0 = performance.now();
  await refreshAnalyticsRollups(drizzle(sql, { schema }));
  return fmt(performance.now() - t0, 0);
}

interface SizeResult {
  readonly size: SizeName;
  readonly anchor: number;
  readonly runs: SizeRun[];
  readonly plans: Record<string, (string | null)[]>;
  readonly streams: { largeKb: number; streams: number };
  readonly rollupMs: number;
  readonly load?: unknown;
}

const resultFile = (size: SizeName) => join(RESULTS, `${size}.json`);

function saved(size: SizeName, anchor: number): SizeResult | null {
  try {
    const r = JSON.parse(readFileSync(resultFile(size), 'utf8')) as SizeResult;
    return r.anchor === anchor ? r : null;
  } catch {
    return null;
  }
}

const ratio = (a: number, b: number) => (b > 0 ? fmt(a / b, 2) : Number.NaN);
const sizeKey = (s: SizeName) => s.toUpperCase();

try {
  if (process.argv.includes('--drop')) {
    await dropDataSet(sql);
    process.exit(0);
  }
  mkdirSync(RESULTS, { recursive: true });
  // `--report`: the table again from the sizes already measured, nothing loaded or run.
  for (const size of process.argv.includes('--report') ? [] : SIZE_NAMES) {
    const state = await dataSetState(sql);
    if (state && state.tickets > SIZES[size]) {
      console.error(`==> ${size}: the data set already holds ${state.tickets} tickets (skipped)`);
      continue;
    }
    const load = await loadTo(sql, database, SIZES[size]);
    const anchor = load.anchor;
    // What the load left behind settled before the runs: every table it wrote vacuumed (a run
    // that met autovacuum on them read p99s 11 times the others'), the rollups' first minute.
    await sql`vacuum (analyze) tickets, messages, ticket_search, ticket_status_changes,
      notifications, outbox, attachments, audit_log`;
    await settle({ maxMs: 120_000 });
    const runs: SizeRun[] = [];
    for (let run = 0; run < RUNS; run++) runs.push(await measureSize(size, anchor, run));
    const result: SizeResult = {
      size,
      anchor,
      runs,
      plans: await plansAt(anchor),
      streams: await streamMemory(anchor),
      rollupMs: await rollupMs(),
      load,
    };
    writeFileSync(resultFile(size), JSON.stringify(result, null, 2));
  }

  // The table: every size measured for this data set, each against the smallest.
  const state = await dataSetState(sql);
  if (!state) throw new Error('no data set: run without --drop first');
  const measured = (Object.keys(SIZES) as SizeName[])
    .map((s) => saved(s, state.anchor))
    .filter((r): r is SizeResult => r !== null);
  const [smallest, ...larger] = measured;
  if (!smallest) throw new Error('no size measured yet');
  const rows: Record<string, unknown>[] = [];
  const keys: Record<string, unknown> = { organizations: ORGANIZATIONS, connections: CONNECTIONS };
  for (const name of Object.keys(smallest.runs[0]?.paths ?? {}) as PathName[]) {
    const row: Record<string, unknown> = { path: name };
    for (const r of measured) {
      row[`p99Ms@${r.size}`] = median(r.runs.map((x) => x.paths[name].p99Ms));
      row[`cpuUs@${r.size}`] = median(r.runs.map((x) => x.paths[name].cpuUs));
    }
    for (const r of larger) {
      const p99 = r.runs.map((x, k) =>
        ratio(x.paths[name].p99Ms, smallest.runs[k]?.paths[name].p99Ms ?? 0),
      );
      const cpu = r.runs.map((x, k) =>
        ratio(x.paths[name].cpuUs, smallest.runs[k]?.paths[name].cpuUs ?? 0),
      );
      const at = `At${sizeKey(r.size)}Vs${sizeKey(smallest.size)}`;
      row[`p99${at}`] = fmt(median(p99), 2);
      row[`cpu${at}`] = fmt(median(cpu), 2);
      keys[`${name}P99${at}`] = `${fmt(median(p99), 2)} (${spread(p99, 2)})`;
      keys[`${name}Cpu${at}`] = `${fmt(median(cpu), 2)} (${spread(cpu, 2)})`;
    }
    rows.push(row);
  }
  for (const r of measured) {
    const tag = sizeKey(r.size);
    // The long thread's read and reply against a short one's, at the same size: bounded by a page?
    const vs = (a: PathName, b: PathName) =>
      fmt(median(r.runs.map((x) => x.paths[a].cpuUs / Math.max(1, x.paths[b].cpuUs))), 2);
    keys[`longThreadReadCpuVsListFirstPageAt${tag}`] = vs('longThreadRead', 'listFirstPage');
    keys[`replyLongThreadCpuVsReplyAt${tag}`] = vs('replyLongThread', 'reply');
    const perTicket = r.runs.map((x) => x.sla.replanMs / Math.max(1, x.sla.tickets));
    keys[`slaReplanMsPerTicketAt${tag}`] = fmt(median(perTicket), 3);
    keys[`slaChangeRequestMsAt${tag}`] = median(r.runs.map((x) => x.sla.requestMs));
    keys[`exportMsAt${tag}`] = median(r.runs.map((x) => x.exported.ms));
    keys[`exportTicketsAt${tag}`] = r.runs[0]?.exported.tickets;
    keys[`exportUsPerTicketAt${tag}`] = fmt(
      median(r.runs.map((x) => (x.exported.ms * 1000) / Math.max(1, x.exported.tickets))),
      1,
    );
    keys[`exportWorkersPeakMbAt${tag}`] = median(r.runs.map((x) => x.exported.peakMb));
    keys[`exportWriterPeakMbAt${tag}`] = median(r.runs.map((x) => x.writer.peakMb));
    keys[`exportWriterMsAt${tag}`] = median(r.runs.map((x) => x.writer.ms));
    const halves = r.runs.flatMap((x) => x.writer.secondVsFirstHalf ?? []);
    if (halves.length > 0)
      keys[`exportWriterPeakSecondVsFirstHalfAt${tag}`] =
        `${fmt(median(halves), 2)} (${spread(halves, 2)})`;
    keys[`outboxWrittenPerSAt${tag}`] = median(r.runs.map((x) => x.outbox.writtenPerS));
    keys[`outboxRelayedPerSAt${tag}`] = median(r.runs.map((x) => x.outbox.relayedPerS));
    keys[`outboxRelayedVsWrittenAt${tag}`] = fmt(
      median(r.runs.map((x) => x.outbox.relayedPerS / Math.max(1, x.outbox.writtenPerS))),
      2,
    );
    // The backlog at its largest, in seconds of writes: how far behind the relay ran.
    keys[`outboxLagMaxSAt${tag}`] = fmt(
      median(r.runs.map((x) => x.outbox.pendingMax / Math.max(1, x.outbox.writtenPerS))),
      2,
    );
    keys[`outboxDrainMsAt${tag}`] = median(r.runs.map((x) => x.outbox.drainMs));
    keys[`outboxPendingMaxAt${tag}`] = median(r.runs.map((x) => x.outbox.pendingMax));
    keys[`outboxPendingEndAt${tag}`] = median(r.runs.map((x) => x.outbox.pendingEnd));
    keys[`valkeyLargeOrgStreamKbAt${tag}`] = r.streams.largeKb;
    keys[`analyticsRollupScanMsAt${tag}`] = r.rollupMs;
    const seq = Object.entries(r.plans).filter(([, s]) => s.length > 0);
    keys[`seqScansAt${tag}`] =
      seq.length === 0 ? 'none' : seq.map(([p, s]) => `${p}: ${s.join(', ')}`).join('; ');
  }
  const exportMs = (x: SizeResult) => median(x.runs.map((y) => y.exported.ms));
  const exportRows = (x: SizeResult) => x.runs[0]?.exported.tickets ?? 0;
  for (const [k, r] of larger.entries()) {
    const at = `At${sizeKey(r.size)}Vs${sizeKey(smallest.size)}`;
    const peak = (x: SizeResult) => median(x.runs.map((y) => y.exported.peakMb));
    keys[`exportWorkersPeakMemory${at}`] = ratio(peak(r), peak(smallest));
    const writerPeaks = r.runs.map((y, i) =>
      ratio(y.writer.peakMb, smallest.runs[i]?.writer.peakMb ?? 0),
    );
    keys[`exportPeakMemory${at}`] = `${fmt(median(writerPeaks), 2)} (${spread(writerPeaks, 2)})`;
    // Linear in rows: each step's time per added ticket (a fixed cost per export — the flow's
    // jobs, the audit section, the file's upload — is what the smallest export is mostly made of).
    const before = measured[k] as SizeResult;
    const step = `${sizeKey(before.size)}To${sizeKey(r.size)}`;
    keys[`exportUsPerAddedTicket${step}`] = fmt(
      ((exportMs(r) - exportMs(before)) * 1000) / Math.max(1, exportRows(r) - exportRows(before)),
      1,
    );
  }
  keys.goals =
    'p99/cpu At<size>Vs10K <= 1.3 per path; exportPeakMemory (the export writer alone) <= 1.2; exportUsPerAddedTicket alike at each step (linear); outboxRelayedVsWritten ~ 1 and outboxLagMaxS flat; seqScans none';
  report('data-scale', rows, keys);
} finally {
  await sql.end();
}
