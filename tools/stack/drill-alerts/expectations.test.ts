import { expect, test } from 'bun:test';
import type { ReceivedAlert } from '../monitoring/receiver';
import { checkHistory, firstReceived, type Outcome } from './expectations';

// The alert drill's history check: an expected alert counts as fired only by a notification
// after its fault began, as resolved only by one after it fired; the summary's figures.

const at = (ms: number) => new Date(ms).toISOString();
const alert = (
  alertname: string,
  status: ReceivedAlert['status'],
  ms: number,
  labels: Record<string, string> = {},
): ReceivedAlert => ({
  receivedAt: at(ms),
  status,
  alertname,
  severity: 'page',
  labels,
  summary: '',
  startsAt: '',
  endsAt: '',
  fingerprint: alertname,
});

test('the first notification of a status, of the right labels, after a moment', () => {
  const alerts = [
    alert('QueueStalled', 'firing', 1000, { queue: 'email' }),
    alert('QueueStalled', 'firing', 5000, { queue: 'maintenance' }),
    alert('QueueStalled', 'resolved', 9000, { queue: 'maintenance' }),
  ];
  const stalled = { alert: 'QueueStalled', labels: { queue: 'maintenance' } };
  expect(firstReceived(alerts, stalled, 'firing', 0)?.receivedAt).toBe(at(5000));
  expect(firstReceived(alerts, stalled, 'firing', 6000)).toBeUndefined();
  expect(firstReceived(alerts, stalled, 'resolved', 5000)?.receivedAt).toBe(at(9000));
});

test('fired and resolved counts, the slowest to fire, the others that fired, what is missing', () => {
  const outcomes: Outcome[] = [
    { alert: 'A', fault: 'one', injectedAt: 0, firedAt: 4000, endedAt: 5000, resolvedAt: 6000 },
    {
      alert: 'B',
      fault: 'one',
      injectedAt: 0,
      firedAt: 14_000,
      endedAt: 15_000,
      resolvedAt: 40_000,
    },
    { alert: 'C', fault: 'two', injectedAt: 50_000, firedAt: 52_000, endedAt: 53_000 },
    { alert: 'D', fault: 'two', injectedAt: 50_000 },
  ];
  const history = checkHistory(outcomes, [
    alert('A', 'firing', 4000),
    alert('Other', 'firing', 4500),
    alert('A', 'resolved', 6000),
  ]);
  expect(history).toMatchObject({ fired: 3, resolved: 2, total: 4, notifications: 3 });
  expect(history.slowestToFire?.o.alert).toBe('B');
  expect(history.slowestToFire?.s).toBe(14);
  expect(history.slowestToResolve?.o.alert).toBe('B');
  expect(history.alsoFired).toEqual(['Other']);
  expect(history.missing).toEqual(['C (two: never resolved)', 'D (two: never fired)']);
});
