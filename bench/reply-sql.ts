import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dbConfig, loadConfig } from '@insightdesk/shared/config';
import type { Executor } from '@insightdesk/shared/db';
import type { OrgScope } from '@insightdesk/shared/tenancy';
import postgres from 'postgres';
import { requireAccess } from '../helpdesk/src/access';
import { createMessage } from '../helpdesk/src/tickets/messages';
import { pgBinDir } from '../tools/stack/system';
import { dropReplies, seed, sql } from './api-data';
import { fmt, median, ROOT, report, spread, stackPids, treeCpuMs } from './lib';

// The reply's bound without any JavaScript: PostgreSQL alone, driven by pgbench, running the
// bare insert of the write floor against the help desk's own reply statement (its text as the
// product renders it), each in a transaction with its outbox row, on random bench tickets:
//
//   bun bench/reply-sql.ts        # BENCH_ROUNDS=4 BENCH_SECONDS=10 BENCH_CLIENTS=16
//
//   insert    INSERT the message, INSERT its outbox event (bench/raw-write-server.ts's)
//   untimed   the reply's statement without the service levels (an internal note's: the
//             ticket found under the organization, the message, the author joined) + its event
//   reply     the reply's statement as every public reply sends it: the service levels'
//             settings lock and policies read under it, then the same + its event
//
// BENCH_VARIANTS=1 adds the reply's statement with one part of its service levels' read changed,
// to find which part costs (thirtieth stop):
//   inline    the policies read in the statement, without the function and its lock
//   lock      the same, with the settings' lock taken in the statement (no function)
//   noTimers  the whole statement without the check whether the ticket has timers
//
// Each target once per round, the order turning; its transactions a second ÷ the insert's in
// the same round, and PostgreSQL's CPU per transaction. What `messagePostVsFloor` (bench/api.ts)
// can reach at most: the api sends these statements and the ratio is PostgreSQL's before any
// layer of ours runs. Every script first draws its ticket (one indexed read, the same in each).
// Needs ./stack up -d (seeds like bench/api.ts).
const rounds = Number(process.env.BENCH_ROUNDS ?? 4);
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const clients = Number(process.env.BENCH_CLIENTS ?? 16);
const TICKETS = 5000;
const TABLE = 'bench_reply_sql_tickets';
const { db: dbSettings } = loadConfig({ db: dbConfig }, { dir: ROOT });
/** The scratch table of drawn tickets is the schema owner's to make; the statements run as the api's role. */
const owner = postgres(dbSettings.ownerUrl, { max: 1, onnotice: () => {} });

await seed();
const startedAt = new Date();

/** The product's statement, as createMessage sends it, its values named by what they hold. */
async function replyText(timed: boolean): Promise<string> {
  let text = '';
  let params: unknown[] = [];
  const client = {
    unsafe(t: string, p: unknown[]) {
      text = t;
      params = p;
      return { execute: () => Promise.resolve([]) };
    },
  };
  const db = { _: { session: { client } } } as unknown as Executor;
  const auth = { orgId: '@org', userId: '@author', role: 'owner' } as OrgScope;
  const scope = requireAccess({ auth, permission: 'message.create' });
  // No row comes back: createMessage stops at "no such ticket" once the statement was sent.
  await createMessage(
    db,
    scope,
    '00000000-0000-7000-8000-000000000000',
    { body: '@body' },
    {
      timed,
    },
  ).catch(() => undefined);
  const named: Record<string, string> = {
    '@org': ':org::uuid',
    '@author': ':author::uuid',
    '@body': ':body',
    '00000000-0000-7000-8000-000000000000': ':tid::uuid',
  };
  // Highest first: $10 before $1.
  for (let i = params.length; i >= 1; i--) {
    const value = params[i - 1];
    const name =
      typeof value === 'boolean'
        ? String(value)
        : typeof value === 'string' && value.startsWith('insightdesk:')
          ? ':lock_key'
          : typeof value === 'string' && /^[0-9a-f-]{36}$/.test(value) && !named[value]
            ? ':id::uuid'
            : named[String(value)];
    if (!name) throw new Error(`unnamed value ${String(value)}`);
    text = text.replaceAll(`$${i}`, name);
  }
  // pgbench reads ":name" as a variable: the timestamp format's colons come from one.
  return text.replaceAll(`'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`, ':fmt').replace(/\s+/g, ' ');
}

await owner.unsafe(`drop table if exists ${TABLE}`);
await owner.unsafe(`
  create table ${TABLE} as
  select row_number() over () as i, t.org_id, t.id as tid, m.user_id as author
    from (select t.org_id, t.id from tickets t
            join organizations o on o.id = t.org_id and o.name like 'bench-org-%'
           order by random() limit ${TICKETS}) t
    join memberships m on m.org_id = t.org_id and m.role_name = 'owner'`);
await owner.unsafe(`create unique index on ${TABLE} (i)`);
await owner.unsafe(`analyze ${TABLE}`);
await owner.unsafe(`grant select on ${TABLE} to public`);
const [{ n: drawn = 0 } = {}] = await owner<{ n: number }[]>`
  select count(*)::int as n from ${owner(TABLE)}`;

