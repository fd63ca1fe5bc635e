import { afterAll, describe, expect, test } from 'bun:test';
import { exportsQueue } from '@insightdesk/helpdesk';
import { dbConfig, loadConfig } from '@insightdesk/shared/config';
import postgres from 'postgres';
import { addMember, team } from '../../../tests/support/api';
import { deployment } from '../../../tests/support/deployment';
import { call } from '../../../tests/support/http';
import { mailTo, waitForMail } from '../../../tests/support/mail';
import { queueClient } from '../../../tests/support/queues';
import { connectClient, request, waitConnected } from '../../../tests/support/realtime';
import { eventually, ROOT } from '../../../tests/support/stack';
import { openTicket } from '../support/tickets';
import { storedFiles, upload } from '../support/uploads';

// One spelling per organization id: the lower-case form. Every other spelling of a UUID (the
// same organization for PostgreSQL) is refused where it enters — 404 for a path, a refusal on a
// socket, a 400 in a body — so caches, storage paths, quotas, flags and budgets only ever see
// the canonical one. And jobs acting for a member check the membership when they run.

const db = postgres(loadConfig({ db: dbConfig }, { dir: ROOT }).db.url, { max: 2 });
const exportJobs = queueClient(exportsQueue);
const emailJobs = queueClient(deployment.queues.email);
afterAll(async () => {
  await exportJobs.queue.resume();
  await emailJobs.queue.resume();
  await Promise.all([exportJobs.close(), emailJobs.close()]);
  await db.end();
});

/** The same UUID spelt otherwise: all upper case, alternating, the first half upper. */
const spellings = (id: string) => [
  id.toUpperCase(),
  [...id].map((ch, i) => (i % 2 ? ch.toUpperCase() : ch)).join(''),
  id.slice(0, 18).toUpperCase() + id.slice(18),
];

/** Whether `token` may see the organization through `orgId` on REST, a socket and exports. */
async function reach(token: string, orgId: string) {
  const socket = connectClient({ token });
  await waitConnected(socket);
  const subscribed = await request(socket, 'subscribe', { orgId } as { orgId: string });
  socket.disconnect();
  return {
    org: (await call(`/api/v1/orgs/${orgId}`, { token })).status,
    tickets: (await call(`/api/v1/orgs/${orgId}/tickets`, { token })).status,
    exports: (await call(`/api/v1/orgs/${orgId}/exports`, { method: 'POST', token })).status,
    socket: subscribed.ok,
  };
}

describe('one spelling per organization id', () => {
  test('a removed member gets 404 through every case variant of the id: REST, sockets and exports', async () => {
    const t = await team();
    const variants = spellings(t.orgId);
    // The attacker warms every spelling while still an admin (a cache keyed by the raw string
    // would keep a role for each).
    for (const id of variants) await reach(t.admin.token, id);
    const exportsStarted = await db`select id from exports where org_id = ${t.orgId}`;
    for (const row of exportsStarted)
      await db`update exports set status = 'failed' where id = ${row.id}`;

    const removed = await call(`/api/v1/orgs/${t.orgId}/members/${t.admin.user.id}`, {
      method: 'DELETE',
      token: t.owner.token,
    });
    expect(removed.status).toBe(204);
    for (const id of [t.orgId, ...variants]) {
      expect({ id, ...(await reach(t.admin.token, id)) }).toEqual({
        id,
        org: 404,
        tickets: 404,
        exports: 404,
        socket: false,
      });
    }
    const running =
      await db`select id from exports where org_id = ${t.orgId} and status = 'running'`;
    expect(running).toHaveLength(0);
  });

  test('a member too: any other spelling is 404 (REST), refused (socket, flags, bodies), and nothing is stored under it', async () => {
    const t = await team();
    const ticket = await openTicket(t.owner, t.orgId);
    const [upper = ''] = spellings(t.orgId);
    expect((await call(`/api/v1/orgs/${t.orgId}`, { token: t.owner.token })).status).toBe(200);
    expect((await call(`/api/v1/orgs/${upper}`, { token: t.owner.token })).status).toBe(404);
    expect(
      (
        await call(`/api/v1/orgs/${t.orgId}/tickets/${ticket.id.toUpperCase()}`, {
          token: t.owner.token,
        })
      ).status,
    ).toBe(404);
    // Per-organization flags: only the canonical id names an organization.
    expect((await call(`/api/v1/features?orgId=${upper}`, { token: t.owner.token })).status).toBe(
      404,
    );
    // The invitation quota and uploads are never keyed by another spelling: they are not reached.
    const invited = await call(`/api/v1/orgs/${upper}/invitations`, {
      token: t.owner.token,
      body: { email: 'someone@example.test', role: 'agent' },
    });
    expect(invited.status).toBe(404);
    const uploaded = await upload(
      t.owner.token,
      upper,
      ticket.id,
      new Blob(['plain text'], { type: 'text/plain' }),
      'note.txt',
    );
    expect(uploaded.status).toBe(404);
    expect(storedFiles(upper)).toEqual([]);
    // Ids in bodies and queries take the canonical form only.
    const assign = await call(`/api/v1/orgs/${t.orgId}/tickets/${ticket.id}`, {
      method: 'PATCH',
      token: t.owner.token,
      headers: { 'If-Match': '"1"' },
      body: { assigneeId: t.agent.user.id.toUpperCase() },
    });
    expect(assign.status).toBe(400);
    // Sockets: the payload's schema refuses it.
    const socket = connectClient({ token: t.owner.token });
    await waitConnected(socket);
    expect(await request(socket, 'subscribe', { orgId: upper })).toEqual({
      ok: false,
      error: 'invalid_request',
    });
    expect(
      await request(socket, 'ticket.watch', { orgId: t.orgId, ticketId: ticket.id.toUpperCase() }),
    ).toEqual({ ok: false, error: 'invalid_request' });
    expect((await request(socket, 'subscribe', { orgId: t.orgId })).ok).toBe(true);
    socket.disconnect();
  });
});

