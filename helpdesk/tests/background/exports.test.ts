import { afterAll, describe, expect, test } from 'bun:test';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportsQueue } from '@insightdesk/helpdesk';
import { dbConfig, loadConfig } from '@insightdesk/shared/config';
import type { Executor } from '@insightdesk/shared/db';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { team } from '../../../tests/support/api';
import { killInstance, lockHolder } from '../../../tests/support/deliveries';
import { deployment } from '../../../tests/support/deployment';
import { call } from '../../../tests/support/http';
import { mailTo, waitForMail } from '../../../tests/support/mail';
import { queueClient } from '../../../tests/support/queues';
import { subscribed } from '../../../tests/support/realtime';
import {
  CA,
  DATA,
  eventually,
  processInfo,
  ROOT,
  rssPeaks,
  stack,
  startInstance,
} from '../../../tests/support/stack';
import { writeExportPart } from '../../src/exports';
import { openTicket } from '../support/tickets';

const config = loadConfig({ db: dbConfig }, { dir: ROOT });
const db = postgres(config.db.url, { max: 3, onnotice: () => {} });
const exportJobs = queueClient(exportsQueue);
const emailJobs = queueClient(deployment.queues.email);
const maintenanceJobs = queueClient(deployment.queues.maintenance);
const holders: Array<{ release(): Promise<void> }> = [];
const WORKERS = ['worker-1', 'worker-2'];
const TICKETS = 5_300;
/** Where the stack's (local) storage keeps an export's parts. */
const partsDir = (orgId: string, exportId: string) =>
  join(DATA, 'storage', 'files', 'exports', orgId, exportId);
/** Text JSON must escape or may mangle: quotes, backslashes, control characters, U+2028, emoji. */
const ESCAPED = ' "quoted" \\ \\u0041 tab\t line\r\n\u0007 \u2028 </script> ü ✓ 🚀';

afterAll(async () => {
  // Whatever a failed test left: no lock held, the exports queue running without a limit.
  for (const holder of holders) await holder.release();
  await exportJobs.queue.removeGlobalConcurrency();
  await exportJobs.queue.resume();
  await stack('start', 'worker');
  await Promise.all([exportJobs.close(), emailJobs.close(), maintenanceJobs.close()]);
  await db.end();
});

/**
 * A lock every part's query waits on (it reads `messages`; the plan, made by the relay, does not):
 * from the test's own connection, released by the test.
 */
async function holdParts() {
  const holder = await lockHolder(db);
  holders.push(holder);
  await holder.sql`lock table messages in access exclusive mode`;
  return holder;
}

/**
 * The one part's query waiting on `holder`, stopped mid-job. Told from the workers' other
 * statements the lock holds too (an effect of an earlier test's event reading a message) by its
 * text: a part selects tickets with their messages as JSON.
 */
function stoppedPart(holder: Awaited<ReturnType<typeof holdParts>>) {
  return eventually(async () => {
    const waiting = (await holder.blocked()).filter(
      (b) => WORKERS.includes(b.instance) && b.query.includes('octet_length(m.body)'),
    );
    return waiting.length === 1 && waiting[0]?.statement === 'select' ? waiting[0] : undefined;
  }, 20_000);
}

/**
 * Many tickets at once, straight into the organization (the API would take minutes), varied in
 * every field the export writes: statuses, priorities, with and without an assignee, subjects
 * and bodies that JSON must escape, internal notes, messages created in the same millisecond.
 */
