import { expect, test } from 'bun:test';
import { loadConfig, realtimeConfig } from '@insightdesk/shared/config';
import { BASE_URL, CA, ROOT, servicePort } from '../support/stack';

const { connectionsPerIp } = loadConfig({ realtime: realtimeConfig }, { dir: ROOT }).realtime;

test('handshakes per client address are limited (the address nginx reports)', async () => {
  // Straight to ws-1 as nginx would call it, for a documentation-range address of our own.
  const ip = `198.51.100.${Math.floor(Math.random() * 250) + 1}`;
  const base = `http://127.0.0.1:${servicePort('ws', 1)}/socket.io/?EIO=4&transport=polling`;
  const handshake = () => fetch(base, { headers: { 'X-Real-IP': ip } });
  const statuses: number[] = [];
  const sids: string[] = [];
  while (statuses.length < connectionsPerIp + 20) {
    const answers = await Promise.all(Array.from({ length: 50 }, handshake));
    for (const res of answers) {
      statuses.push(res.status);
      const text = await res.text();
      const sid = text.match(/"sid":"([^"]+)"/)?.[1];
      if (sid) sids.push(sid);
    }
  }
  // Through nginx, a client's own X-Real-IP is replaced by its address: that exhausted budget
  // is not the one it spends.
  const viaNginx = await fetch(`${BASE_URL}/socket.io/?EIO=4&transport=polling`, {
    headers: { 'X-Real-IP': ip },
    tls: CA ? { ca: CA } : {},
  });
  expect(viaNginx.status).toBe(200);
  await viaNginx.text(); // that session simply times out
  // Close the sessions we opened (engine.io close packet).
  await Promise.all(
    sids.map((sid) =>
      fetch(`${base}&sid=${sid}`, { method: 'POST', body: '1', headers: { 'X-Real-IP': ip } }),
    ),
  );
  expect(statuses.filter((s) => s === 200).length).toBe(connectionsPerIp);
  expect(statuses.filter((s) => s !== 200).length).toBeGreaterThanOrEqual(20);
  // Another address is not affected.
  expect((await fetch(base, { headers: { 'X-Real-IP': '198.51.100.251' } })).status).toBe(200);
}, 60_000);
