import { afterAll, expect, test } from 'bun:test';
import { team } from '../../../tests/support/api';
import { deployment } from '../../../tests/support/deployment';
import { call } from '../../../tests/support/http';
import { queueClient } from '../../../tests/support/queues';
import { openTicket } from '../support/tickets';

// The help desk's job on the platform's maintenance queue: scheduled, and what it rolls up is what
// the analytics summary answers.

const maintenance = queueClient(deployment.queues.maintenance);
afterAll(() => maintenance.close());

test('the analytics rollup is scheduled, and feeds the summary', async () => {
  const schedulers = await maintenance.queue.getJobSchedulers();
  expect(schedulers.map((s) => s.key)).toContain('analytics-rollup');

  const t = await team();
  await openTicket(t.requester, t.orgId);
  const rollup = await maintenance.handle.add('analytics-rollup', {});
  const result = (await maintenance.finished(rollup)) as { organizations: number };
  expect(result.organizations).toBeGreaterThan(0);
  const summary = await call(`/api/v1/orgs/${t.orgId}/analytics/summary`, {
    token: t.admin.token,
  });
  expect(summary.status).toBe(200);
  expect(summary.body.byStatus.open).toBe(1);
});