async function fill(orgId: string, requesterId: string, agentId: string) {
  await db`
    insert into tickets (id, org_id, number, subject, status, priority, requester_id, assignee_id,
                         created_at, updated_at)
    select gen_random_uuid(), ${orgId}, 1000 + g,
           'Bulk ticket ' || g || case when g % 13 = 0 then ${ESCAPED} else '' end,
           (array['open','pending','solved','closed'])[1 + g % 4]::ticket_status,
           (array['low','normal','high','urgent'])[1 + (g / 4) % 4]::ticket_priority,
           ${requesterId}, case when g % 3 = 0 then null else ${agentId}::uuid end,
           now() - (g || ' seconds')::interval - ((g % 997) || ' milliseconds')::interval,
           now() - ((g % 50) || ' minutes')::interval
      from generate_series(1, ${TICKETS}) g`;
  await db`
    insert into messages (id, org_id, ticket_id, author_id, body, internal, created_at)
    select gen_random_uuid(), ${orgId}, t.id,
           case when k % 2 = 0 then ${requesterId}::uuid else ${agentId}::uuid end,
           'Answer ' || k || ' to ' || t.subject || case when k = 2 then ${ESCAPED} else '' end,
           (t.number + k) % 5 = 0,
           -- the second and third share a millisecond: the id orders them
           t.created_at + (least(k, 2) || ' minutes')::interval
      from tickets t cross join generate_series(1, 1 + t.number % 3) k
     where t.org_id = ${orgId} and t.number % 7 = 0`;
  // One thread too long to be read with its ticket (over 64 KB of bodies): written a page of
  // messages at a time, three of them here, messages sharing a millisecond across the pages'
  // boundaries (every third one does).
  await db`
    insert into messages (id, org_id, ticket_id, author_id, body, internal, created_at)
    select gen_random_uuid(), ${orgId}, t.id, ${agentId}, repeat('Long thread ' || k || ${ESCAPED}, 12),
           k % 4 = 0, t.created_at + (k / 3 || ' milliseconds')::interval
      from tickets t cross join generate_series(1, 250) k
     where t.org_id = ${orgId} and t.number = 1000 + 4242`;
}

/** The fields of an exported line, in a fixed order (a new field must be added here). */
const TICKET_FIELDS = [
  'id',
  'number',
  'subject',
  'status',
  'priority',
  'requesterId',
  'assigneeId',
  'createdAt',
  'updatedAt',
  'messages',
] as const;
const MESSAGE_FIELDS = ['id', 'authorId', 'body', 'internal', 'createdAt'] as const;

interface ExportedMessage {
  id: string;
  authorId: string;
  body: string;
  internal: boolean;
  createdAt: string;
}
interface ExportedTicket {
  id: string;
  number: number;
  subject: string;
  status: string;
  priority: string;
  requesterId: string;
  assigneeId: string | null;
  createdAt: string;
  updatedAt: string;
  messages: ExportedMessage[];
}

/** A ticket as one canonical line: every field, its messages' every field, in a fixed order. */
function canonical(t: ExportedTicket): string {
  const messages = t.messages.map((m) => MESSAGE_FIELDS.map((f) => m[f]));
  return JSON.stringify([...TICKET_FIELDS.slice(0, -1).map((f) => t[f]), messages]);
}

/** One digest of every ticket, in the order given. */
function digest(tickets: readonly ExportedTicket[]): string {
  const hash = createHash('sha256');
  for (const t of tickets) hash.update(`${canonical(t)}\n`);
  return hash.digest('hex');
}

/**
 * What the database says the export must hold, read from the tables (not through the export's
 * own query): every ticket, oldest first, with its messages in the order they were written.
 */
