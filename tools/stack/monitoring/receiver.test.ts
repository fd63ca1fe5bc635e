import { afterAll, expect, test } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readAlerts } from './alerts';
import { receivedAlerts, serveReceiver } from './receiver';

// The local receiver of Alertmanager's webhook: each alert of a notification, firing or
// resolved, one line each, read back as `./stack alerts` reads them.

const dir = mkdtempSync(join(tmpdir(), 'alert-receiver-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const notification = {
  version: '4',
  status: 'resolved',
  receiver: 'local',
  alerts: [
    {
      status: 'firing',
      labels: { alertname: 'QueueStalled', severity: 'page', queue: 'email' },
      annotations: { summary: 'Queue email is not moving', runbook_url: 'https://x#queuestalled' },
      startsAt: '2026-11-28T10:00:00Z',
      endsAt: '0001-01-01T00:00:00Z',
      fingerprint: 'a1',
    },
    {
      status: 'resolved',
      labels: { alertname: 'ValkeyDataLost', severity: 'ticket' },
      annotations: { summary: 'Valkey lost its data' },
      startsAt: '2026-11-28T10:00:00Z',
      endsAt: '2026-11-28T10:05:00Z',
      fingerprint: 'b2',
    },
  ],
};

test('each alert of a notification, by its own status, its name and severity apart from its labels', () => {
  const [stalled, lost] = receivedAlerts(
    notification as Parameters<typeof receivedAlerts>[0],
    new Date('2026-11-28T10:06:00Z'),
  );
  expect(stalled).toMatchObject({
    status: 'firing',
    alertname: 'QueueStalled',
    severity: 'page',
    labels: { queue: 'email' },
    summary: 'Queue email is not moving',
    receivedAt: '2026-11-28T10:06:00.000Z',
  });
  expect(lost).toMatchObject({ status: 'resolved', alertname: 'ValkeyDataLost', labels: {} });
});

test('served: what Alertmanager posts is appended, one line an alert; anything else is refused', async () => {
  const file = join(dir, 'alerts.jsonl');
  const server = serveReceiver(0, file);
  try {
    const url = `http://127.0.0.1:${server.port}`;
    expect((await fetch(`${url}/ready`)).status).toBe(200);
    const post = (body: string) => fetch(`${url}/alerts`, { method: 'POST', body });
    expect((await post(JSON.stringify(notification))).status).toBe(204);
    expect((await post('not json')).status).toBe(400);
    expect((await fetch(`${url}/elsewhere`, { method: 'POST', body: '{}' })).status).toBe(404);
    expect(readAlerts(file).map((a) => `${a.alertname} ${a.status}`)).toEqual([
      'QueueStalled firing',
      'ValkeyDataLost resolved',
    ]);
  } finally {
    server.stop(true);
  }
});
