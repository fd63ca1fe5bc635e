import { type Executor, isPlannedPerExecution, schema } from '@insightdesk/shared/db';
import { claimOutboxBatch } from '@insightdesk/shared/events';
import type { OrgScope } from '@insightdesk/shared/tenancy';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres, { type Sql } from 'postgres';
import { requireAccess } from '../../src/access';
import { analyticsSummary } from '../../src/analytics';
import { reply } from '../../src/commands/reply';
import { listNotifications } from '../../src/notifications';
import { slaCompliance, unresolvedTicketIds } from '../../src/sla/ticket-slas';
import { exportedTickets } from '../../src/tickets/export-read-model';
import { listTickets } from '../../src/tickets/list';
import { listMessages } from '../../src/tickets/messages';
import { getTicket } from '../../src/tickets/ticket';

/**
 * The help desk's hot paths, each run through the code that serves it (the same functions the
 * routes and jobs call), every statement it sends then explained with the parameters it was
 * bound with: what the planner chooses for the statements as they are written, not for a copy
 * of their text. (PostgreSQL's `auto_explain` would log them as it runs them, but it logs a
 * statement when its portal closes, and loses some of those the extended protocol leaves open.) `bench/data-scale.ts` reads them at each
 * size; `helpdesk/tests/api/hot-path-plans.test.ts` holds them to their indexes.
 */

/** Where the paths run: an organization, its admin, a ticket, a long thread and two words. */
export interface HotPathSubject {
  readonly orgId: string;
  readonly adminId: string;
  readonly ticketId: string;
  readonly longThreadId: string;
  /** A cursor deep into the organization's ticket list. */
  readonly deepCursor: string;
  /** A word in many of the organization's tickets, and one in few. */
  readonly commonWord: string;
  readonly rareWord: string;
}

/** One scan of a plan: its node type, the relation and the index it reads. */
export interface Scan {
  readonly node: string;
  readonly relation: string | null;
  readonly index: string | null;
  /** The condition it reads the index by (`Index Cond`), if any. */
  readonly condition: string | null;
}

interface PlanNode {
  readonly 'Node Type': string;
  readonly 'Relation Name'?: string;
  readonly 'Index Name'?: string;
  readonly 'Index Cond'?: string;
  readonly Plans?: readonly PlanNode[];
}

/** Every scan in a plan tree, depth first (a bitmap scan named by the indexes it combines). */
export function scansOf(plan: PlanNode): Scan[] {
  const bitmapIndexes = (p: PlanNode): string[] => [
    ...(p['Node Type'] === 'Bitmap Index Scan' && p['Index Name'] ? [p['Index Name']] : []),
    ...(p.Plans ?? []).flatMap(bitmapIndexes),
  ];
  const bitmap = plan['Node Type'] === 'Bitmap Heap Scan';
  const own: Scan[] = plan['Relation Name']
    ? [
        {
          node: plan['Node Type'],
          relation: plan['Relation Name'],
          index: bitmap ? bitmapIndexes(plan).join(' + ') : (plan['Index Name'] ?? null),
          condition: plan['Index Cond'] ?? null,
        },
      ]
    : [];
  return [...own, ...(bitmap ? [] : (plan.Plans ?? []).flatMap(scansOf))];
}

const ROLLBACK = new Error('rolled back on purpose');

/** Runs `work` in a transaction that is always rolled back (a write path's plans, no write). */
async function rolledBack(db: Executor, work: (tx: Executor) => Promise<unknown>) {
  await db
    .transaction(async (tx) => {
      await work(tx);
      throw ROLLBACK;
    })
    .catch((err: unknown) => {
      if (err !== ROLLBACK) throw err;
    });
}

/** The paths, by name: each the calls one request or one job step makes. */
export function hotPaths(s: HotPathSubject) {
  const scope = { orgId: s.orgId, userId: s.adminId, role: 'admin' } as unknown as OrgScope;
  const access = (permission: Parameters<typeof requireAccess>[0]['permission']) =>
    requireAccess({ auth: scope, permission });
  const sla = { minuteMs: 60_000, feedMaxBytes: 1024 * 1024 };
  return {
    'ticket list, first page': (db: Executor) =>
      listTickets(db, access('ticket.list'), { limit: 25 }),
    'ticket list, deep page': (db: Executor) =>
      listTickets(db, access('ticket.list'), { limit: 25, cursor: s.deepCursor }),
    'search, common word': (db: Executor) =>
      listTickets(db, access('ticket.list'), { limit: 25, q: s.commonWord }),
    'search, rare word': (db: Executor) =>
      listTickets(db, access('ticket.list'), { limit: 25, q: s.rareWord }),
    'ticket read': (db: Executor) => getTicket(db, access('ticket.read'), s.ticketId),
    'long thread, first page': (db: Executor) =>
      listMessages(db, access('message.list'), s.longThreadId, { limit: 25 }),
    reply: (db: Executor) =>
      rolledBack(db, (tx) =>
        reply(tx, access('message.create'), s.ticketId, { body: 'plan reply' }, sla),
      ),
    'reply to the long thread': (db: Executor) =>
      rolledBack(db, (tx) =>
        reply(tx, access('message.create'), s.longThreadId, { body: 'plan reply' }, sla),
      ),
    notifications: (db: Executor) =>
      listNotifications(db, { userId: s.adminId, organizations: { only: s.orgId } }, { limit: 25 }),
    'analytics summary': async (db: Executor) => {
      await analyticsSummary(db, scope);
      await slaCompliance(db, s.orgId);
    },
    'service levels re-planned, a batch': (db: Executor) =>
      unresolvedTicketIds(db, s.orgId, { after: null, limit: 200 }),
    'export, a page': (db: Executor) =>
      exportedTickets(db, s.orgId, { after: null, until: null }, null, 100),
    'outbox relay, a batch': (db: Executor) => db.transaction((tx) => claimOutboxBatch(tx, 200)),
  } as const;
}

