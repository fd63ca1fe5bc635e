import { afterAll, beforeAll, expect, test } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@insightdesk/shared/logger';
import {
  createValkey,
  type Redis,
  ReplicationShortfall,
  replicationWait,
} from '@insightdesk/shared/valkey';
import {
  ask,
  type ClusterNodeLine,
  clusterNodes,
  clusterUrl,
  formCluster,
  owns,
  startNodes,
  until,
} from '../../tools/stack/valkey-cluster';
import { ports } from '../support/stack';

// The replication window on a real six-node cluster (three primaries, three replicas): the outbox
// relay's confirmation (VALKEY_WAIT_REPLICAS, on by default on a cluster) passes when the
// replicas have the writes, fails while a replica that is attached has not confirmed them (the
// relay then rolls back and relays the rows again), and does not hold the relay up when a
// primary has no replica left (a failover promoted it, or its replica died).

const logger = createLogger({ service: 'test', instance: 'test', level: 'silent', format: 'json' });
const dir = mkdtempSync(join(tmpdir(), 'insightdesk-replication-'));
// The drill's six ports are clusterPort..+5; this test's are the next ten's first six.
const nodes = startNodes(ports.clusterPort + 10, dir);
let valkey: Redis;

const pidOf = (port: number) => Number(ask(port, 'INFO', 'server').match(/process_id:(\d+)/)?.[1]);
const slotOf = (key: string) => Number(ask(nodes.ports[0] ?? 0, 'CLUSTER', 'KEYSLOT', key));

/** What a replica holds (a replica answers reads after READONLY, instead of redirecting). */
async function onReplica(port: number, key: string): Promise<string | null> {
  const replica = createValkey({
    url: `redis://127.0.0.1:${port}`,
    name: 'test-replica',
    kind: 'blocking',
    logger,
  });
  try {
    await replica.call('READONLY');
    return await replica.get(key);
  } finally {
    replica.disconnect();
  }
}

/** A key on each primary, and each primary's replica. */
function shards(): { key: string; primary: ClusterNodeLine; replica: ClusterNodeLine }[] {
  const all = clusterNodes(nodes.ports[0] ?? 0);
  return ['{a}', '{b}', '{c}', '{d}', '{e}', '{f}', '{g}', '{h}']
    .map((tag) => {
      const key = `${tag}:replicated`;
      const primary = all.find((n) => n.primary && owns(n, slotOf(key)));
      const replica = all.find((n) => !n.primary && n.primaryId === primary?.id);
      return primary && replica ? { key, primary, replica } : undefined;
    })
    .filter((s) => s !== undefined)
    .filter((s, i, list) => list.findIndex((o) => o.primary.id === s.primary.id) === i);
}

beforeAll(async () => {
  for (const port of nodes.ports) nodes.start(port);
  await formCluster(nodes.ports);
  valkey = createValkey({ url: clusterUrl(nodes.ports), name: 'test', kind: 'blocking', logger });
  // Every replica in sync with its primary.
  await until(
    'replicas linked',
    30_000,
    () =>
      nodes.ports.every(
        (p) => !ask(p, 'ROLE').startsWith('slave') || ask(p, 'ROLE').includes('connected'),
      ) || undefined,
  );
}, 90_000);

afterAll(async () => {
  valkey?.disconnect();
  await nodes.stopAll();
  rmSync(dir, { recursive: true, force: true });
});

test('writes on every primary are confirmed once their replicas have them', async () => {
  const wait = replicationWait({ clients: [valkey], replicas: 1, timeoutMs: 1000, logger });
  const all = shards();
  expect(all.length).toBe(3);
  for (const { key } of all) await valkey.set(key, 'one');
  await wait.confirm();
  for (const { key, replica } of all) expect(await onReplica(replica.port, key)).toBe('one');
}, 60_000);

test('an attached replica that has not confirmed fails the confirmation; it passes once it has', async () => {
  const wait = replicationWait({ clients: [valkey], replicas: 1, timeoutMs: 300, logger });
  const [shard] = shards();
  if (!shard) throw new Error('no shard');
  const pid = pidOf(shard.replica.port);
  process.kill(pid, 'SIGSTOP');
  try {
    await valkey.set(shard.key, 'two');
    const failed = await wait.confirm().then(
      () => undefined,
      (err: Error) => err,
    );
    expect(failed).toBeInstanceOf(ReplicationShortfall);
    expect(failed?.message).toContain(`127.0.0.1:${shard.primary.port}`);
  } finally {
    process.kill(pid, 'SIGCONT');
  }
  await wait.confirm();
  expect(await onReplica(shard.replica.port, shard.key)).toBe('two');
}, 60_000);

test('a primary with no replica left does not hold the writes up (they live on it alone)', async () => {
  const wait = replicationWait({ clients: [valkey], replicas: 1, timeoutMs: 500, logger });
  const [shard] = shards();
  if (!shard) throw new Error('no shard');
  nodes.kill(shard.replica.port);
  // The primary notices its replica's connection closed.
  await until(
    'replica detached',
    10_000,
    () =>
      ask(shard.primary.port, 'INFO', 'replication').includes('connected_slaves:0') || undefined,
  );
  await valkey.set(shard.key, 'three');
  await wait.confirm();
  await wait.confirm();
  expect(ask(shard.primary.port, 'GET', shard.key)).toBe('three');
}, 60_000);
