import { afterAll, expect, test } from 'bun:test';
import { createItem, PASSWORD, registerOwner } from '../support/api';
import { call } from '../support/http';
import { eventually, restoreValkey, stack } from '../support/stack';

afterAll(async () => {
  await restoreValkey();
});

test('with Valkey down, rate limiting and the role cache fail open and the API keeps serving', async () => {
  const owner = await registerOwner();
  await stack('stop', 'valkey');
  await eventually(async () => (await call('/health/ready')).status === 503);

  const login = await call('/api/v1/auth/login', {
    body: { email: owner.email, password: PASSWORD },
  });
  expect(login.status).toBe(200);
  const fresh = await registerOwner('Outage');
  const item = await createItem(fresh, fresh.orgId);
  const got = await call(`/api/v1/orgs/${fresh.orgId}/items/${item.id}`, {
    token: fresh.token,
  });
  expect(got.status).toBe(200);
  expect(got.headers.get('ratelimit-limit')).toBeNull();

  await restoreValkey();
  await eventually(async () => (await call('/health/ready')).status === 200);
  // Rate limiting resumes once the api's connection is back (the readiness above is only one
  // instance's answer).
  await eventually(async () => {
    const after = await call(`/api/v1/orgs/${fresh.orgId}/items/${item.id}`, {
      token: fresh.token,
    });
    return Number(after.headers.get('ratelimit-limit')) > 0;
  });
});
