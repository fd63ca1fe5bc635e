import { afterAll, expect, test } from 'bun:test';
import { registerOwner } from '../support/api';
import { call } from '../support/http';
import { subscribed } from '../support/realtime';
import { eventually, restoreValkey, stack } from '../support/stack';

afterAll(async () => {
  await restoreValkey();
});

test('with Valkey stopped a change still commits, and its event arrives once Valkey is back', async () => {
  const owner = await registerOwner();
  const client = await subscribed(owner.token, owner.orgId);
  await stack('stop', 'valkey');
  const res = await call(`/api/v1/orgs/${owner.orgId}/items`, {
    token: owner.token,
    body: { title: 'Written while Valkey is down' },
  });
  expect(res.status).toBe(201);
  await Bun.sleep(1000);
  expect(client.of('item.created')).toEqual([]);
  await restoreValkey();
  await eventually(() => client.of('item.created').length === 1, 20_000);
  expect(client.of('item.created')[0]?.data.item.id).toBe(res.body.id);
  await Bun.sleep(500);
  expect(client.of('item.created')).toHaveLength(1);
  client.socket.disconnect();
}, 60_000);