async function expected(orgId: string): Promise<ExportedTicket[]> {
  // Instants as epoch milliseconds, formatted here: the export's ISO text must be the same instant.
  const iso = (ms: string) => new Date(Number(ms)).toISOString();
  const tickets = await db<
    {
      id: string;
      number: number;
      subject: string;
      status: string;
      priority: string;
      requester_id: string;
      assignee_id: string | null;
      created_ms: string;
      updated_ms: string;
    }[]
  >`
    select id, number, subject, status::text, priority::text, requester_id, assignee_id,
           (extract(epoch from created_at) * 1000)::bigint as created_ms,
           (extract(epoch from updated_at) * 1000)::bigint as updated_ms
      from tickets where org_id = ${orgId} order by created_at, id`;
  const messages = await db<
    {
      id: string;
      ticket_id: string;
      author_id: string;
      body: string;
      internal: boolean;
      created_ms: string;
    }[]
  >`
    select id, ticket_id, author_id, body, internal,
           (extract(epoch from created_at) * 1000)::bigint as created_ms
      from messages where org_id = ${orgId} order by ticket_id, created_at, id`;
  const byTicket = Map.groupBy(messages, (m) => m.ticket_id);
  return tickets.map((t) => ({
    id: t.id,
    number: t.number,
    subject: t.subject,
    status: t.status,
    priority: t.priority,
    requesterId: t.requester_id,
    assigneeId: t.assignee_id,
    createdAt: iso(t.created_ms),
    updatedAt: iso(t.updated_ms),
    messages: (byTicket.get(t.id) ?? []).map((m) => ({
      id: m.id,
      authorId: m.author_id,
      body: m.body,
      internal: m.internal,
      createdAt: iso(m.created_ms),
    })),
  }));
}

