import { afterAll, beforeAll, expect, test } from 'bun:test';
import { killInstance, lockHolder } from '../../../tests/support/deliveries';
import { eventually, processInfo, stack } from '../../../tests/support/stack';
import {
  desk,
  events,
  firings,
  MINUTE,
  open,
  type SlaHarness,
  slaHarness,
  standard,
} from './sla-support';

// A worker killed in the middle of firing a breach (sla-support.ts: targets in seconds): the
// firing's row and its event are one transaction, so the job taken over after the restart
// fires it once.
let b: SlaHarness;
beforeAll(async () => {
  b = await slaHarness();
});
afterAll(async () => {
  await stack('start', 'worker-1', 'worker-2').catch(() => undefined);
  await b.close();
});

test('a worker SIGKILLed at the moment of a breach: it fires once after the restart', async () => {
  const d = await desk([standard({ warningMinutes: null })]);
  // The check stops at its lock of the ticket's timers, held by this test.
  const holder = await lockHolder(b.sql);
  let ticketId = '';
  try {
    const ticket = await open(d);
    ticketId = ticket.id;
    // Once the relay has scheduled the check of the timers' last version (it takes the lock too).
    await eventually(async () => {
      const [row] = await b.sql<{ version: number; job_id: string | null }[]>`
          select version, job_id from ticket_slas where ticket_id = ${ticket.id}`;
      return row?.job_id?.startsWith(`sla-${ticket.id}-${row.version}-`);
    });
    await holder.sql`select 1 from ticket_slas where ticket_id = ${ticket.id} for update`;
    const stopped = await eventually(async () => {
      const waiting = await holder.blocked();
      return waiting.find((w) => w.instance.startsWith('worker'));
    }, 20_000);
    await killInstance(stopped.instance);
  } finally {
    await holder.release();
  }
  // Its job is stalled: taken over by a worker once its lock lapses.
  await eventually(async () => (await firings(b, ticketId)).length === 1, 40_000);
  await eventually(async () => (await processInfo('worker-1')).ready || undefined, 30_000);
  await eventually(async () => (await processInfo('worker-2')).ready || undefined, 30_000);
  await Bun.sleep(2 * MINUTE);
  expect(await firings(b, ticketId)).toEqual([{ target: 'firstResponse', kind: 'breached' }]);
  expect(await events(b, ticketId)).toEqual([{ type: 'sla.breached', target: 'firstResponse' }]);
}, 90_000);
