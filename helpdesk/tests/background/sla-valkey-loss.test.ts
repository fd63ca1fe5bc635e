import { afterAll, beforeAll, expect, test } from 'bun:test';
import { EPOCH_KEY } from '@insightdesk/shared/valkey';
import { eventually, restoreValkey } from '../../../tests/support/stack';
import { desk, open, type SlaHarness, slaHarness, standard } from './sla-support';

// A ticket's check job can be due weeks after the change that scheduled it, and the outbox keeps
// relayed rows for a week: after that, nothing in the outbox would re-drive it when Valkey loses
// its data. The help desk queues every pending check again from `ticket_slas` (its recovery,
// run by the platform's epoch watch before the outbox's re-drive).
let b: SlaHarness;
beforeAll(async () => {
  b = await slaHarness();
});
afterAll(async () => {
  await restoreValkey();
  await b.close();
});

test('a check whose change the outbox let go of is queued again, as it was, when Valkey loses its data', async () => {
  // Due ten minutes after the ticket opens (the harness's business minute lasts one second).
  const d = await desk([
    standard({
      targets: { firstResponse: 600, nextResponse: null, resolution: null },
      warningMinutes: null,
    }),
  ]);
  const ticket = await open(d);
  const pending = await eventually(async () => {
    const [row] = await b.sql<{ version: number; job_id: string | null }[]>`
      select version, job_id from ticket_slas where ticket_id = ${ticket.id}`;
    return row?.job_id?.startsWith(`sla-${ticket.id}-${row.version}-`)
      ? { version: row.version, jobId: row.job_id }
      : undefined;
  });
  const queued = await eventually(
    async () => (await b.sla.queue.getJob(pending.jobId)) ?? undefined,
  );
  expect(await queued.getState()).toBe('delayed');
  // Every row of the organization relayed, then gone, as the purge lets them go after a week.
  await eventually(async () => {
    const [row] = await b.sql<{ n: number }[]>`
      select count(*)::int as n from outbox where org_id = ${d.owner.orgId} and relayed_at is null`;
    return row?.n === 0;
  });
  await b.sql`delete from outbox where org_id = ${d.owner.orgId}`;

  const before = String(await b.sla.connection.get(EPOCH_KEY));
  await b.sla.connection.flushall();
  expect(await b.sla.queue.getJob(pending.jobId)).toBeUndefined();
  // A new epoch, recovered (the outbox's re-drive after the checks: it may take a while here).
  await eventually(
    async () => {
      const now = String(await b.sla.connection.get(EPOCH_KEY));
      return now.startsWith('done ') && now !== before;
    },
    300_000,
    500,
  );
  const again = await b.sla.queue.getJob(pending.jobId);
  expect(again?.name).toBe('check');
  expect(again?.data).toEqual(queued.data);
  expect(await again?.getState()).toBe('delayed');
  // It runs when it was to run: the ticket's instant, not the recovery's.
  // (BullMQ stamps the job a moment after the delay is computed: a few ms apart at most.)
  const runsAt = (again?.timestamp ?? 0) + (again?.delay ?? 0);
  expect(Math.abs(runsAt - queued.data.at)).toBeLessThan(1000);
}, 400_000);
