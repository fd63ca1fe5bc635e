import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import {
  benchPorts,
  fmt,
  median,
  printAddedPerConnection,
  ROOT,
  report,
  settledMemory,
  slopeOf,
  spread,
  startInstances,
} from './lib';
import { ensurePeerModules, nodeBinary, PEERS } from './peers';

// The engine alone: the same bare socket.io server (bench/peers/engine-fanout.mjs, one room, no
// auth, no adapter) on three engines, to tell what @socket.io/bun-engine costs from what Bun and
// our own code cost:
//
//   bun bench/engines.ts      # BENCH_STEPS=1000,10000 BENCH_REPEATS=3 BENCH_EVENTS=10 BENCH_SIZES=1
//
//   bun-engine      Bun.serve + @socket.io/bun-engine (our ws service's engine)
//   bun-node-http   Bun's node:http + socket.io's own engine (engine.io and Bun's built-in `ws`)
//   node            Node + socket.io's own engine (engine.io + ws): the realtime peer's engine
//
// One instance per target, no nginx, no TLS: the clients (socket.io-client in this process,
// WebSocket from the first request) connect straight to it. Each round starts every target
// afresh, in a rotating order; at each step it reads the instance's memory after a full
// collection and times BENCH_EVENTS events sent to every socket, from the server's send (its
// clock, the same machine's) to each socket's receipt. On the Bun targets it also prints the
// JavaScript objects a connection adds, by type (with BENCH_SIZES=1 their bytes too, from a heap
// snapshot taken after each reading). Needs no stack.
const STEPS = (process.env.BENCH_STEPS ?? '1000,10000').split(',').map(Number);
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 10);
const CONNECT_BATCH = 200;
/** Also the bytes of the Bun targets' objects by type, from a heap snapshot at each step. */
const SIZES = process.env.BENCH_SIZES === '1';
const TARGETS = ['bun-engine', 'bun-node-http', 'node'] as const;
type Target = (typeof TARGETS)[number];

const server = join(PEERS, 'engine-fanout.mjs');
const bunEngine = Bun.resolveSync('@socket.io/bun-engine', join(ROOT, 'services/ws'));

async function start(target: Target, port: number, control: number) {
  const [runtime, engine] =
    target === 'node'
      ? [[nodeBinary(), '--expose-gc'], 'node-http']
      : [[process.execPath], target === 'bun-engine' ? 'bun-engine' : 'node-http'];
  return startInstances(
    `engine-${target}`,
    [control],
    () => ({
      cmd: [...runtime, server, engine, String(port), String(control)],
      env: { BUN_ENGINE_MODULE: bunEngine, NODE_ENV: 'production' },
    }),
    '/',
  );
}

interface Step {
  sockets: number;
  rssKb: number;
  jsKb: number;
  /** JavaScript objects by type (Bun targets only). */
  types: Record<string, number>;
  /** Their bytes by type, from a heap snapshot (Bun targets only). */
  sizes: Record<string, number>;
  p50Ms: number;
  p99Ms: number;
  delivered: number;
  expected: number;
}

const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.NaN;

/**
 * The instance's memory after a collection, settled (settledMemory); then, with `sizes`, a heap
 * snapshot's bytes by type.
 */
async function memory(control: number, sizes: boolean) {
  const reading = await settledMemory<{
    rss: number;
    heapUsed: number;
    external: number;
    objectTypeCounts?: Record<string, number>;
  }>(`http://127.0.0.1:${control}/memory`);
  return {
    rssKb: reading.rss / 1024,
    jsKb: (reading.heapUsed + reading.external) / 1024,
    types: reading.objectTypeCounts ?? {},
    // After the reading: the snapshot allocates.
    sizes: sizes
      ? ((await (await fetch(`http://127.0.0.1:${control}/memory?sizes`)).json()) as Record<
          string,
          number
        >)
      : {},
  };
}