describe('organization export (a job flow)', () => {
  test('≥ 5,000 tickets export completely, through a SIGKILL of the workers mid-flow; one link is mailed, one event announced', async () => {
    const t = await team();
    await fill(t.orgId, t.requester.user.id, t.agent.user.id);
    const truth = await expected(t.orgId);
    expect(truth).toHaveLength(TICKETS);
    const parts = Math.floor(TICKETS / 1000) + 1;
    const base = `/api/v1/orgs/${t.orgId}/exports`;
    expect((await call(base, { method: 'POST', token: t.agent.token })).status).toBe(403);

    const live = await subscribed(t.admin.token, t.orgId);
    const queue = exportJobs.queue;
    const workers = await Promise.all(WORKERS.map(processInfo));
    // The kill must land mid-flow whatever the machine's speed: the parts run one at a time
    // (global concurrency 1), each held at its query by a lock of the test's, and the queue is
    // paused while the first one finishes, so that no other part follows it. Nothing runs yet.
    await queue.setGlobalConcurrency(1);
    await queue.pause();

    const started = await call(base, { method: 'POST', token: t.admin.token });
    expect(started.status).toBe(202);
    expect(started.body.status).toBe('running');
    const exportId: string = started.body.id;
    const again = await call(base, { method: 'POST', token: t.owner.token });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('export_running');
    // The relay queues the flow (the assembly and its parts) from the export's event.
    const assembly = `export-${exportId}`;
    await eventually(async () => (await queue.getJob(assembly)) ?? undefined, 30_000);
    // …and records how many parts it planned (what an abandoned export's purge removes), in
    // its transaction: committed a moment after the job is in Valkey.
    const planned = await eventually(async () => {
      const [row] = await db<{ parts: number | null }[]>`
        select parts from exports where id = ${exportId}`;
      return row?.parts ?? undefined;
    });
    expect(planned).toBe(parts);
    const partStates = () =>
      Promise.all(
        Array.from({ length: parts }, async (_, n) =>
          (await queue.getJob(`${assembly}-part-${n}`))?.getState(),
        ),
      );

    // One part runs to its end, and only that one.
    const first = await holdParts();
    await queue.resume();
    await stoppedPart(first);
    await queue.pause();
    await first.release();
    await eventually(async () => (await partStates()).includes('completed'), 30_000);

    // The next part starts and is stopped in its query: both workers are killed there.
    const second = await holdParts();
    await queue.resume();
    await stoppedPart(second);
    await Promise.all(WORKERS.map(killInstance));
    // Mid-flow: while the lock is held no part can finish (the restarted workers' would wait on
    // it too), so what is read now is what the kill left.
    const [row] = await db<{ status: string }[]>`select status from exports where id = ${exportId}`;
    expect(row?.status).toBe('running');
    const atKill = await partStates();
    expect(atKill.filter((s) => s === 'completed')).toHaveLength(1); // the first, alone
    expect(await (await queue.getJob(assembly))?.getState()).toBe('waiting-children');
    await second.release();
    await queue.removeGlobalConcurrency();

    const ready = await eventually(
      async () => {
        const res = await call(`${base}/${exportId}`, { token: t.admin.token });
        return res.body.status === 'ready' ? res : undefined;
      },
      120_000,
      500,
    );
    const after = await Promise.all(WORKERS.map(processInfo));
    expect(after.map((w) => w.pid)).not.toEqual(workers.map((w) => w.pid)); // they were restarted
    // Every part, the one killed mid-job included.
    expect(await partStates()).toEqual(Array.from({ length: parts }, () => 'completed'));
    expect(ready.body.lines).toBe(TICKETS);

    const file = await fetch(ready.body.url, { tls: CA ? { ca: CA } : {} });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/gzip');
    const gzipped = new Uint8Array(await file.arrayBuffer());
    expect(gzipped.byteLength).toBe(ready.body.bytes);
    const content = Bun.gunzipSync(gzipped);
    expect(createHash('sha256').update(content).digest('hex')).toBe(ready.body.sha256);
    const all = new TextDecoder()
      .decode(content)
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    // The tickets, then the audit section (helpdesk/tests/api/audit-exports verifies it).
    const auditAt = all.findIndex((l) => 'auditTrail' in l);
    expect(auditAt).toBe(TICKETS);
    expect(all.slice(auditAt + 1).every((l) => 'auditEntry' in l)).toBe(true);
    const lines = all.slice(0, auditAt) as unknown as ExportedTicket[];
    expect(lines).toHaveLength(TICKETS);
    expect(new Set(lines.map((l) => l.id)).size).toBe(TICKETS); // none twice
    // Exactly the fields the digest covers: a field added to the export must be added here.
    expect(new Set(lines.map((l) => Object.keys(l).join()))).toEqual(
      new Set([TICKET_FIELDS.join()]),
    );
    expect(new Set(lines.flatMap((l) => l.messages.map((m) => Object.keys(m).join())))).toEqual(
      new Set([MESSAGE_FIELDS.join()]),
    );
    // Every field of every ticket and message, in the file's order, as the database holds it
    // (the first line that differs, if any, says where).
    const differs = lines.findIndex((l, i) => !truth[i] || canonical(l) !== canonical(truth[i]));
    expect(differs < 0 ? null : { line: differs, got: lines[differs], want: truth[differs] }).toBe(
      null,
    );
    expect(digest(lines)).toBe(digest(truth));
    // The parts are gone once assembled: removed just after the export is marked ready (so that a
    // run killed in between leaves them to its rerun), hence possibly after the answer above.
    const dir = partsDir(t.orgId, exportId);
    const partsLeft = () => (existsSync(dir) ? readdirSync(dir) : []);
    // Given up after a while without failing here: the assertion says what is left.
    await eventually(() => partsLeft().length === 0).catch(() => undefined);
    expect(partsLeft()).toEqual([]);

    // One event to the organization's staff, and one mail, to whoever asked, with a link that
    // serves the same file.
    await live.until((all) => all.some((e) => e.type === 'export.ready'));
    // A later event of the same organization: its stream is ordered, so a second
    // export.ready relayed meanwhile would have arrived before it.
    const marker = await openTicket(t.requester, t.orgId, { subject: 'After the export' });
    await live.until((all) =>
      all.some((e) => e.type === 'ticket.created' && e.data.ticket.id === marker.id),
    );
    expect(live.of('export.ready').map((e) => e.data)).toEqual([
      { exportId, requestedBy: t.admin.user.id, lines: TICKETS, bytes: ready.body.bytes },
    ]);
    live.socket.disconnect();

    const exportMail = (m: { template: string }) => m.template === 'export-ready';
    const [mail] = await waitForMail(t.admin.email, 1, exportMail);
    // Nothing can send it again once its job (one per export) has ended: then count.
    await eventually(async () => {
      const job = await emailJobs.queue.getJob(`export-ready-${exportId}`);
      return (await job?.getState()) === 'completed';
    }, 30_000);
    expect((await mailTo(t.admin.email)).filter(exportMail)).toHaveLength(1);
    const link = mail?.text.match(/https?:\/\/\S+/)?.[0] ?? '';
    const mailed = await fetch(link, { tls: CA ? { ca: CA } : {} });
    expect(mailed.status).toBe(200);
    expect(new Uint8Array(await mailed.arrayBuffer())).toEqual(gzipped);
    // Done: another export may start (and is let finish, so that no later test meets its jobs).
    const next = await call(base, { method: 'POST', token: t.admin.token });
    expect(next.status).toBe(202);
    await eventually(
      async () =>
        (await call(`${base}/${next.body.id}`, { token: t.admin.token })).body.status === 'ready',
      120_000,
    );
  }, 300_000);

  test('a part is written byte for byte as one statement wrote it, a long thread paged', async () => {
    const t = await team();
    await fill(t.orgId, t.requester.user.id, t.agent.user.id);
    // The statement exports ran before they were streamed: each ticket's line one value.
    const iso = (column: string) =>
      `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
    const whole = await db.unsafe<{ line: string }[]>(
      `select json_build_object(
                'id', t.id, 'number', t.number, 'subject', t.subject, 'status', t.status,
                'priority', t.priority, 'requesterId', coalesce(t.requester_id, t.contact_id),
                'assigneeId', t.assignee_id, 'createdAt', ${iso('t.created_at')},
                'updatedAt', ${iso('t.updated_at')},
                'messages', coalesce((
                  select json_agg(json_build_object(
                           'id', m.id, 'authorId', coalesce(m.author_id, m.author_contact_id),
                           'body', m.body, 'internal', m.internal, 'createdAt', ${iso('m.created_at')})
                           order by m.created_at, m.id)
                    from messages m where m.ticket_id = t.id), '[]'::json))::text as line
         from tickets t where t.org_id = $1 order by t.created_at, t.id`,
      [t.orgId],
    );
    let streamed = '';
    const lines = await writeExportPart(
      drizzle(db) as unknown as Executor,
      t.orgId,
      { after: null, until: null },
      async (text) => {
        streamed += text;
      },
    );
    expect(lines).toBe(TICKETS);
    expect(streamed === whole.map((r) => `${r.line}\n`).join('')).toBe(true);
  }, 120_000);

  test('an export larger than the workers may hold is written as it is read: their memory grows by less than it', async () => {
    const t = await team();
    // 80 tickets of 100 messages of 20,000 characters (the most a body may have): 160 MB of
    // bodies, in one part (a part is 1,000 tickets).
    const body = 'x'.repeat(19_000) + ESCAPED.repeat(20);
    await db`
      insert into tickets (id, org_id, number, subject, status, priority, requester_id, created_at, updated_at)
      select gen_random_uuid(), ${t.orgId}, g, 'Large ' || g, 'open', 'normal', ${t.requester.user.id},
             now() - (g || ' seconds')::interval, now()
        from generate_series(1, 80) g`;
    await db`
      insert into messages (id, org_id, ticket_id, author_id, body, internal, created_at)
      select gen_random_uuid(), ${t.orgId}, t.id, ${t.agent.user.id}, left(k || ${body}, 20000), false,
             t.created_at + (k || ' milliseconds')::interval
        from tickets t cross join generate_series(1, 100) k
       where t.org_id = ${t.orgId}`;
    const [size] = await db<{ bytes: string }[]>`
      select sum(octet_length(body))::bigint as bytes from messages where org_id = ${t.orgId}`;
    const exported = Number(size?.bytes) / 2 ** 20;
    expect(exported).toBeGreaterThan(150);

    const workers = await Promise.all(WORKERS.map(processInfo));
    const memory = rssPeaks(workers.map((w) => w.pid ?? 0));
    const base = `/api/v1/orgs/${t.orgId}/exports`;
    let ready: Awaited<ReturnType<typeof call<{ url: string; sha256: string }>>>;
    let sampled: ReturnType<typeof memory.stop>;
    try {
      const started = await call(base, { method: 'POST', token: t.admin.token });
      expect(started.status).toBe(202);
      ready = await eventually(
        async () => {
          const res = await call(`${base}/${started.body.id}`, { token: t.admin.token });
          return res.body.status === 'ready' ? res : undefined;
        },
        120_000,
        500,
      );
    } finally {
      sampled = memory.stop();
    }
    console.log(`export of ${exported.toFixed(0)} MiB of bodies: worker RSS ${sampled.text}`);
    // Held whole (as before), the part's text alone was the export's size, and the assembly held
    // its bytes twice more. Written as read, a page at a time: 40–90 MiB here (mostly garbage
    // between collections), and as much for half the size.
    expect(Math.max(...sampled.growth)).toBeLessThan(exported);
    const after = await Promise.all(WORKERS.map(processInfo));
    expect(after.map((w) => w.restarts)).toEqual(workers.map((w) => w.restarts));

    const file = await fetch(ready.body.url, { tls: CA ? { ca: CA } : {} });
    const content = Bun.gunzipSync(new Uint8Array(await file.arrayBuffer()));
    expect(createHash('sha256').update(content).digest('hex')).toBe(ready.body.sha256);
    const text = new TextDecoder().decode(content);
    const lines = text.slice(0, text.indexOf('{"auditTrail"')).trimEnd().split('\n');
    expect(lines).toHaveLength(80);
    expect(digest(lines.map((l) => JSON.parse(l) as ExportedTicket))).toBe(
      digest(await expected(t.orgId)),
    );
  }, 180_000);

  test('an export past EXPORT_MAX_BYTES fails at once: its part tried once, the export failed, no part left', async () => {
    const t = await team();
    // One ticket of 200 messages of 20,000 hex characters: ~2.2 MB gzipped, in the one part,
    // against a bound of 1 MiB (the least the setting takes).
    await db`
      insert into tickets (id, org_id, number, subject, status, priority, requester_id, created_at, updated_at)
      values (gen_random_uuid(), ${t.orgId}, 1, 'Over the bound', 'open', 'normal',
              ${t.requester.user.id}, now(), now())`;
    await db`
      insert into messages (id, org_id, ticket_id, author_id, body, internal, created_at)
      select gen_random_uuid(), ${t.orgId}, t.id, ${t.agent.user.id},
             (select string_agg(md5(random()::text || k || g), '') from generate_series(1, 625) g),
             false, t.created_at + (k || ' milliseconds')::interval
        from tickets t cross join generate_series(1, 200) k
       where t.org_id = ${t.orgId}`;
    // The stack's workers give way to one bounded at 1 MiB.
    await stack('stop', 'worker');
    let bounded: Awaited<ReturnType<typeof startInstance>> | undefined;
    try {
      bounded = await startInstance('worker', 7, { EXPORT_MAX_BYTES: String(2 ** 20) });
      const base = `/api/v1/orgs/${t.orgId}/exports`;
      const started = await call<{ id: string }>(base, { method: 'POST', token: t.admin.token });
      expect(started.status).toBe(202);
      const exportId = started.body.id;
      // Five attempts of the part (2 + 4 + 8 + 16 s apart), then five of the assembly, took
      // a minute before; the export is failed as soon as the part's first attempt is.
      const failed = await eventually(
        async () => {
          const res = await call<{ status: string }>(`${base}/${exportId}`, {
            token: t.admin.token,
          });
          return res.body.status === 'running' ? undefined : res.body;
        },
        15_000,
        200,
      );
      expect(failed.status).toBe('failed');
      const jobs = await exportJobs.queue.getJobs(['failed', 'completed', 'delayed', 'wait']);
      const part = jobs.find((j) => j.name === 'part' && j.data.exportId === exportId);
      expect(await part?.getState()).toBe('failed');
      expect(part?.attemptsMade).toBe(1);
      expect(part?.failedReason).toContain(`passed ${2 ** 20} bytes`);
      // The assembly still runs (a failed part does not hold it), finds the export failed and
      // leaves no part behind; no file was written.
      const assembly = await eventually(async () => {
        const all = await exportJobs.queue.getJobs(['completed']);
        return all.find((j) => j.name === 'assemble' && j.data.exportId === exportId);
      }, 15_000);
      expect(assembly.returnvalue).toEqual({ skipped: 'failed' });
      const dir = partsDir(t.orgId, exportId);
      expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([]);
    } finally {
      await bounded?.stop();
      await stack('start', 'worker');
    }
  }, 150_000);

  test('an export that lost its jobs is failed a day after it was asked for, its parts removed: the organization may export again', async () => {
    const t = await team();
    // As Valkey losing the flow leaves it: running, planned in three parts of which two were
    // written, with no job left to finish it.
    const [abandoned, recent] = [Bun.randomUUIDv7(), Bun.randomUUIDv7()];
    await db`insert into exports (id, org_id, requested_by, status, parts, created_at)
             values (${abandoned}, ${t.orgId}, ${t.admin.user.id}, 'running', 3, now() - interval '25 hours')`;
    const dir = partsDir(t.orgId, abandoned);
    mkdirSync(dir, { recursive: true });
    for (const part of [0, 1])
      writeFileSync(join(dir, `part-${part}.jsonl.gz`), Bun.gzipSync('{}\n'));
    const base = `/api/v1/orgs/${t.orgId}/exports`;
    expect((await call(base, { method: 'POST', token: t.admin.token })).status).toBe(409);
    // Another organization's export, running for a minute, is left alone.
    const other = await team();
    await db`insert into exports (id, org_id, requested_by, status, created_at)
             values (${recent}, ${other.orgId}, ${other.admin.user.id}, 'running', now() - interval '1 minute')`;
    try {
      const purge = await maintenanceJobs.handle.add('purge', {});
      const removed = (await maintenanceJobs.finished(purge)) as Record<string, number>;
      expect(removed.abandonedExports).toBeGreaterThanOrEqual(1);
      const rows = await db<{ id: string; status: string }[]>`
        select id, status from exports where id in (${abandoned}, ${recent})`;
      expect(Object.fromEntries(rows.map((r) => [r.id, r.status]))).toEqual({
        [abandoned]: 'failed',
        [recent]: 'running',
      });
      expect(readdirSync(dir)).toEqual([]);
      expect((await call(base, { method: 'POST', token: t.admin.token })).status).toBe(202);
    } finally {
      await db`update exports set status = 'failed', finished_at = now() where id = ${recent}`;
    }
  });

  test('an assembly run again after its export is ready removes the parts a killed run left behind', async () => {
    const t = await team();
    // As a run leaves it when killed between marking the export ready and removing the parts.
    const exportId = Bun.randomUUIDv7();
    await db`insert into exports (id, org_id, requested_by, status, finished_at)
             values (${exportId}, ${t.orgId}, ${t.admin.user.id}, 'ready', now())`;
    const dir = partsDir(t.orgId, exportId);
    mkdirSync(dir, { recursive: true });
    for (const part of [0, 1])
      writeFileSync(join(dir, `part-${part}.jsonl.gz`), Bun.gzipSync('{}\n'));
    await exportJobs.events.waitUntilReady(); // a job this quick would finish before it listens
    const job = await exportJobs.handle.add('assemble', { exportId, orgId: t.orgId, parts: 2 });
    expect(await exportJobs.finished(job)).toEqual({ skipped: 'ready' });
    expect(readdirSync(dir)).toEqual([]);
  });
});
