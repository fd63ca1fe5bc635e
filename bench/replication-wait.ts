import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { createLogger } from '@insightdesk/shared/logger';
import { createValkey, replicationWait } from '@insightdesk/shared/valkey';
import { ROOT } from '../tools/stack/paths';
import { loadStackSettings } from '../tools/stack/settings';
import { clusterUrl, formCluster, startNodes } from '../tools/stack/valkey-cluster';

// What the outbox relay's replication confirmation (VALKEY_WAIT_REPLICAS) costs a batch on a
// Valkey Cluster: the same batch of writes — BENCH_WRITES keys spread over the three primaries,
// as a batch's jobs and stream entries are — timed without and with `WAIT 1` on every primary.
//
//   bun bench/replication-wait.ts      # BENCH_BATCHES=300 BENCH_WRITES=20
//
// Starts its own six-node cluster (3 primaries + 3 replicas, STACK_CLUSTER_PORT..+5, as
// `./stack drill cluster`: run one at a time). The figure is the difference per batch; on a
// loaded machine it is noise-bound (docs/valkey-cluster.md quotes a run and its load).
const BATCHES = Number(process.env.BENCH_BATCHES ?? 300);
const WRITES = Number(process.env.BENCH_WRITES ?? 20);
const logger = createLogger({
  service: 'bench',
  instance: 'wait',
  level: 'silent',
  format: 'json',
});

const settings = loadStackSettings();
const dir = join(ROOT, '.data', 'bench-cluster');
rmSync(dir, { recursive: true, force: true });
const nodes = startNodes(settings.stack.clusterPort, dir);
for (const port of nodes.ports) nodes.start(port);

try {
  await formCluster(nodes.ports);
  const valkey = createValkey({
    url: clusterUrl(nodes.ports),
    name: 'bench',
    kind: 'blocking',
    logger,
  });
  const wait = replicationWait({ clients: [valkey], replicas: 1, timeoutMs: 1000, logger });
  const batch = async (n: number) => {
    for (let i = 0; i < WRITES; i++) await valkey.set(`{k${i}}:bench`, String(n));
  };
  const timed = async (confirm: boolean) => {
    const times: number[] = [];
    for (let n = 0; n < BATCHES; n++) {
      const start = performance.now();
      await batch(n);
      if (confirm) await wait.confirm();
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    const at = (q: number) => (times[Math.floor(q * (times.length - 1))] ?? 0).toFixed(2);
    return { p50: at(0.5), p99: at(0.99) };
  };
  await timed(true); // warm-up: connections to every node, slot map
  const without = await timed(false);
  const withWait = await timed(true);
  console.log(
    `batches ${BATCHES} × ${WRITES} writes, load ${(await Bun.file('/proc/loadavg').text()).split(' ')[0]}`,
  );
  console.log(`| batch | p50 ms | p99 ms |\n|---|---|---|`);
  console.log(`| writes only | ${without.p50} | ${without.p99} |`);
  console.log(`| writes + WAIT 1 on each primary | ${withWait.p50} | ${withWait.p99} |`);
  valkey.disconnect();
} finally {
  await nodes.stopAll();
  rmSync(dir, { recursive: true, force: true });
}