async function ramp(port: number, control: number): Promise<Step[]> {
  const sockets: Socket[] = [];
  const received = new Map<number, number[]>();
  const steps: Step[] = [];
  try {
    for (const step of STEPS) {
      while (sockets.length < step) {
        const batch = Array.from({ length: Math.min(CONNECT_BATCH, step - sockets.length) }, () => {
          const socket = io(`http://127.0.0.1:${port}`, {
            transports: ['websocket'],
            forceNew: true,
            reconnection: false,
          });
          socket.on('tick', (event: { seq: number; at: number }) => {
            const now = performance.timeOrigin + performance.now();
            received.get(event.seq)?.push(Math.max(0, now - event.at));
          });
          return socket;
        });
        await Promise.all(
          batch.map(
            (s) =>
              new Promise<void>((resolve) => {
                s.once('connect', () => resolve());
                s.once('connect_error', () => resolve());
              }),
          ),
        );
        sockets.push(...batch.filter((s) => s.connected));
        if (batch.some((s) => !s.connected)) break;
      }
      await Bun.sleep(2000);
      // Twice: the second collection finds what the first one's finalizers freed.
      await memory(control, false);
      const { rssKb, jsKb, types, sizes } = await memory(control, SIZES);
      const latencies: number[] = [];
      for (let seq = 0; seq < EVENTS; seq++) {
        const times: number[] = [];
        received.set(seq, times);
        await fetch(`http://127.0.0.1:${control}/emit?seq=${seq}`);
        const deadline = Date.now() + 15_000;
        while (times.length < sockets.length && Date.now() < deadline) await Bun.sleep(2);
        latencies.push(...times);
        received.delete(seq);
        await Bun.sleep(200);
      }
      latencies.sort((a, b) => a - b);
      steps.push({
        sockets: sockets.length,
        rssKb,
        jsKb,
        types,
        sizes,
        p50Ms: fmt(percentile(latencies, 0.5)),
        p99Ms: fmt(percentile(latencies, 0.99)),
        delivered: latencies.length,
        expected: sockets.length * EVENTS,
      });
      console.error(
        `    ${sockets.length} sockets: p99 ${fmt(percentile(latencies, 0.99))} ms, ${latencies.length}/${sockets.length * EVENTS} delivered, RSS ${fmt(rssKb / 1024)} MB (JS ${fmt(jsKb / 1024)} MB)`,
      );
      if (sockets.length < step) break;
    }
  } finally {
    for (const s of sockets) s.disconnect();
  }
  return steps;
}

ensurePeerModules();
const runs: Record<Target, Step[][]> = { 'bun-engine': [], 'bun-node-http': [], node: [] };
for (let r = 0; r < REPEATS; r++) {
  // A rotating order, so that drift on the machine hits every target alike.
  const order = TARGETS.map((_, i) => TARGETS[(i + r) % TARGETS.length] as Target);
  for (const target of order) {
    const port = benchPorts.upstream(50);
    const control = benchPorts.upstream(51);
    console.error(`  round ${r + 1}/${REPEATS} ${target}`);
    const instance = await start(target, port, control);
    try {
      runs[target].push(await ramp(port, control));
    } finally {
      await instance.stop();
    }
  }
}

const slope = (run: Step[], of: 'rssKb' | 'jsKb') =>
  slopeOf(run.map((step) => ({ x: step.sockets, y: step[of] })));
const rows = TARGETS.map((target) => {
  const last = runs[target].map((run) => run.at(-1)).filter((x): x is Step => !!x);
  const rss = runs[target].map((run) => slope(run, 'rssKb'));
  const js = runs[target].map((run) => slope(run, 'jsKb'));
  return {
    target,
    sockets: spread(last.map((s) => s.sockets)),
    delivered: `${last.reduce((a, s) => a + s.delivered, 0)}/${last.reduce((a, s) => a + s.expected, 0)}`,
    p50Ms: fmt(median(last.map((s) => s.p50Ms))),
    p99Ms: fmt(median(last.map((s) => s.p99Ms))),
    p99Spread: spread(
      last.map((s) => s.p99Ms),
      1,
    ),
    kbPerConnection: fmt(median(rss)),
    kbSpread: spread(rss, 1),
    jsKbPerConnection: fmt(median(js)),
    nativeKbPerConnection: fmt(median(rss) - median(js)),
  };
});
// Which JavaScript objects a connection adds on the Bun targets (first round, first step to last).
for (const target of ['bun-engine', 'bun-node-http'] as const) {
  const [first, last] = [runs[target][0]?.[0], runs[target][0]?.at(-1)];
  if (first && last)
    printAddedPerConnection(
      target,
      { ...first, connections: first.sockets },
      { ...last, connections: last.sockets },
    );
}
const p99 = (target: Target) => rows.find((r) => r.target === target)?.p99Ms ?? Number.NaN;
const kb = (target: Target) => rows.find((r) => r.target === target)?.kbPerConnection ?? Number.NaN;
report('engines', rows, {
  steps: STEPS.join(','),
  repeats: REPEATS,
  events: EVENTS,
  bunNodeHttpVsBunEngineP99: fmt(p99('bun-node-http') / p99('bun-engine'), 2),
  bunNodeHttpVsBunEngineKb: fmt(kb('bun-node-http') / kb('bun-engine'), 2),
  bunEngineVsNodeP99: fmt(p99('bun-engine') / p99('node'), 2),
  bunEngineVsNodeKb: fmt(kb('bun-engine') / kb('node'), 2),
  method:
    'one bare socket.io server per target (bench/peers/engine-fanout.mjs), clients straight to it; KB = least-squares RSS slope over the steps, read after a full GC once settled (settledMemory)',
});
