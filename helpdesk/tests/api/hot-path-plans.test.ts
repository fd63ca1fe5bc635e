import { afterAll, beforeAll, expect, test } from 'bun:test';
import { type Database, encodeCursor, runMigrations } from '@insightdesk/shared/db';
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
import { requireAccess } from '../../src/access';
import { insertPolicy } from '../../src/sla/policies';
import { refreshTicketSla } from '../../src/sla/refresh';
import { listTickets, SEARCH_WALK } from '../../src/tickets/list';
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
let database: Database;
let largeOrg: string;
let largeOrgAdmin: string;
let closeDatabase: () => Promise<void> = async () => undefined;

beforeAll(async () => {
  const scratch = await scratchDatabase('plans');
  database = scratch;
  closeDatabase = () => scratch.close();
  await runMigrations(database, logger, deployment.migrations, { phase: 'contract' });
  const name = new URL(scratch.url).pathname.slice(1);
  const url = Object.assign(new URL(scratch.url), {
    username: 'postgres',
    password: superuserPassword(),
  }).toString();
  const sql = postgres(url, { max: 2, onnotice: () => undefined });
  try {
    const { anchor } = await loadTo(sql, name, TICKETS, () => undefined);
    largeOrg = orgId(LARGE_ORG, anchor);
    largeOrgAdmin = ownerId(LARGE_ORG, anchor);
    // The large organization's service levels, and the long thread's timers computed once: a
    // reply moves them on (the reply paths' plans).
    await insertPolicy(
      database.db,
      largeOrg,
      {
        name: 'Plans',
        priorities: [],
        pausedStatuses: ['pending'],
        targets: { firstResponse: 60, nextResponse: 240, resolution: 2880 },
        warningMinutes: 10,
        isDefault: true,
      },
      100,
    );
    await database.db.transaction((tx) =>
      refreshTicketSla(tx, largeOrg, ticketId(LONG_THREAD_TICKET, anchor), {
        minuteMs: 60_000,
        feedMaxBytes: 1024 * 1024,
      }),
    );
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
    ['notifications', 'notifications', 'notifications_unread_org_idx'],
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

test("a reply moves the long thread's clocks on without reading its thread", () => {
  expect(indexesOn('reply to the long thread', 'ticket_slas')).toContain('ticket_slas_pkey');
  // Its messages are read by the ticket only after the new message (whether one sorts after it),
  // never the thread from its start.
  const byTicket = plans['reply to the long thread']
    .flat()
    .filter((x) => x.relation === 'messages' && x.index === 'messages_ticket_idx');
  expect(byTicket.length).toBeGreaterThan(0);
  expect(byTicket.filter((x) => !x.condition?.includes('created_at'))).toEqual([]);
  // A ticket without timers yet computes them from its history.
  expect(indexesOn('reply', 'messages')).toContain('messages_ticket_idx');
});

test("a search's pages are the newest matches, whether the walk finds them or their words' index does", async () => {
  const access = requireAccess({
    auth: { orgId: largeOrg, userId: largeOrgAdmin, role: 'admin' } as never,
    permission: 'ticket.list',
  });
  const [common, few, rare] = [VOCABULARY[2], VOCABULARY[100], VOCABULARY[2990]] as [
    string,
    string,
    string,
  ];
  // A word in most tickets (found by the walk), one in a few of the newest (the walk finds some,
  // the index the rest) and a rare one (the index alone); three pages of each. Then what a
  // stranger types: a word and an excluded one, an exclusion alone (every ticket without the
  // word), stop words only and punctuation only (no lexeme: no ticket, no error).
  const someExpected = [common, few, rare, `${rare} -${common}`, `-${common}`];
  for (const word of [...someExpected, 'the and of', '"-" | & !', '""']) {
    const expected = (
      await database.sql<{ id: string }[]>`
        select t.id from tickets t join ticket_search s on s.ticket_id = t.id
         where t.org_id = ${largeOrg} and s.search @@ websearch_to_tsquery('english', ${word})
         order by t.created_at desc, t.id desc limit 75`
    ).map((r) => r.id);
    const found: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 3; page++) {
      const listed = await listTickets(database.db, access, { limit: 25, q: word, cursor });
      found.push(...listed.items.map((t) => t.id));
      if (!listed.nextCursor) break;
      cursor = listed.nextCursor;
    }
    expect({ word, found }).toEqual({ word, found: expected });
    expect({ word, some: expected.length > 0 }).toEqual({
      word,
      some: someExpected.includes(word),
    });
  }
  // The walk is what a common word costs: its words' index is not read.
  expect(indexesOn('search, common word', 'ticket_search')).not.toContain('ticket_search_org_idx');
  expect(SEARCH_WALK).toBeLessThan(TICKETS / 10);
});
