import { expect, test } from 'bun:test';
import { readFileSync } from 'node:fs';
import { dbConfig, loadConfig } from '@insightdesk/shared/config';
import postgres from 'postgres';
import { ROOT, runStack } from '../../../tests/support/stack';
import { check, summaryLine } from '../../../tools/stack/soak/checker';
import { FAULT_KINDS, type History } from '../../../tools/stack/soak/history';

// A short soak (docs/background-work.md, "The soak"): the mixed workload under every kind of
// fault at least once, judged against PostgreSQL. Then its own history, broken the way a broken
// build would break it (a relay that marks an event relayed before publishing it: one delivery
// never happens; an effect acknowledged and never run: one export never ready), must fail.
// And the services' connection pools come out whole.

/**
 * The services' PostgreSQL connections whose backend has waited on its client in the middle of a
 * statement (parsed, never bound or synced) for seconds: connections a driver lost track of, each
 * one gone from its pool for good. After a PostgreSQL restart under load, postgres.js 3.4.9 lost
 * one or two per api instance (patches/postgres@3.4.9.patch, tests/foundation/postgres-reset.test.ts).
 */
async function connectionsLost(): Promise<string[]> {
  const db = postgres(loadConfig({ db: dbConfig }, { dir: ROOT }).db.url, {
    max: 1,
    onnotice: () => {},
  });
  try {
    const rows = await db<{ name: string; query: string }[]>`
      select application_name as name, left(query, 60) as query from pg_stat_activity
       where application_name ~ '^(api|ws|worker|inbound)-' and state = 'active'
         and wait_event = 'ClientRead' and query_start < now() - interval '10 seconds'`;
    return rows.map((r) => `${r.name}: ${r.query.replace(/\s+/g, ' ').trim()}`);
  } finally {
    await db.end({ timeout: 1 });
  }
}

test('./stack soak: two minutes under every fault kind lose nothing, and a broken history fails', async () => {
  const run = await runStack([
    'soak',
    '--minutes',
    '2',
    '--orgs',
    '2',
    '--clients',
    '24',
    '--seed',
    '11',
  ]);
  const lines = run.stdout.trim().split('\n');
  const summary = lines.at(-1) ?? '';
  if (run.code !== 0) console.error(run.stderr.slice(-4000), run.stdout.slice(-4000));
  expect(summary).toMatch(/^soak PASSED \(seed 11, 2 min\):/);
  expect(summary).toMatch(/lost 0, duplicated 0, out of order 0/);
  expect(summary).toMatch(/5xx outside 0/);
  expect(run.code).toBe(0);
  expect(await connectionsLost()).toEqual([]);
  for (const kind of FAULT_KINDS) {
    const row = lines.find((l) => l.startsWith(`fault ${kind} `));
    expect(Number(row?.split(/\s+/)[2])).toBeGreaterThanOrEqual(1);
  }

  const file = lines.find((l) => l.startsWith('history: '))?.slice('history: '.length) ?? '';
  const history = JSON.parse(readFileSync(file, 'utf8')) as History;
  expect(check(history).failures).toEqual([]);
  // A delivery the client had to get (staff, after it subscribed, no resync since), taken away.
  const relayedAt = new Map(history.changes.map((c) => [c.key, c.relayedAt ?? 0]));
  const target = history.clients
    .filter((c) => c.staff && c.firstSubscribedAt !== null)
    .flatMap((c) =>
      c.deliveries
        .filter((d) => (relayedAt.get(d.key) ?? 0) > (c.firstSubscribedAt ?? 0))
        .filter((d) => c.resyncs.every((r) => r < (relayedAt.get(d.key) ?? 0)))
        .filter((d) => c.deliveries.filter((o) => o.key === d.key).length === 1)
        .map((d) => ({ client: c, delivery: d })),
    )[0];
  if (!target) throw new Error('no delivery to take away');
  const relayedNotPublished: History = {
    ...history,
    clients: history.clients.map((c) =>
      c === target.client
        ? { ...c, deliveries: c.deliveries.filter((d) => d !== target.delivery) }
        : c,
    ),
  };
  const lost = check(relayedNotPublished);
  expect(lost.lost).toBe(1);
  expect(summaryLine(relayedNotPublished, lost)).toMatch(/^soak FAILED .*lost 1/);
  const ackedNotRun: History = {
    ...history,
    jobs: history.jobs.map((j, i) => (i === 0 ? { ...j, done: false } : j)),
  };
  expect(check(ackedNotRun).failures).toEqual(['1 jobs never ran']);
  // Two minutes, and past them until every kind of fault ran: each recovery waits for a
  // restarted process to answer ready, which takes 20–30 s on a loaded machine.
}, 1_500_000);
