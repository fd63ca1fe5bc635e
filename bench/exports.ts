import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { dbConfig, loadConfig } from '@insightdesk/shared/config';
import { createDatabase, sql as drizzleSql, isoText } from '@insightdesk/shared/db';
import { createLogger } from '@insightdesk/shared/logger';
import { scratchPath, scratchWriter } from '@insightdesk/shared/storage';
import postgres from 'postgres';
import { writeExportPart } from '../helpdesk/src/exports';
import { fmt, median, ROOT, report, settings, spread } from './lib';

// What an organization's export costs the worker that writes it (docs/background-work.md):
//
//   bun bench/exports.ts      # BENCH_EXPORT_MB=100 BENCH_ROUNDS=3
//
// One organization (registered through the api, its rows written directly): 1,000 short tickets
// and enough tickets of 100 messages of 20,000 characters for BENCH_EXPORT_MB of bodies. Its one
// part and the file are written in a child process per round, two ways, alternating:
// - `stream`: the worker's way (helpdesk/src/worker/exports.ts): the part read a page at a time
//   into a gzipped scratch file, then that file inflated and gzipped again into another;
// - `whole`: the way exports were written before the twenty-sixth stop, the baseline — the part
//   as one query's text (each ticket's line one PostgreSQL value), then the file gzipped at once.
// Measured: the wall time of each and its peak resident memory above the child's own at start
// (sampled every 5 ms), and that peak in the first and the second half of its time. Printed as
// ratios stream ÷ whole. Needs the stack: ./stack up -d
const MB = Number(process.env.BENCH_EXPORT_MB ?? 100);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const BODY = 20_000;
const config = loadConfig({ db: dbConfig }, { dir: ROOT });

type Method = 'stream' | 'whole';

/** In the child: one way of writing the export of `orgId`; prints its figures as JSON. */
async function child(method: Method, orgId: string) {
  const logger = createLogger({
    service: 'bench',
    instance: 'exports',
    level: 'warn',
    format: 'json',
  });
  const database = createDatabase({
    url: config.db.url,
    poolMax: 2,
    applicationName: 'bench:exports',
    logger,
  });
  const rss = () => process.memoryUsage().rss / 2 ** 20;
  const base = rss();
  let peak = base;
  // Every sample kept: whether the memory follows what was written (it grows to the end) or
  // levels off (its peak in the second half of the time is that of the first half).
  const samples: { at: number; mb: number }[] = [];
  const sampler = setInterval(() => {
    const mb = rss();
    peak = Math.max(peak, mb);
    samples.push({ at: performance.now(), mb });
  }, 5);
  const dir = join(ROOT, '.data', 'bench-exports');
  const part = await scratchPath(dir, 'part');
  const file = await scratchPath(dir, 'file');
  const started = performance.now();
  let bytes = 0;
  if (method === 'stream') {
    // As helpdesk/src/worker/exports.ts writes them: both gzipped, a collection every 8 M.
    const writing = { gzip: true, collectEvery: 8 * 2 ** 20 };
    const out = scratchWriter(part, writing);
    await database.db.transaction(
      (tx) => writeExportPart(tx, orgId, { after: null, until: null }, out.write),
      { isolationLevel: 'repeatable read', accessMode: 'read only' },
    );
    await out.end();
    const gz = scratchWriter(file, writing);
    const inflate = new DecompressionStream('gzip') as unknown as ReadableWritablePair<
      Uint8Array,
      Uint8Array
    >;
    for await (const chunk of Bun.file(part).stream().pipeThrough(inflate)) await gz.write(chunk);
    bytes = await gz.end();
  } else {
    const rows = await database.db.execute<{ line: string }>(drizzleSql`
      select json_build_object(
               'id', t.id, 'number', t.number, 'subject', t.subject, 'status', t.status,
               'priority', t.priority, 'requesterId', coalesce(t.requester_id, t.contact_id),
               'assigneeId', t.assignee_id, 'createdAt', ${isoText(drizzleSql`t.created_at`)},
               'updatedAt', ${isoText(drizzleSql`t.updated_at`)},
               'messages', coalesce((
                 select json_agg(json_build_object(
                          'id', m.id, 'authorId', coalesce(m.author_id, m.author_contact_id),
                          'body', m.body, 'internal', m.internal,
                          'createdAt', ${isoText(drizzleSql`m.created_at`)})
                          order by m.created_at, m.id)
                   from messages m where m.ticket_id = t.id), '[]'::json))::text as line
        from tickets t where t.org_id = ${orgId} order by t.created_at, t.id`);
    const text = rows.map((r) => `${r.line}\n`).join('');
    await Bun.write(part, new TextEncoder().encode(text));
    const gzipped = Bun.gzipSync(new Uint8Array(await Bun.file(part).arrayBuffer()));
    await Bun.write(file, gzipped);
    bytes = gzipped.length;
  }
  const ms = performance.now() - started;
  clearInterval(sampler);
  rmSync(part, { force: true });
  rmSync(file, { force: true });
  await database.close();
  const half = started + ms / 2;
  const peakOf = (kept: { mb: number }[]) => Math.max(base, ...kept.map((x) => x.mb)) - base;
  const halves = {
    peakFirstHalfMb: peakOf(samples.filter((x) => x.at < half)),
    peakSecondHalfMb: peakOf(samples.filter((x) => x.at >= half)),
  };
  console.log(JSON.stringify({ method, ms, peakMb: peak - base, bytes, ...halves }));
}

