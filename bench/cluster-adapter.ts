import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { createLogger } from '@insightdesk/shared/logger';
import { createValkey, type Redis } from '@insightdesk/shared/valkey';
import { ROOT } from '../tools/stack/paths';
import { loadStackSettings } from '../tools/stack/settings';
import {
  ask,
  clusterNodes,
  clusterUrl,
  formCluster,
  owns,
  startNodes,
} from '../tools/stack/valkey-cluster';

// The Socket.IO adapter on a Valkey Cluster: what one room broadcast costs the cluster and
// whether it reaches every ws instance, for each way of carrying it.
//
//   bun bench/cluster-adapter.ts      # BENCH_SERVERS=3 BENCH_MESSAGES=2000
//
// Starts its own six-node cluster (3 primaries + 3 replicas, STACK_CLUSTER_PORT..+5, as
// `./stack drill cluster`: run one at a time), BENCH_SERVERS Socket.IO servers in this process,
// each with its own adapter and connections, and has the first broadcast BENCH_MESSAGES packets to
// a room. Counted: packets each other server's subscriber received (fan-out), the cluster bus
// messages the nodes sent to carry them (CLUSTER INFO), and the bytes all nodes wrote (INFO).
//
// - classic: createAdapter over PUBLISH (pub: iovalkey's Cluster client; sub: one plain
//   connection to a node, each server's to another node) — what the ws service runs;
// - sharded (iovalkey Cluster): createShardedAdapter with iovalkey's Cluster client for both;
// - SPUBLISH routed by hand: what the sharded adapter would cost with a client that routes
//   SSUBSCRIBE to the channel's shard (a plain connection to the slot's primary per server).
const SERVERS = Number(process.env.BENCH_SERVERS ?? 3);
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 2000);
const logger = createLogger({
  service: 'bench',
  instance: 'adapter',
  level: 'silent',
  format: 'json',
});

// Socket.IO and its adapter are the ws service's dependencies: loaded from there.
const fromWs = (name: string) => import(Bun.resolveSync(name, join(ROOT, 'services/ws/src')));
const { createAdapter, createShardedAdapter } = (await fromWs(
  '@socket.io/redis-adapter',
)) as typeof import('../services/ws/node_modules/@socket.io/redis-adapter');
const { Server } = (await fromWs(
  'socket.io',
)) as typeof import('../services/ws/node_modules/socket.io');

const settings = loadStackSettings();
const dir = join(ROOT, '.data', 'bench-cluster');
rmSync(dir, { recursive: true, force: true });
const nodes = startNodes(settings.stack.clusterPort, dir);
for (const port of nodes.ports) nodes.start(port);

interface Figures {
  option: string;
  delivered: number;
  expected: number;
  ms: number;
  busMessages: number;
  bytesOut: number;
  note: string;
}

function clusterCounters() {
  let bus = 0;
  let bytes = 0;
  for (const port of nodes.ports) {
    const info = ask(port, 'CLUSTER', 'INFO');
    for (const field of ['publish_sent', 'publishshard_sent'])
      bus += Number(info.match(new RegExp(`cluster_stats_messages_${field}:(\\d+)`))?.[1] ?? 0);
    bytes += Number(ask(port, 'INFO', 'stats').match(/total_net_output_bytes:(\d+)/)?.[1] ?? 0);
  }
  return { bus, bytes };
}

async function measure(
  option: string,
  setup: (i: number) => { pub: Redis; sub: Redis; adapter?: unknown },
  countOn: string,
  send?: (pub: Redis, payload: string) => void,
): Promise<Figures> {
  const parts = Array.from({ length: SERVERS }, (_, i) => setup(i));
  const servers = parts.map((p) => {
    // biome-ignore lint/suspicious/noExplicitAny: each adapter factory has its own client types
    const io = new Server(p.adapter ? { adapter: p.adapter as any } : {});
    io.of('/');
    return io;
  });
  const received = parts.map(() => 0);
  parts.forEach((p, i) => {
    p.sub.on(countOn, () => {
      received[i] = (received[i] ?? 0) + 1;
    });
  });
  await Bun.sleep(1500); // subscriptions made
  const baseline = [...received];
  const before = clusterCounters();
  const t0 = performance.now();
  const payload = { text: 'x'.repeat(200) };
  const first = parts[0] as { pub: Redis };
  for (let m = 0; m < MESSAGES; m++)
    if (send) send(first.pub, JSON.stringify(payload));
    else servers[0]?.to('room').emit('event', payload);
  const expected = MESSAGES * (SERVERS - 1);
  const others = () => received.slice(1).reduce((a, b, k) => a + b - (baseline[k + 1] ?? 0), 0);
  const deadline = performance.now() + 15_000;
  while (others() < expected && performance.now() < deadline) await Bun.sleep(20);
  const ms = performance.now() - t0;
  await Bun.sleep(300);
  const after = clusterCounters();
  const delivered = others();
  // No engine is bound (no clients): the adapters are closed, not the servers.
  await Promise.all(
    servers.map(async (io) =>
      io
        .of('/')
        .adapter.close()
        ?.catch?.(() => 0),
    ),
  );
  for (const p of parts) {
    p.pub.disconnect();
    p.sub.disconnect();
  }
  return {
    option,
    delivered,
    expected,
    ms,
    busMessages: after.bus - before.bus,
    bytesOut: after.bytes - before.bytes,
    note: '',
  };
}

