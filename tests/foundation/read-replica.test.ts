import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import type postgres from 'postgres';
import { type Owner, registerOwner } from '../support/api';
import { eventually, startInstance } from '../support/stack';
import { type Standby, startStandby } from '../support/standby';

// A real streaming replica of the stack's PostgreSQL (tests/support/standby.ts), and two api
// instances reading from it: api-7 tolerates any lag, api-8 half a second. Replay is paused and
// resumed on the replica itself, and at the end the replica is stopped outright.

let replica: Standby | undefined;
/** The replica's superuser connection (replay pause and resume). */
const admin = (): postgres.Sql => {
  if (!replica) throw new Error('the replica is not running');
  return replica.admin();
};
const instances: { stop(): Promise<void> }[] = [];
const api = { tolerant: 0, strict: 0 };
let owner: Owner;

beforeAll(async () => {
  replica = await startStandby(`pg-replica-test-${process.pid}`);
  const started = await Promise.all([
    startInstance('api', 7, {
      DATABASE_REPLICA_URLS: replica.url,
      DATABASE_REPLICA_MAX_LAG_MS: String(3_600_000),
    }),
    startInstance('api', 8, {
      DATABASE_REPLICA_URLS: replica.url,
      DATABASE_REPLICA_MAX_LAG_MS: '500',
    }),
  ]);
  instances.push(...started);
  api.tolerant = started[0]?.port ?? 0;
  api.strict = started[1]?.port ?? 0;
  owner = await registerOwner('Replica');
}, 180_000);

afterAll(async () => {
  await Promise.all(instances.map((i) => i.stop()));
  await replica?.remove();
});

async function at(port: number, path: string, body?: unknown) {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${owner.token}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  // biome-ignore lint/suspicious/noExplicitAny: the answers' shapes are the api's contract
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as any, text };
}

const listed = async (port: number) => {
  const res = await at(port, `/api/v1/orgs/${owner.orgId}/items?limit=100`);
  expect(res.status).toBe(200);
  return (res.body.items as { id: string }[]).map((t) => t.id);
};

async function reads(port: number) {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const count = (target: string) =>
    Number(
      text.match(
        new RegExp(`^insightdesk_db_reads_total\\{[^}]*target="${target}"[^}]*\\} (\\d+)`, 'm'),
      )?.[1] ?? Number.NaN,
    );
  return { primary: count('primary'), replica: count('replica') };
}

async function replicaState(port: number): Promise<string> {
  const report = await (await fetch(`http://127.0.0.1:${port}/health`)).json();
  return (report as { replicas: { state: string }[] }).replicas[0]?.state ?? 'none';
}

describe('read replica (DATABASE_REPLICA_URLS)', () => {
  test('a list is read from the replica; an item just written is read from the primary', async () => {
    await eventually(async () => (await replicaState(api.tolerant)) === 'ok', 30_000);
    const before = await reads(api.tolerant);
    await listed(api.tolerant);
    const after = await reads(api.tolerant);
    expect(after.replica).toBe(before.replica + 1);
    expect(after.primary).toBe(before.primary);

    await admin()`select pg_wal_replay_pause()`;
    try {
      const created = await at(api.tolerant, `/api/v1/orgs/${owner.orgId}/items`, {
        title: 'Written on the primary: the replica has not replayed this yet.',
      });
      expect(created.status).toBe(201);
      const id: string = created.body.id;
      // By id: on the primary, so the writer sees its write.
      const byId = await at(api.tolerant, `/api/v1/orgs/${owner.orgId}/items/${id}`);
      expect(byId.status).toBe(200);
      expect(byId.body.id).toBe(id);
      // The list: on the paused replica, which has not seen it.
      expect(await listed(api.tolerant)).not.toContain(id);

      // Past api-8's bound of 500 ms the replica is skipped: the primary serves its lists.
      await eventually(async () => (await replicaState(api.strict)) === 'lagging', 30_000);
      const strictBefore = await reads(api.strict);
      expect(await listed(api.strict)).toContain(id);
      const strictAfter = await reads(api.strict);
      expect(strictAfter.primary).toBe(strictBefore.primary + 1);
      expect(strictAfter.replica).toBe(strictBefore.replica);
    } finally {
      await admin()`select pg_wal_replay_resume()`;
    }
    // Replay resumed: the replica catches up and serves api-8 again.
    await eventually(async () => (await replicaState(api.strict)) === 'ok', 30_000);
  }, 90_000);

  test('the replica stopped: lists still answer 200, from the primary, and /health says so', async () => {
    const created = await at(api.tolerant, `/api/v1/orgs/${owner.orgId}/items`, {
      title: 'After the replica: read from the primary.',
    });
    expect(created.status).toBe(201);
    await replica?.stop();

    const before = await reads(api.tolerant);
    // Right away (the probe may not have noticed yet) and later: never an error.
    for (let i = 0; i < 5; i++) expect(await listed(api.tolerant)).toContain(created.body.id);
    await eventually(async () => (await replicaState(api.tolerant)) === 'down', 30_000);
    for (let i = 0; i < 5; i++) expect(await listed(api.tolerant)).toContain(created.body.id);
    const after = await reads(api.tolerant);
    expect(after.primary).toBe(before.primary + 10);
    expect(after.replica).toBe(before.replica);
    const ready = await fetch(`http://127.0.0.1:${api.tolerant}/health/ready`);
    expect(ready.status).toBe(200);
  }, 90_000);
});
