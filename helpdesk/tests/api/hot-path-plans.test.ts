import { afterAll, beforeAll, expect, test } from 'bun:test';
import { encodeCursor, runMigrations } from '@insightdesk/shared/db';
import { createLogger } from '@insightdesk/shared/logger';
import postgres from 'postgres';
import { loadTo } from '../../../bench/data-scale/load';
import {
  LARGE_ORG,
  LONG_THREAD_TICKET,
  orgId,
  ownerId,
  ticketId,
  VOCABULARY,
} from '../../../bench/data-scale/shape';
import { deployment } from '../../../tests/support/deployment';
import { dropScratchDatabases, scratchDatabase } from '../../../tests/support/scratch-database';
import { superuserPassword } from '../../../tools/stack/pg-superuser';
import {
  type HotPathName,
  hotPathPlans,
  type Scan,
  sequentialScans,
} from '../support/hot-path-plans';

// The hot paths' statements, as the code sends them, explained on a generated mid-size data set
// (bench/data-scale.ts's shape at 50,000 tickets over 10,000 organizations, loaded with COPY
// into a database of its own): each reads the index meant for it, and none reads a growing
// table whole. bench/data-scale.ts explains the same statements at 1 M and 10 M tickets.

const TICKETS = 50_000;
const logger = createLogger({ service: 'test', instance: 'test', level: 'silent', format: 'json' });
let plans: Record<HotPathName, Scan[][]>;
let closeDatabase: () => Promise<void> = async () => undefined;

beforeAll(async () => {
  const database = await scratchDatabase('plans');
  closeDatabase = () => database.close();
  await runMigrations(database, logger, deployment.migrations, { phase: 'contract' });
  const name = new URL(database.url).pathname.slice(1);
  const url = Object.assign(new URL(database.url), {
    username: 'postgres',
    password: superuserPassword(),
  }).toString();
  const sql = postgres(url, { max: 2, onnotice: () => undefined });
  try {
    const { anchor } = await loadTo(sql, name, TICKETS, () => undefined);
    const [deep] = await sql`
      select created_at, id from tickets where org_id = ${orgId(LARGE_ORG, anchor)}
       order by created_at desc, id desc offset ${Math.floor((TICKETS / 10) * 0.9)} limit 1`;
    plans = await hotPathPlans(url, {
      orgId: orgId(LARGE_ORG, anchor),
      adminId: ownerId(LARGE_ORG, anchor),
      ticketId: ticketId(10, anchor),
      longThreadId: ticketId(LONG_THREAD_TICKET, anchor),
      deepCursor: encodeCursor({ at: new Date(deep?.created_at), id: String(deep?.id) }),
      commonWord: VOCABULARY[2] as string,
      rareWord: VOCABULARY[2990] as string,
    });
  } finally {
    await sql.end();
  }
}, 180_000);

afterAll(async () => {
  await closeDatabase();
  await dropScratchDatabases();
});

/** The indexes a path's statements read `relation` by. */
const indexesOn = (path: HotPathName, relation: string) =>
  plans[path]
    .flat()
    .filter((s) => s.relation === relation)
    .flatMap((s) => (s.index ?? '').split(' + '));

test('no hot path reads a growing table whole', () => {
  const whole = Object.entries(plans).flatMap(([path, p]) =>
    sequentialScans(p).map((s) => `${path}: ${s.relation}`),
  );
  expect(whole).toEqual([]);
  // Every path ran statements (a path whose plans went missing proves nothing).
  for (const [path, p] of Object.entries(plans))
    expect({ path, statements: p.length > 0 }).toEqual({ path, statements: true });
});

test('each hot path reads its own index', () => {
  const expected: [HotPathName, string, string][] = [
    ['ticket list, first page', 'tickets', 'tickets_org_created_idx'],
    ['ticket list, deep page', 'tickets', 'tickets_org_created_idx'],
    ['search, rare word', 'ticket_search', 'ticket_search_org_idx'],
    ['ticket read', 'tickets', 'tickets_pkey'],
    ['long thread, first page', 'messages', 'messages_ticket_idx'],
    ['reply', 'tickets', 'tickets_pkey'],
    ['notifications', 'notifications', 'notifications_user_idx'],
    ['analytics summary', 'org_analytics', 'org_analytics_pkey'],
    ['service levels re-planned, a batch', 'tickets', 'tickets_org_unresolved_idx'],
    ['export, a page', 'tickets', 'tickets_org_created_idx'],
    ['export, a page', 'messages', 'messages_ticket_idx'],
    ['outbox relay, a batch', 'outbox', 'outbox_pending_idx'],
  ];
  const read = expected.map(([path, relation, index]) => ({
    path,
    index,
    read: indexesOn(path, relation).includes(index),
  }));
  expect(read).toEqual(expected.map(([path, , index]) => ({ path, index, read: true })));
});
