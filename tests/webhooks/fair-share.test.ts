import { afterAll, expect, test } from 'bun:test';
import { registerOwner } from '../support/api';
import { eventually } from '../support/stack';
import { createWebhook, recordEvents, sql, startReceiver } from '../support/webhooks';

// A flood of events to one slow endpoint does not hold another organization's deliveries: the
// per-endpoint cap (WEBHOOK_ENDPOINT_CONCURRENCY) keeps the slow one to a few places in the queue
// and fair share puts the other organization's job near the head. The figure is printed, not
// asserted (speed is measured, not asserted).
const FLOOD = 100;
const receivers: { stop(): void }[] = [];
afterAll(() => {
  for (const r of receivers) r.stop();
});

test('one slow endpoint flooded with 100 events; another organization still gets its delivery', async () => {
  const [flooding, other] = await Promise.all([registerOwner('Flood'), registerOwner('Quiet')]);
  let inFlight = 0;
  let maxInFlight = 0;
  const slow = startReceiver(async () => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    await Bun.sleep(1000);
    inFlight--;
    return new Response('slow');
  });
  const quick = startReceiver();
  receivers.push(slow, quick);
  await createWebhook(flooding, slow.url);
  await createWebhook(other, quick.url);

  const flooded = Date.now();
  const ids = await recordEvents(flooding.orgId, FLOOD);
  // The relay hands rows over in order (one transaction per batch): the flood is in the queue
  // once its rows are relayed; what is measured is the queue's share, not the relay's order.
  await eventually(async () => {
    const [row] = await sql<{ n: number }[]>`
      select count(*)::int as n from outbox where id = any(${ids}) and relayed_at is not null`;
    return row?.n === ids.length;
  }, 90_000);
  const relayMs = Date.now() - flooded;
  await slow.waitFor(2);
  const sent = Date.now();
  await recordEvents(other.orgId);
  await quick.waitFor(1, 60_000);
  const waited = (quick.received[0]?.at ?? 0) - sent;
  const slowDone = slow.received.length;
  console.log(
    `other organization's delivery: ${waited} ms after its event (the slow endpoint had taken ${slowDone} of ${FLOOD}; at most ${maxInFlight} at once; the flood's ${FLOOD} rows took ${relayMs} ms to relay)`,
  );
  expect(quick.received).toHaveLength(1);
  // The cap holds: never more attempts at once to the slow endpoint than WEBHOOK_ENDPOINT_CONCURRENCY.
  expect(maxInFlight).toBeLessThanOrEqual(4);
  expect(slowDone).toBeLessThan(FLOOD);
  // Let some more go through, still capped.
  await eventually(() => slow.received.length >= slowDone + 8, 30_000);
  expect(maxInFlight).toBeLessThanOrEqual(4);
}, 120_000);
