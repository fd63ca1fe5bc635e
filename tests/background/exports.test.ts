import { afterAll, describe, expect, test } from 'bun:test';
import { createHash } from 'node:crypto';
import { dbConfig, loadConfig, valkeyConfig } from '@insightdesk/shared/config';
import { createLogger } from '@insightdesk/shared/logger';
import { QUEUE_PREFIX } from '@insightdesk/shared/queues';
import { createValkey } from '@insightdesk/shared/valkey';
import { QueueEvents } from 'bullmq';
import postgres from 'postgres';
import { team } from '../support/api';
import { call } from '../support/http';
import { waitForMail } from '../support/mail';
import { CA, eventually, processInfo, ROOT, stack } from '../support/stack';

const config = loadConfig({ db: dbConfig, valkey: valkeyConfig }, { dir: ROOT });
const db = postgres(config.db.url, { max: 2, onnotice: () => {} });
const logger = createLogger({ service: 'test', instance: 'test', level: 'silent', format: 'json' });
const TICKETS = 5_300;

afterAll(async () => {
  await stack('start', 'worker');
  await db.end();
});

/** Many tickets at once, straight into the organization (the API would take minutes). */
async function fill(orgId: string, requesterId: string, agentId: string) {
  await db`
    insert into tickets (id, org_id, number, subject, requester_id, created_at, updated_at)
    select gen_random_uuid(), ${orgId}, 1000 + g, 'Bulk ticket ' || g, ${requesterId},
           now() - (g || ' seconds')::interval, now()
      from generate_series(1, ${TICKETS}) g`;
  await db`
    insert into messages (id, org_id, ticket_id, author_id, body, internal)
    select gen_random_uuid(), ${orgId}, t.id, ${agentId}, 'Answer to ' || t.subject, t.number % 20 = 0
      from tickets t where t.org_id = ${orgId} and t.number % 7 = 0`;
}

/** What the database says the export must hold: every ticket with its number of messages. */
async function fingerprint(orgId: string): Promise<string> {
  const rows = await db<{ id: string; n: number }[]>`
    select t.id, count(m.id)::int as n from tickets t left join messages m on m.ticket_id = t.id
     where t.org_id = ${orgId} group by t.id order by t.id`;
  return createHash('sha256')
    .update(rows.map((r) => `${r.id}:${r.n}`).join('\n'))
    .digest('hex');
}

describe('organization export (a job flow)', () => {
  test('≥ 5,000 tickets export completely, through a SIGKILL of the workers mid-flow; one link is mailed', async () => {
    const t = await team();
    await fill(t.orgId, t.requester.user.id, t.agent.user.id);
    const base = `/api/v1/orgs/${t.orgId}/exports`;
    expect((await call(base, { method: 'POST', token: t.agent.token })).status).toBe(403);

    // Kill every worker as soon as the first part is done: the rest of the flow is in flight.
    const events = new QueueEvents('exports', {
      connection: createValkey({
        url: config.valkey.url,
        name: 'tests-exports',
        role: 'blocking',
        logger,
      }),
      prefix: QUEUE_PREFIX,
    });
    await events.waitUntilReady();
    const firstPart = new Promise<void>((resolve) => events.on('completed', () => resolve()));
    const started = await call(base, { method: 'POST', token: t.admin.token });
    expect(started.status).toBe(202);
    expect(started.body.status).toBe('running');
    const again = await call(base, { method: 'POST', token: t.owner.token });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('export_running');

    await firstPart;
    const workers = await Promise.all(['worker-1', 'worker-2'].map(processInfo));
    for (const w of workers) if (w.pid) process.kill(w.pid, 'SIGKILL');
    await events.close();

    const ready = await eventually(
      async () => {
        const res = await call(`${base}/${started.body.id}`, { token: t.admin.token });
        return res.body.status === 'ready' ? res : undefined;
      },
      120_000,
      500,
    );
    const after = await Promise.all(['worker-1', 'worker-2'].map(processInfo));
    expect(after.map((w) => w.pid)).not.toEqual(workers.map((w) => w.pid)); // they were restarted
    expect(ready.body.lines).toBe(TICKETS);

    const file = await fetch(ready.body.url, { tls: CA ? { ca: CA } : {} });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/gzip');
    const content = Bun.gunzipSync(new Uint8Array(await file.arrayBuffer()));
    expect(createHash('sha256').update(content).digest('hex')).toBe(ready.body.sha256);
    const lines = new TextDecoder()
      .decode(content)
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string; number: number; messages: unknown[] });
    expect(lines).toHaveLength(TICKETS);
    expect(new Set(lines.map((l) => l.id)).size).toBe(TICKETS); // none twice
    const exported = createHash('sha256')
      .update(
        lines
          .map((l) => `${l.id}:${l.messages.length}`)
          .sort()
          .join('\n'),
      )
      .digest('hex');
    expect(exported).toBe(await fingerprint(t.orgId));

    // One mail, to whoever asked, with a link that serves the same file.
    const [mail] = await waitForMail(t.admin.email, 1, (m) => m.template === 'export-ready');
    await Bun.sleep(1000);
    expect((await waitForMail(t.admin.email, 1, (m) => m.template === 'export-ready')).length).toBe(
      1,
    );
    const link = mail?.text.match(/https?:\/\/\S+/)?.[0] ?? '';
    const mailed = await fetch(link, { tls: CA ? { ca: CA } : {} });
    expect(mailed.status).toBe(200);
    expect((await mailed.arrayBuffer()).byteLength).toBe(ready.body.bytes);
    // Done: another export may start.
    expect((await call(base, { method: 'POST', token: t.admin.token })).status).toBe(202);
  }, 180_000);
});