export type HotPathName = keyof ReturnType<typeof hotPaths>;

/**
 * Each path's plans, on a connection to `url` made for it: per statement it ran, the plan for
 * its values and, for a prepared one, the generic plan PostgreSQL may keep for it.
 */
export async function hotPathPlans(
  url: string,
  subject: HotPathSubject,
): Promise<Record<HotPathName, Scan[][]>> {
  const client = postgres(url, { max: 1, onnotice: () => undefined });
  let seen: { query: string; params: readonly unknown[] }[] = [];
  const db = drizzle(
    recording(client, (query, params) => seen.push({ query, params })),
    {
      schema,
    },
  ) as Executor;
  try {
    const found = {} as Record<HotPathName, Scan[][]>;
    for (const [name, run] of Object.entries(hotPaths(subject)) as [
      HotPathName,
      (db: Executor) => Promise<unknown>,
    ][]) {
      seen = [];
      await run(db);
      const plans: Scan[][] = [];
      for (const { query, params } of seen) {
        if (!EXPLAINABLE.test(query)) continue;
        plans.push(await customPlan(client, query, params));
        if (params.length > 0 && !isPlannedPerExecution(query))
          plans.push(await genericPlan(client, query, params));
      }
      found[name] = plans;
    }
    return found;
  } finally {
    await client.end();
  }
}

/** A statement with a plan (not BEGIN, SET or COMMIT), after its marker comment if any. */
const EXPLAINABLE = /^\s*(\/\*.*?\*\/\s*)?(select|insert|update|delete|with)\b/is;

const planOf = (rows: readonly Record<string, unknown>[]) => {
  const [plan] = (rows[0]?.['QUERY PLAN'] ?? []) as { Plan: PlanNode }[];
  if (!plan) throw new Error('no plan');
  return scansOf(plan.Plan);
};

/** The plan for these values: what an unprepared statement, or a prepared one's first runs, get. */
async function customPlan(client: Sql, query: string, params: readonly unknown[]) {
  return planOf(await client.unsafe(`explain (format json) ${query}`, params as never[]));
}

/**
 * The generic plan, made for no value in particular: what PostgreSQL may keep for a prepared
 * statement after its fifth run (the services prepare every statement with parameters but
 * those planned per execution). The statement is prepared with the parameter types PostgreSQL
 * infers for it, and explained with `plan_cache_mode = force_generic_plan`.
 */
async function genericPlan(client: Sql, query: string, params: readonly unknown[]) {
  const { types } = await client.unsafe(query, params as never[], { prepare: true }).describe();
  const names = await client.unsafe<{ name: string }[]>(
    'select format_type(t, null) as name from unnest($1::oid[]) with ordinality as x(t, n) order by n',
    [types as never],
  );
  const typeNames = names.map((n) => n.name);
  // EXECUTE's arguments as literals: PostgreSQL types a utility statement's parameters only
  // when it runs it, too late for the protocol's parse.
  const literal = (value: unknown) =>
    value === null || value === undefined
      ? 'null'
      : `'${(value instanceof Date ? value.toISOString() : typeof value === 'object' ? JSON.stringify(value) : String(value)).replace(/'/g, "''")}'`;
  const args = typeNames.map((type, k) => `${literal(params[k])}::${type}`).join(', ');
  // The simple protocol: sent as a parse of its own, the statement's $n would be PREPARE's.
  await client.unsafe(`prepare hot_path_generic (${typeNames.join(', ')}) as ${query}`).simple();
  try {
    await client.unsafe('set plan_cache_mode = force_generic_plan');
    return planOf(await client.unsafe(`explain (format json) execute hot_path_generic (${args})`));
  } finally {
    await client.unsafe('deallocate hot_path_generic; reset plan_cache_mode').simple();
  }
}

/**
 * The client as drizzle uses it, telling `seen` of each statement and its parameters (in its
 * transactions and savepoints too); they are explained once the path has run.
 */
function recording(client: Sql, seen: (query: string, params: readonly unknown[]) => void): Sql {
  return new Proxy(client, {
    get(target, key, receiver) {
      if (key === 'unsafe')
        return (query: string, params?: unknown[], options?: Record<string, unknown>) => {
          seen(query, params ?? []);
          return target.unsafe(query, params as never, options);
        };
      if (key === 'begin' || key === 'savepoint')
        return (...args: unknown[]) => {
          const work = args.at(-1) as (tx: Sql) => unknown;
          const open = Reflect.get(target, key, receiver) as (...a: unknown[]) => unknown;
          return open.call(target, ...args.slice(0, -1), (tx: Sql) => work(recording(tx, seen)));
        };
      return Reflect.get(target, key, receiver);
    },
  });
}

/**
 * The tables that grow with an organization's history (a year of tickets): a plan must never read
 * one of them whole. (`ticket_slas` holds the tickets under a service-level policy, in the data
 * set the large organization's only, where its whole read is that organization's read.)
 */
export const GROWING_TABLES = new Set([
  'tickets',
  'messages',
  'ticket_search',
  'ticket_status_changes',
  'notifications',
  'attachments',
  'audit_log',
  'outbox',
]);

/** The sequential scans of a path's plans on tables that grow with the data. */
export const sequentialScans = (plans: readonly Scan[][]) =>
  plans
    .flat()
    .filter((s) => s.node === 'Seq Scan' && s.relation !== null && GROWING_TABLES.has(s.relation));
