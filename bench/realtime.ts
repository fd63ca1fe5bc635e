import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import {
  baselineNginx,
  benchPorts,
  childrenOf,
  cpuOf,
  cpuSplitOf,
  fileLimit,
  fmt,
  median,
  printAddedPerConnection,
  ROOT,
  report,
  settings,
  settledMemory,
  slopeOf,
  spread,
} from './lib';
import { startOurs } from './ours';
import { PEERS, startPeer } from './peers';

// Fan-out next to the socket.io team's choice on Node, rounds alternating between them:
//
//   bun bench/realtime.ts     # BENCH_STEPS=1000,5000,10000 BENCH_REPEATS=3 BENCH_EVENTS=10
//
// ours: two of our ws instances (Bun, @socket.io/bun-engine, our redis adapter); the peer: two
// instances of bench/peers/socketio-fanout.mjs (socket.io 4 + @socket.io/redis-adapter on Node).
// Each pair stands behind its own nginx rendered from the stack's template (TLS, the sticky
// cookie routing half the sockets to each instance), and both hear the events on the relay
// channel the stack's relay publishes on. Same handshake (an access token), same `subscribe`,
// same envelope. Each round starts one target afresh and ramps it to every step in BENCH_STEPS;
// at each step it reads the instances' own memory after a full collection, once settled
// (bench/lib.ts settledMemory; bench/memory-probe.ts, .mjs), and times BENCH_EVENTS tickets
// created through the stack's API, from the API's answer (the change is committed by then; an
// event that arrives earlier counts as 0 ms) to each socket's receipt.
// Memory per idle connection is the least-squares slope of those readings over the steps.
// Needs the stack: ./stack up -d
const STEPS = (process.env.BENCH_STEPS ?? '1000,5000,10000').split(',').map(Number);
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 10);
/** Also the bytes of our JavaScript objects by type, from a heap snapshot at each step. */
const SIZES = process.env.BENCH_SIZES === '1';
/** Handshakes in flight at once while a target is ramped up. */
const CONNECT_BATCH = Number(process.env.BENCH_CONNECT_BATCH ?? 200);
const MOST = Math.max(...STEPS);
/** For experiments on ours alone: `BENCH_TARGETS=ours`, extra Bun flags and environment. */
const TARGETS = (process.env.BENCH_TARGETS ?? 'ours,peer').split(',');
const OURS_BUN_ARGS = (process.env.BENCH_OURS_BUN_ARGS ?? '').split(' ').filter(Boolean);
const OURS_ENV = Object.fromEntries(
  (process.env.BENCH_OURS_ENV ?? '')
    .split(',')
    .filter(Boolean)
    .map((pair) => pair.split('=', 2) as [string, string]),
);
const base = `https://localhost:${settings.stack.httpsPort}`;
const ca = readFileSync(join(ROOT, '.data/tls/ca.crt'), 'utf8');

