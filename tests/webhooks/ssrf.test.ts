import { afterAll, beforeAll, expect, test } from 'bun:test';
import { type Owner, registerOwner } from '../support/api';
import { call } from '../support/http';
import { eventually } from '../support/stack';
import {
  connectionCounter,
  createWebhook,
  deliveries,
  recordEvents,
  sql,
  startReceiver,
} from '../support/webhooks';

// The SSRF guard at connect time: whatever a URL names, the worker resolves it, vets every address
// and connects only to the one it vetted. A listener on 127.0.0.1 proves that no connection was
// made to loopback; the other refused addresses (10.0.0.1, 169.254.169.254) cannot be listened on
// here, and their attempt is logged as the guard's refusal (no connection error, no timeout).
let owner: Owner;
let loopback: Awaited<ReturnType<typeof connectionCounter>>;
const receivers: { stop(): void }[] = [];

beforeAll(async () => {
  owner = await registerOwner('Ssrf');
  loopback = await connectionCounter('127.0.0.1');
});
afterAll(async () => {
  for (const r of receivers) r.stop();
  await loopback.close();
});

/** Registration refuses an address literal it can already judge: 400, nothing stored. */
test.each([
  ['http://127.0.0.1:{port}/', 'loopback'],
  ['http://10.0.0.1/', 'private'],
  ['http://169.254.169.254/latest/meta-data/', 'link-local'],
  ['http://[::1]:{port}/', 'loopback'],
  ['http://[::ffff:127.0.0.1]/', 'loopback'],
  ['http://100.64.0.1/', 'CGNAT'],
  ['http://[fd00::1]/', 'unique local'],
  ['ftp://example.com/', 'only http and https'],
  ['file:///etc/passwd', 'only http and https'],
  ['http://user:pw@example.com/', 'no credentials'],
  ['http://93.184.215.14:22/', 'port 22'],
  ['not a url', 'not a URL'],
])('registering %s is refused (%s)', async (template, reason) => {
  const res = await call(`/api/v1/orgs/${owner.orgId}/webhooks`, {
    token: owner.token,
    body: {
      url: template.replace('{port}', String(loopback.port)),
      eventTypes: ['member.joined'],
      currentPassword: 'correct horse battery staple',
    },
  });
  expect(res.status).toBe(400);
  expect(JSON.stringify(res.body.errors)).toContain(reason);
});

/** An endpoint whose URL names `url` at delivery time (planted past registration, as a DNS change would). */
async function plantedEndpoint(url: string) {
  const receiver = startReceiver();
  receivers.push(receiver);
  const hook = await createWebhook(owner, receiver.url);
  await sql`update webhook_endpoints set url = ${url} where id = ${hook.id}`;
  return hook;
}

test('at connect time: loopback, private, metadata, [::1] and a name resolving to loopback are refused, with no connection made', async () => {
  const port = loopback.port;
  const cases = [
    [`http://127.0.0.1:${port}/`, 'loopback address 127.0.0.1'],
    ['http://10.0.0.1/', 'private address 10.0.0.1'],
    [
      'http://169.254.169.254/latest/meta-data/',
      'link-local (cloud metadata) address 169.254.169.254',
    ],
    [`http://[::1]:${port}/`, 'loopback address ::1'],
    // A name: resolved by the worker (here through /etc/hosts) to a loopback address.
    [`http://localhost:${port}/`, 'loopback address'],
  ] as const;
  const hooks = [];
  for (const [url] of cases) hooks.push(await plantedEndpoint(url));
  // localhost also passes registration as it is (a name is judged when it is resolved).
  const named = await createWebhook(owner, `http://localhost:${port}/named`);
  await recordEvents(owner.orgId);

  for (const [i, [url, reason]] of [
    ...cases,
    [`http://localhost:${port}/named`, 'loopback address'] as const,
  ].entries()) {
    const hook = i < hooks.length ? hooks[i] : named;
    if (!hook) throw new Error('no hook');
    const [first] = await eventually(async () => {
      const list = await deliveries(owner, hook.id);
      return list[0]?.attempts.length ? list : undefined;
    }, 20_000);
    const attempt = first?.attempts.at(-1);
    expect({ url, statusCode: attempt?.statusCode, error: attempt?.error }).toEqual({
      url,
      statusCode: null,
      error: expect.stringContaining(`refused: ${reason}`),
    });
  }
  expect(loopback.count()).toBe(0);
}, 60_000);

test('a redirect to loopback is not followed: the 3xx is a failure, and loopback sees no connection', async () => {
  const receiver = startReceiver(
    () =>
      new Response(null, {
        status: 307,
        headers: { Location: `http://127.0.0.1:${loopback.port}/` },
      }),
  );
  receivers.push(receiver);
  const other = await registerOwner('Redirect');
  const hook = await createWebhook(other, receiver.url);
  await recordEvents(other.orgId);
  await receiver.waitFor(2, 20_000);
  const [delivery] = await deliveries(other, hook.id);
  expect(delivery?.attempts.at(-1)).toMatchObject({
    statusCode: 307,
    error: 'redirect not followed',
    succeeded: false,
  });
  expect(loopback.count()).toBe(0);
}, 60_000);