// One indexed read per transaction draws the ticket and makes the values every script uses.
const draw = `\\set i random(1, ${drawn})
select org_id as org, tid, author, 'bench reply' as body,
       'insightdesk' || chr(58) || 'sla-settings' || chr(58) || org_id as lock_key,
       'YYYY-MM-DD"T"HH24' || chr(58) || 'MI' || chr(58) || 'SS.MS"Z"' as fmt,
       (lpad(to_hex((extract(epoch from clock_timestamp()) * 1000)::bigint), 12, '0')
         || '7' || substr(md5(random()::text), 1, 19))::uuid as id,
       json_build_object('message', json_build_object('id', gen_random_uuid(), 'ticketId', tid,
         'author', json_build_object('id', author, 'name', 'bench'), 'body', 'bench reply',
         'internal', false, 'createdAt', replace(to_char(now() at time zone 'UTC',
         'YYYY-MM-DD"T"HH24%MI%SS.MS"Z"'), '%', chr(58))), 'ticketNumber', 1, 'requesterId', author)
         as payload
  from ${TABLE} where i = :i \\gset
`;
const outbox = `insert into outbox (org_id, type, payload, trace_parent) values (:org::uuid, 'message.created', :payload::jsonb, null);`;
const timed = await replyText(true);
const scripts = {
  insert: `insert into messages (id, org_id, ticket_id, author_id, body, internal) values (:id::uuid, :org::uuid, :tid::uuid, :author::uuid, :body, false) returning id, created_at;`,
  untimed: `${await replyText(false)};`,
  reply: `${timed};`,
};
/** The reply's statement with `part` replaced; throws if the product's text no longer has it. */
function variant(part: RegExp, by: string): string {
  if (!part.test(timed)) throw new Error(`the reply's statement has no ${part}`);
  return `${timed.replace(part, by)};`;
}
const policiesCall = /from sla_policies_locked\([^)]*\)/;
const variants = {
  inline: variant(policiesCall, 'from sla_policies where org_id = :org::uuid'),
  // In the CTE's own row, so it is taken whether or not the organization has policies.
  lock: variant(
    /as has_timers\)/,
    'as has_timers, pg_advisory_xact_lock_shared(hashtext(:lock_key)) as locked)',
  ).replace(policiesCall, 'from sla_policies where org_id = :org::uuid'),
  noTimers: variant(/exists \(select 1 from ticket_slas [^)]*\)/, 'false'),
};
const withVariants = process.env.BENCH_VARIANTS === '1';
Object.assign(scripts, withVariants ? variants : {});
type Key = keyof typeof scripts | keyof typeof variants;
const dir = mkdtempSync(join(tmpdir(), 'reply-sql-'));
const files = Object.fromEntries(
  Object.entries(scripts).map(([key, statement]) => {
    const file = join(dir, `${key}.sql`);
    writeFileSync(file, `${draw}BEGIN;\n${statement}\n${outbox}\nCOMMIT;\n`);
    return [key, file];
  }),
) as Record<Key, string>;

const [postgresPid = 0] = await stackPids(['postgres']);

function pgbench(key: Key): { tps: number; pgCpuUs: number } {
  const before = treeCpuMs(postgresPid);
  const run = spawnSync(
    join(pgBinDir(), 'pgbench'),
    [
      '-n',
      '-M',
      'prepared',
      '-c',
      String(clients),
      '-j',
      '2',
      '-T',
      String(seconds),
      '-f',
      files[key],
      dbSettings.url,
    ],
    { encoding: 'utf8' },
  );
  const cpuMs = treeCpuMs(postgresPid) - before;
  const tps = Number(run.stdout.match(/tps = ([\d.]+)/)?.[1] ?? Number.NaN);
  const done = Number(run.stdout.match(/transactions actually processed: (\d+)/)?.[1] ?? 0);
  if (!Number.isFinite(tps) || /error|aborted/i.test(run.stderr))
    throw new Error(`pgbench ${key}: ${run.stderr.split('\n').slice(0, 3).join(' ')}`);
  return { tps, pgCpuUs: (cpuMs * 1000) / Math.max(done, 1) };
}

const keys: Key[] = [
  'insert',
  'untimed',
  'reply',
  ...(withVariants ? (Object.keys(variants) as Key[]) : []),
];
const runs = Object.fromEntries(keys.map((key) => [key, []])) as unknown as Record<
  Key,
  { tps: number; pgCpuUs: number }[]
>;
try {
  pgbench('reply'); // warm: plans, caches
  for (let round = 0; round < rounds; round++) {
    const order = [...keys.slice(round % keys.length), ...keys.slice(0, round % keys.length)];
    for (const key of order) runs[key].push(pgbench(key));
    console.log(
      `round ${round + 1}: ${keys.map((k) => `${k} ${Math.round(runs[k].at(-1)?.tps ?? 0)}/s`).join(', ')}`,
    );
  }
} finally {
  await owner.unsafe(`drop table if exists ${TABLE}`);
  await dropReplies(startedAt);
}

const vsInsert = (key: Key) => runs[key].map((r, i) => r.tps / (runs.insert[i]?.tps ?? Number.NaN));
report(
  'reply-sql',
  keys.map((key) => ({
    target: key,
    tps: Math.round(median(runs[key].map((r) => r.tps))),
    vsInsert: fmt(median(vsInsert(key)), 2),
    spread: spread(vsInsert(key), 2),
    pgCpuUsPerTransaction: Math.round(median(runs[key].map((r) => r.pgCpuUs))),
  })),
  {
    replySqlVsInsert: fmt(median(vsInsert('reply')), 2),
    replySqlVsInsertSpread: spread(vsInsert('reply'), 2),
    untimedSqlVsInsert: fmt(median(vsInsert('untimed')), 2),
    untimedSqlVsInsertSpread: spread(vsInsert('untimed'), 2),
    method: `pgbench -M prepared, ${clients} clients, ${rounds} rounds of ${seconds} s, order turning`,
  },
);
await Promise.all([sql.end(), owner.end()]);