async function api(path: string, body?: unknown, token?: string) {
  const res = await fetch(`${base}${path}`, {
    method: body ? 'POST' : 'GET',
    headers: {
      'Content-Type': 'application/json',
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
    tls: { ca },
  });
  return (await res.json()) as Record<string, unknown>;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;

interface Target {
  readonly url: string;
  readonly probes: readonly number[];
  /** The instances' processes (their CPU while events are fanned out). */
  readonly pids: readonly number[];
  /** Its nginx's workers (their CPU for the same events: TLS for every frame, both targets). */
  readonly edgePids: readonly number[];
  /** Our Bun instances (their probe also answers a heap snapshot's sizes). */
  readonly ours: boolean;
}

/**
 * Memory of the target's instances (KB), each read by itself after a full collection: resident,
 * and the JavaScript heap plus what it holds outside (buffers), so that the slope can be split.
 */
async function memoryKb(target: Target): Promise<{
  rss: number;
  js: number;
  /** The heap as committed (live objects and the free cells and blocks around them). */
  committed: number;
  types: Record<string, number>;
  sizes: Record<string, number>;
}> {
  const total = {
    rss: 0,
    js: 0,
    committed: 0,
    types: {} as Record<string, number>,
    sizes: {} as Record<string, number>,
  };
  for (const port of target.probes) {
    const reading = await settledMemory<{
      rss: number;
      heapUsed: number;
      heapTotal: number;
      external: number;
      /** JavaScriptCore's committed heap (our instances only; Node's is heapTotal). */
      heapCapacity?: number;
      /** Only from our Bun instances (bench/memory-probe.ts). */
      objectTypeCounts?: Record<string, number>;
    }>(`http://127.0.0.1:${port}/`);
    total.rss += reading.rss / 1024;
    total.js += (reading.heapUsed + reading.external) / 1024;
    total.committed += ((reading.heapCapacity ?? reading.heapTotal) + reading.external) / 1024;
    for (const [type, n] of Object.entries(reading.objectTypeCounts ?? {}))
      total.types[type] = (total.types[type] ?? 0) + n;
    // BENCH_HEAP_DUMP=<prefix>: each of our instances' heap at each step, for bench/heap-diff.ts.
    if (process.env.BENCH_HEAP_DUMP && target.ours)
      await fetch(
        `http://127.0.0.1:${port}/?v8=${process.env.BENCH_HEAP_DUMP}-${port}-${Date.now()}.json`,
      );
    // After the reading: a heap snapshot allocates (our instances only, BENCH_SIZES=1).
    if (SIZES && target.ours) {
      const sizes = (await (await fetch(`http://127.0.0.1:${port}/?sizes`)).json()) as Record<
        string,
        number
      >;
      for (const [type, n] of Object.entries(sizes))
        total.sizes[type] = (total.sizes[type] ?? 0) + n;
    }
  }
  return total;
}

interface StepResult {
  sockets: number;
  connected: number;
  delivered: number;
  expected: number;
  p50Ms: number;
  p99Ms: number;
  /** CPU of the target's instances per event (ms), from the API's answer to the last receipt. */
  serverCpuMsPerEvent: number;
  /** The kernel's part of it (the sockets' writes). */
  serverSystemCpuMsPerEvent: number;
  /** The same span's CPU of the target's nginx workers, and of this process (the clients). */
  edgeCpuMsPerEvent: number;
  clientCpuMsPerEvent: number;
  memoryKb: number;
  jsKb: number;
  /** The JavaScript heap as committed by the engine (used, free cells and blocks) and buffers. */
  committedKb: number;
  /** JavaScript objects by type, all instances together (ours only). */
  types: Record<string, number>;
  /** Bytes of those objects by type (BENCH_SIZES=1: a heap snapshot at each step). */
  sizes: Record<string, number>;
}

/** One round: ramps `target` through every step, then lets every socket go. */
async function ramp(target: Target, token: string, orgId: string): Promise<StepResult[]> {
  const received = new Map<string, number[]>();
  const sockets: Socket[] = [];
  const results: StepResult[] = [];
  const connectTo = async (count: number) => {
    while (sockets.length < count) {
      const batch: Socket[] = [];
      for (let i = 0; i < CONNECT_BATCH && sockets.length + batch.length < count; i++) {
        const socket = io(target.url, {
          path: '/socket.io/',
          transports: ['websocket'],
          forceNew: true,
          reconnection: false,
          auth: { token },
          ca,
          // nginx routes on the sticky cookie: half the sockets to each instance.
          extraHeaders: { cookie: `insightdesk_ws=ws-${((sockets.length + i) % 2) + 1}` },
        });
        socket.on('ticket.created', (envelope: { data: { ticket: { id: string } } }) => {
          const at = performance.now();
          const id = envelope.data.ticket.id;
          const times = received.get(id) ?? [];
          times.push(at);
          received.set(id, times);
        });
        batch.push(socket);
      }
      await Promise.all(
        batch.map(
          (s) =>
            new Promise<void>((resolve) => {
              if (s.connected) return resolve();
              s.once('connect', () => resolve());
              s.once('connect_error', (err) => {
                console.error(`connect_error: ${err.message}`);
                resolve();
              });
            }),
        ),
      );
      const live = batch.filter((s) => s.connected);
      await Promise.all(live.map((s) => s.timeout(30_000).emitWithAck('subscribe', { orgId })));
      sockets.push(...live);
      if (live.length < batch.length) break;
    }
  };
  try {
    for (const step of STEPS) {
      await connectTo(step);
      await Bun.sleep(2000);
      const memory = await memoryKb(target);
      const latencies: number[] = [];
      let delivered = 0;
      let serverCpuMs = 0;
      let serverSystemCpuMs = 0;
      let edgeCpuMs = 0;
      let clientCpuMs = 0;
      const expected = sockets.filter((s) => s.connected).length;
      for (let e = 0; e < EVENTS; e++) {
        const serverBefore = cpuSplitOf(target.pids);
        const edgeBefore = cpuOf(target.edgePids);
        const clientBefore = process.cpuUsage();
        const ticket = await api(
          `/api/v1/orgs/${orgId}/tickets`,
          { subject: `fan-out ${e}`, body: 'bench' },
          token,
        );
        const committed = performance.now();
        const id = ticket.id as string;
        const times = received.get(id) ?? [];
        received.set(id, times);
        const deadline = Date.now() + 15_000;
        while (times.length < expected && Date.now() < deadline) await Bun.sleep(5);
        // The instances' CPU from the change's request to its last receipt: the relay channel's
        // message, the subscribers' admission, the frames written (and the idle sockets' pings).
        const serverAfter = cpuSplitOf(target.pids);
        serverCpuMs += serverAfter.total - serverBefore.total;
        serverSystemCpuMs += serverAfter.system - serverBefore.system;
        edgeCpuMs += cpuOf(target.edgePids) - edgeBefore;
        const client = process.cpuUsage(clientBefore);
        clientCpuMs += (client.user + client.system) / 1000;
        delivered += times.length;
        latencies.push(...times.map((t) => Math.max(0, t - committed)));
        received.delete(id);
        await Bun.sleep(300);
      }
      latencies.sort((a, b) => a - b);
      results.push({
        sockets: step,
        connected: expected,
        delivered,
        expected: expected * EVENTS,
        p50Ms: fmt(percentile(latencies, 0.5)),
        p99Ms: fmt(percentile(latencies, 0.99)),
        serverCpuMsPerEvent: serverCpuMs / EVENTS,
        serverSystemCpuMsPerEvent: serverSystemCpuMs / EVENTS,
        edgeCpuMsPerEvent: edgeCpuMs / EVENTS,
        clientCpuMsPerEvent: clientCpuMs / EVENTS,
        memoryKb: Math.round(memory.rss),
        jsKb: Math.round(memory.js),
        committedKb: Math.round(memory.committed),
        types: memory.types,
        sizes: memory.sizes,
      });
      console.error(
        `    ${step} sockets (${expected} connected): p99 ${fmt(percentile(latencies, 0.99))} ms, ${delivered}/${expected * EVENTS} delivered, ${Math.round(memory.rss / 1024)} MB (JS ${Math.round(memory.js / 1024)} MB)`,
      );
      if (expected < step) break;
    }
  } finally {
    for (const s of sockets) s.disconnect();
  }
  return results;
}

// One account owns the organization; the bench's own ws instances let it hold every socket.
const registered = await api('/api/v1/auth/register', {
  email: `bench-realtime-${crypto.randomUUID()}@bench.test`,
  password: 'bench password 0123456789',
  name: 'Fan-out',
  organizationName: 'bench-realtime',
});
const token = (registered.tokens as { accessToken: string }).accessToken;
const orgId = (registered.organization as { id: string }).id;

const port = (i: number) => benchPorts.upstream(30 + i);
const probe = (i: number) => benchPorts.upstream(40 + i);
// Each client connection holds two descriptors in nginx (client + upstream); every worker gets
// what the hard file limit allows, which is what bounds the sockets a target can take.
const limit = fileLimit();
const edge = (n: number, ws: readonly [number, number], name: string) =>
  baselineNginx({ api: ws, ws }, benchPorts.edge(30 + n), {
    name,
    maxConnections: Math.max(1024, limit - 100),
  });
const stops = new Set<() => Promise<void>>();
/**
 * A target's two instances and their nginx, started afresh for each round: a process that held
 * 10,000 sockets keeps the memory it grew to, so a second ramp in it would measure nothing.
 */
async function fresh(key: 'ours' | 'peer'): Promise<Target & { stop(): Promise<void> }> {
  const at = key === 'ours' ? 0 : 2;
  const probes = [probe(at), probe(at + 1)];
  const instances =
    key === 'ours'
      ? await startOurs('ws', [port(0), port(1)], {
          bunArgs: [...OURS_BUN_ARGS, '--preload', join(ROOT, 'bench/memory-probe.ts')],
          // The bench holds every socket under one account from one address.
          env: { ...OURS_ENV, WS_CONNECTIONS_PER_IP: '1000000', WS_SOCKETS_PER_USER: '1000000' },
          instanceEnv: (i) => ({ MEMORY_PROBE_PORT: String(probes[i]) }),
        })
      : await startPeer('socketio-fanout.mjs', [port(2), port(3)], {
          nodeArgs: ['--expose-gc', '--import', join(PEERS, 'memory-probe.mjs')],
          instanceEnv: (i) => ({
            MEMORY_PROBE_PORT: String(probes[i]),
            STICKY_NAME: `ws-${i + 1}`,
          }),
        });
  stops.add(instances.stop);
  const stopEdge = await edge(at / 2, [port(at), port(at + 1)], `ws-${key}`);
  stops.add(stopEdge);
  return {
    url: `https://localhost:${benchPorts.edge(30 + at / 2)}`,
    probes,
    pids: instances.pids,
    edgePids: childrenOf(stopEdge.pid),
    ours: key === 'ours',
    async stop() {
      await stopEdge();
      await instances.stop();
      stops.delete(stopEdge);
      stops.delete(instances.stop);
    },
  };
}
try {
  const runs: Record<'ours' | 'peer', StepResult[][]> = { ours: [], peer: [] };
  for (let r = 0; r < REPEATS; r++) {
    // Alternating which goes first, so that drift on a shared machine hits both alike.
    const order = r % 2 ? (['peer', 'ours'] as const) : (['ours', 'peer'] as const);
    for (const key of order) {
      if (!TARGETS.includes(key)) continue;
      console.error(`  round ${r + 1}/${REPEATS} ${key}`);
      const target = await fresh(key);
      try {
        runs[key].push(await ramp(target, token, orgId));
      } finally {
        await target.stop();
      }
    }
  }

  const perConnectionKb = (
    run: StepResult[],
    of: 'memoryKb' | 'jsKb' | 'committedKb' = 'memoryKb',
  ) => slopeOf(run.map((step) => ({ x: step.connected, y: step[of] })));
  const rows = (['ours', 'peer'] as const).flatMap((key) =>
    STEPS.map((step, s) => {
      const at = runs[key].map((run) => run[s]).filter((x): x is StepResult => !!x);
      return {
        target: key === 'ours' ? 'ours: ws x2 (Bun)' : 'peer: socket.io x2 (Node)',
        sockets: step,
        connected: spread(at.map((x) => x.connected)),
        delivered: `${at.reduce((a, x) => a + x.delivered, 0)}/${at.reduce((a, x) => a + x.expected, 0)}`,
        p50Ms: fmt(median(at.map((x) => x.p50Ms))),
        p99Ms: fmt(median(at.map((x) => x.p99Ms))),
        p99Spread: spread(
          at.map((x) => x.p99Ms),
          1,
        ),
        serverCpuMsPerEvent: fmt(median(at.map((x) => x.serverCpuMsPerEvent)), 1),
        edgeCpuMsPerEvent: fmt(median(at.map((x) => x.edgeCpuMsPerEvent)), 1),
        clientCpuMsPerEvent: fmt(median(at.map((x) => x.clientCpuMsPerEvent)), 1),
        memoryMb: fmt(median(at.map((x) => x.memoryKb)) / 1024),
        jsHeapMb: fmt(median(at.map((x) => x.jsKb)) / 1024),
      };
    }),
  );
  const ourKb = runs.ours.map((run) => perConnectionKb(run));
  const peerKb = runs.peer.map((run) => perConnectionKb(run));
  // p99 at the largest step, ours ÷ the peer's within each round (they ran back to back).
  const p99At = (run: StepResult[] | undefined) => run?.at(-1)?.p99Ms ?? Number.NaN;
  const p99Ratios = runs.ours.map((run, r) => p99At(run) / p99At(runs.peer[r]));
  // The servers' own share: their CPU per event at the largest step, ours ÷ the peer's. The p99
  // also carries what both targets share on this machine (nginx's TLS for every frame, the
  // clients' decoding in this process), which pulls that ratio toward 1.
  /** A figure of a run's largest step. */
  const atLast = (run: StepResult[] | undefined, of: (step: StepResult) => number) => {
    const last = run?.at(-1);
    return last ? of(last) : Number.NaN;
  };
  const cpuAt = (run: StepResult[] | undefined) => atLast(run, (s) => s.serverCpuMsPerEvent);
  const systemAt = (run: StepResult[] | undefined) =>
    atLast(run, (s) => s.serverSystemCpuMsPerEvent);
  const cpuRatios = runs.ours.map((run, r) => cpuAt(run) / cpuAt(runs.peer[r]));
  // Everything on an event's path on this machine's two cores — the instances, nginx, the
  // clients: the last receipt waits for all of it, so the p99's ratio follows this one.
  const sharedAt = (run: StepResult[] | undefined) =>
    atLast(run, (s) => s.edgeCpuMsPerEvent + s.clientCpuMsPerEvent);
  const pathAt = (run: StepResult[] | undefined) => cpuAt(run) + sharedAt(run);
  const pathRatios = runs.ours.map((run, r) => pathAt(run) / pathAt(runs.peer[r]));
  // Which JavaScript objects an idle connection of ours adds (first step to last, first round).
  const [oursFirst, oursLast] = [runs.ours[0]?.[0], runs.ours[0]?.at(-1)];
  if (oursFirst && oursLast)
    printAddedPerConnection(
      'ours',
      { ...oursFirst, connections: oursFirst.connected },
      { ...oursLast, connections: oursLast.connected },
    );
  report('realtime', rows, {
    sockets: MOST,
    p99VsNodePeer: fmt(median(p99Ratios), 2),
    p99VsNodePeerSpread: spread(p99Ratios, 2),
    serverCpuMsPerEvent: fmt(median(runs.ours.map(cpuAt)), 1),
    peerServerCpuMsPerEvent: fmt(median(runs.peer.map(cpuAt)), 1),
    serverSystemCpuMsPerEvent: fmt(median(runs.ours.map(systemAt)), 1),
    peerServerSystemCpuMsPerEvent: fmt(median(runs.peer.map(systemAt)), 1),
    serverCpuVsNodePeer: fmt(median(cpuRatios), 2),
    serverCpuVsNodePeerSpread: spread(cpuRatios, 2),
    serverCpuVsNodePeerGoal: '<= 0.6',
    sharedCpuMsPerEvent: fmt(median(runs.ours.map(sharedAt)), 1),
    peerSharedCpuMsPerEvent: fmt(median(runs.peer.map(sharedAt)), 1),
    pathCpuVsNodePeer: fmt(median(pathRatios), 2),
    pathCpuVsNodePeerSpread: spread(pathRatios, 2),
    memoryPerConnectionKb: fmt(median(ourKb), 1),
    memoryPerConnectionKbSpread: spread(ourKb, 1),
    peerMemoryPerConnectionKb: fmt(median(peerKb), 1),
    peerMemoryPerConnectionKbSpread: spread(peerKb, 1),
    // The part of each slope that is the JavaScript heap and its buffers (the rest is native).
    jsHeapPerConnectionKb: fmt(median(runs.ours.map((run) => perConnectionKb(run, 'jsKb'))), 1),
    peerJsHeapPerConnectionKb: fmt(median(runs.peer.map((run) => perConnectionKb(run, 'jsKb'))), 1),
    // The heap as the engine holds it from the system: live objects plus free cells and blocks.
    jsCommittedPerConnectionKb: fmt(
      median(runs.ours.map((run) => perConnectionKb(run, 'committedKb'))),
      1,
    ),
    peerJsCommittedPerConnectionKb: fmt(
      median(runs.peer.map((run) => perConnectionKb(run, 'committedKb'))),
      1,
    ),
    memoryGoal: '<= the peer, <= 50 KB per idle connection',
    memoryMethod: `least-squares RSS slope over ${STEPS.join(', ')} sockets, each instance read after a full GC once its RSS settled (bench/lib.ts settledMemory)`,
    fileLimit: limit,
    repeats: REPEATS,
    events: EVENTS,
  });
} finally {
  for (const stop of [...stops].reverse()) await stop().catch(() => undefined);
}