describe('jobs acting for a member check the membership when they run', () => {
  test('an export whose admin was removed before its jobs ran fails: no file, no mail', async () => {
    const t = await team();
    await openTicket(t.requester, t.orgId, { subject: 'Confidential' });
    await exportJobs.queue.pause();
    const started = await call(`/api/v1/orgs/${t.orgId}/exports`, {
      method: 'POST',
      token: t.admin.token,
    });
    expect(started.status).toBe(202);
    await eventually(
      async () => (await exportJobs.queue.getJob(`export-${started.body.id}`)) ?? undefined,
    );
    expect(
      (
        await call(`/api/v1/orgs/${t.orgId}/members/${t.admin.user.id}`, {
          method: 'DELETE',
          token: t.owner.token,
        })
      ).status,
    ).toBe(204);
    await exportJobs.queue.resume();
    const done = await eventually(async () => {
      const res = await call(`/api/v1/orgs/${t.orgId}/exports/${started.body.id}`, {
        token: t.owner.token,
      });
      return res.body.status !== 'running' ? res : undefined;
    }, 30_000);
    expect(done.body.status).toBe('failed');
    expect(done.body.url).toBeUndefined();
    // A mail sent after the export's end arrives; the export-ready one never did.
    const later = await addMember(t.owner, 'agent', 'Later');
    await waitForMail(later.email, 1);
    expect((await mailTo(t.admin.email)).filter((m) => m.template === 'export-ready')).toEqual([]);
  }, 60_000);

  test('the export-ready mail of an admin removed after the export was made is not sent', async () => {
    const t = await team();
    await openTicket(t.requester, t.orgId, { subject: 'Internal matters' });
    await emailJobs.queue.pause();
    try {
      const started = await call(`/api/v1/orgs/${t.orgId}/exports`, {
        method: 'POST',
        token: t.admin.token,
      });
      expect(started.status).toBe(202);
      await eventually(async () => {
        const res = await call(`/api/v1/orgs/${t.orgId}/exports/${started.body.id}`, {
          token: t.owner.token,
        });
        return res.body.status === 'ready';
      }, 30_000);
      await eventually(
        async () => (await emailJobs.queue.getJob(`export-ready-${started.body.id}`)) ?? undefined,
      );
      expect(
        (
          await call(`/api/v1/orgs/${t.orgId}/members/${t.admin.user.id}`, {
            method: 'DELETE',
            token: t.owner.token,
          })
        ).status,
      ).toBe(204);
    } finally {
      await emailJobs.queue.resume();
    }
    const job = await emailJobs.queue.getJob(
      `export-ready-${(await db`select id from exports where org_id = ${t.orgId}`)[0]?.id}`,
    );
    if (!job) throw new Error('no export-ready job');
    await emailJobs.finished(job);
    expect((await mailTo(t.admin.email)).filter((m) => m.template === 'export-ready')).toEqual([]);
  }, 60_000);
});