async function register(): Promise<{ orgId: string; userId: string }> {
  const api = `http://127.0.0.1:${settings.stack.portBase + 1}`;
  const res = await fetch(`${api}/api/v1/auth/register`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID() },
    body: JSON.stringify({
      email: `bench-export-${Date.now()}@bench.test`,
      password: 'correct horse battery staple',
      name: 'Bench',
      organizationName: 'bench-export',
    }),
  });
  const body = (await res.json()) as { organization: { id: string }; user: { id: string } };
  if (!res.ok) throw new Error(`register: ${res.status}`);
  return { orgId: body.organization.id, userId: body.user.id };
}

async function main() {
  const sql = postgres(config.db.url, { max: 2, onnotice: () => {} });
  const { orgId, userId } = await register();
  const long = Math.ceil((MB * 2 ** 20) / (100 * BODY));
  try {
    console.error(`==> ${long} tickets of 100 × ${BODY} characters and 1,000 short ones`);
    await sql`
      insert into tickets (id, org_id, number, subject, requester_id, created_at, updated_at)
      select gen_random_uuid(), ${orgId}, g, 'Bench export ' || g, ${userId},
             now() - (g || ' seconds')::interval, now()
        from generate_series(1, ${long + 1000}) g`;
    await sql`
      insert into messages (id, org_id, ticket_id, author_id, body, created_at)
      select gen_random_uuid(), ${orgId}, t.id, ${userId},
             case when t.number <= ${long} then left(k || repeat('Exported text ü ✓ ', 1200), ${BODY})
                  else 'A short answer ' || k end,
             t.created_at + (k || ' milliseconds')::interval
        from tickets t cross join generate_series(1, 100) k
       where t.org_id = ${orgId} and (t.number <= ${long} or k <= 3)`;
    const runs: Record<Method, { ms: number; peakMb: number; bytes: number }[]> = {
      stream: [],
      whole: [],
    };
    for (let round = 0; round < ROUNDS; round++) {
      for (const method of round % 2 === 0
        ? (['stream', 'whole'] as const)
        : (['whole', 'stream'] as const)) {
        const proc = Bun.spawn([process.execPath, import.meta.path, '--child', method, orgId], {
          cwd: ROOT,
          stdout: 'pipe',
          stderr: 'inherit',
        });
        const out = await new Response(proc.stdout).text();
        if ((await proc.exited) !== 0) throw new Error(`${method} round failed`);
        runs[method].push(JSON.parse(out.trim().split('\n').at(-1) ?? '{}'));
      }
    }
    const row = (method: Method) => ({
      method,
      ms: fmt(median(runs[method].map((r) => r.ms)), 0),
      msSpread: spread(runs[method].map((r) => r.ms)),
      peakMb: fmt(median(runs[method].map((r) => r.peakMb)), 0),
      peakSpread: spread(runs[method].map((r) => r.peakMb)),
      fileMb: fmt(median(runs[method].map((r) => r.bytes)) / 2 ** 20, 1),
    });
    const ratios = (key: 'ms' | 'peakMb') =>
      runs.stream.map((r, i) => r[key] / (runs.whole[i]?.[key] ?? Number.NaN));
    report('exports', [row('stream'), row('whole')], {
      bodiesMb: MB,
      timeVsWhole: `${fmt(median(ratios('ms')), 2)} (${spread(ratios('ms'), 2)})`,
      peakMemoryVsWhole: `${fmt(median(ratios('peakMb')), 2)} (${spread(ratios('peakMb'), 2)})`,
    });
  } finally {
    // The organization and everything of it (its tickets and messages by cascade).
    const owner = postgres(config.db.ownerUrl, { max: 1, onnotice: () => {} });
    await owner`delete from organizations where id = ${orgId}`;
    await owner.end();
    await sql.end();
  }
}

if (process.argv[2] === '--child') await child(process.argv[3] as Method, process.argv[4] ?? '');
else await main();