try {
  await formCluster(nodes.ports);
  const results: Figures[] = [];

  results.push(
    await measure(
      'classic (PUBLISH)',
      (i) => {
        const url = clusterUrl(nodes.ports, nodes.ports[i % nodes.ports.length]);
        const pub = createValkey({ url, name: `pub-${i}`, kind: 'blocking', logger });
        const sub = createValkey({ url, name: `sub-${i}`, kind: 'subscriber', logger });
        return { pub, sub, adapter: createAdapter(pub, sub) };
      },
      'pmessageBuffer',
    ),
  );

  const sharded = await measure(
    'sharded (iovalkey Cluster)',
    (i) => {
      const url = clusterUrl(nodes.ports);
      const pub = createValkey({ url, name: `spub-${i}`, kind: 'blocking', logger });
      const sub = createValkey({ url, name: `ssub-${i}`, kind: 'blocking', logger });
      return { pub, sub, adapter: createShardedAdapter(pub, sub) };
    },
    'smessageBuffer',
  );
  results.push({
    ...sharded,
    note:
      sharded.delivered < sharded.expected
        ? 'SSUBSCRIBE sent to one node, not the channel’s shard'
        : '',
  });

  // By hand: each server's subscriber on the primary that owns the channel's slot.
  const channel = 'socket.io#/#';
  const slot = Number(ask(nodes.ports[0] as number, 'CLUSTER', 'KEYSLOT', channel));
  const owner = clusterNodes(nodes.ports[0] as number).find((n) => n.primary && owns(n, slot));
  const routed = await measure(
    'SPUBLISH routed by hand',
    (i) => {
      const pub = createValkey({
        url: clusterUrl(nodes.ports),
        name: `rpub-${i}`,
        kind: 'blocking',
        logger,
      });
      const sub = createValkey({
        url: `redis://127.0.0.1:${owner?.port ?? 0}`,
        name: `rsub-${i}`,
        kind: 'subscriber',
        logger,
      });
      sub.ssubscribe(channel);
      return { pub, sub };
    },
    'smessageBuffer',
    // What the sharded adapter sends for a broadcast: one SPUBLISH on its channel.
    (pub, payload) => {
      pub.spublish(channel, payload).catch(() => 0);
    },
  );
  results.push(routed);

  const base = results[0] as Figures;
  console.log(
    `Socket.IO adapter on a 6-node Valkey Cluster (3 primaries + 3 replicas): ${SERVERS} servers, ${MESSAGES} room broadcasts from one`,
  );
  console.log(
    'option                       delivered        time   bus msgs/bcast   node bytes out/bcast   vs classic (bus, bytes)',
  );
  for (const r of results) {
    const perBus = r.busMessages / MESSAGES;
    const perBytes = r.bytesOut / MESSAGES;
    console.log(
      `${r.option.padEnd(28)} ${`${r.delivered}/${r.expected}`.padStart(11)} ${`${(r.ms / 1000).toFixed(2)} s`.padStart(9)} ${perBus.toFixed(2).padStart(16)} ${perBytes.toFixed(0).padStart(22)}   ${(r.busMessages / Math.max(1, base.busMessages)).toFixed(2)}×, ${(r.bytesOut / Math.max(1, base.bytesOut)).toFixed(2)}×${r.note ? `  (${r.note})` : ''}`,
    );
  }
} finally {
  await nodes.stopAll();
  rmSync(dir, { recursive: true, force: true });
}
process.exit(0);
