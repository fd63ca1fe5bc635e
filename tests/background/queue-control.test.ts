import { describe, expect, test } from 'bun:test';
import { operatorToken, registerOwner, uniqueEmail } from '../support/api';
import { deployment } from '../support/deployment';
import { call } from '../support/http';
import { mailTo, waitForMail } from '../support/mail';

const queueCatalog = deployment.queues;

const catalogued = Object.values(queueCatalog)
  .map((q) => q.name)
  .sort();

describe('queue control for platform operators', () => {
  test('counts, workers, pause and resume through the API; a paused queue keeps its jobs', async () => {
    expect((await call('/api/v1/admin/queues')).status).toBe(401);
    const owner = await registerOwner('NotOperator');
    const denied = await call('/api/v1/admin/queues', { token: owner.token });
    expect(denied.status).toBe(403);
    expect(denied.body.code).toBe('platform_admins_only');

    const token = await operatorToken();
    const listed = await call('/api/v1/admin/queues', { token });
    expect(listed.status).toBe(200);
    const names = listed.body.queues.map((q: { name: string }) => q.name).sort();
    expect(names).toEqual(catalogued);
    const email = listed.body.queues.find((q: { name: string }) => q.name === 'email');
    expect(email.paused).toBe(false);
    expect(email.workers.map((w: { name: string }) => w.name).sort()).toEqual(
      expect.arrayContaining(['worker-1', 'worker-2']),
    );
    expect((await call('/api/v1/admin/queues/nope/pause', { method: 'POST', token })).status).toBe(
      404,
    );
    expect(
      (await call('/api/v1/admin/queues/email/pause', { method: 'POST', token: owner.token }))
        .status,
    ).toBe(403);

    const paused = await call('/api/v1/admin/queues/email/pause', { method: 'POST', token });
    expect(paused.status).toBe(200);
    expect(paused.body.paused).toBe(true);
    const invitee = uniqueEmail('paused');
    try {
      const invited = await call(`/api/v1/orgs/${owner.orgId}/invitations`, {
        token: owner.token,
        body: { email: invitee, role: 'agent' },
      });
      expect(invited.status).toBe(201);
      await Bun.sleep(3000);
      expect(await mailTo(invitee)).toEqual([]);
      const state = await call('/api/v1/admin/queues', { token });
      const held = state.body.queues.find((q: { name: string }) => q.name === 'email');
      expect(held.paused).toBe(true);
      expect(held.counts.wait + held.counts.prioritized).toBeGreaterThan(0);
    } finally {
      const resumed = await call('/api/v1/admin/queues/email/resume', { method: 'POST', token });
      expect(resumed.body.paused).toBe(false);
    }
    await waitForMail(invitee);
  }, 60_000);
});
