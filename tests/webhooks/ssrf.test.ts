import { afterAll, beforeAll, expect, test } from 'bun:test';
import { networkInterfaces } from 'node:os';
import { type Owner, registerOwner } from '../support/api';
import { call } from '../support/http';
import { eventually } from '../support/stack';
import {
  connectionCounter,
  createWebhook,
  deliveries,
  recordEvents,
  resolveNames,
  sql,
  startReceiver,
} from '../support/webhooks';

// The SSRF guard at connect time: whatever a URL names, the worker resolves it, vets every address
// and connects only to the one it vetted. A listener on 127.0.0.1 proves that no connection was
// made to loopback; the other refused addresses (10.0.0.1, 169.254.169.254) cannot be listened on
// here, and their attempt is logged as the guard's refusal (no connection error, no timeout).
let owner: Owner;
/** The organization registering the attacker's encodings (its own re-authentication budget). */
let attacker: Owner;
let loopback: Awaited<ReturnType<typeof connectionCounter>>;
const receivers: { stop(): void }[] = [];

beforeAll(async () => {
  owner = await registerOwner('Ssrf');
  attacker = await registerOwner('SsrfEncodings');
  loopback = await connectionCounter('127.0.0.1');
});
afterAll(async () => {
  for (const r of receivers) r.stop();
  await loopback.close();
});

/** The endpoints an organization has stored, through the API. */
async function storedUrls(who: Owner) {
  const res = await call(`/api/v1/orgs/${who.orgId}/webhooks?limit=100`, { token: who.token });
  return (res.body.items as { url: string }[]).map((e) => e.url);
}

/** Registers `url` and expects a 400 problem naming `reason` on `url`, and nothing stored. */
async function expectRefusedRegistration(url: string, reason: string, who = owner) {
  const res = await call(`/api/v1/orgs/${who.orgId}/webhooks`, {
    token: who.token,
    body: { url, eventTypes: ['member.joined'], currentPassword: 'correct horse battery staple' },
  });
  expect({ url, status: res.status, type: res.headers.get('content-type') }).toEqual({
    url,
    status: 400,
    type: expect.stringContaining('application/problem+json'),
  });
  expect(res.body.errors).toEqual([{ path: 'url', message: expect.stringContaining(reason) }]);
  expect(await storedUrls(who)).not.toContain(url);
}

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
  await expectRefusedRegistration(template.replace('{port}', String(loopback.port)), reason);
});

/**
 * The attacker's encodings of forbidden addresses, on the default port as they wrote them:
 * IPv4-compatible and IPv4-translated IPv6 forms of 127.0.0.1, Teredo, the TEST-NETs and
 * broadcast written as WHATWG URL parsing allows (decimal, octal, hex) — the guard judges the
 * address the URL normalizes to.
 */
test.each([
  ['http://[::127.0.0.1]/', 'IPv4-compatible address ::7f00:1 (IPv4 127.0.0.1 inside)'],
  ['http://[::ffff:0:7f00:1]/', 'IPv4-translated address ::ffff:0:7f00:1'],
  ['http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/', 'Teredo'],
  ['http://3221225985/', 'documentation (TEST-NET-1) address 192.0.2.1'],
  ['http://0306.0063.0144.1/', 'documentation (TEST-NET-2) address 198.51.100.1'],
  ['http://0xcb.0.0x71.0xff/', 'documentation (TEST-NET-3) address 203.0.113.255'],
  ['http://4294967295/', 'broadcast address 255.255.255.255'],
])('registering %s is refused: %s', async (url, reason) => {
  await expectRefusedRegistration(url, reason, attacker);
});

/** One address of this host that is not loopback (IPv4 first), as a URL's host, if it has one. */
const own = Object.values(networkInterfaces())
  .flatMap((list) => list ?? [])
  .filter((i) => !i.internal && !i.address.startsWith('fe80:'))
  .sort((a, b) => a.family.localeCompare(b.family))
  .map((i) => ({ address: i.address, host: i.family === 'IPv6' ? `[${i.address}]` : i.address }))
  .at(0);
const NO_OWN = 'skipped: this machine has no address but loopback and link-local ones';

test.skipIf(!own)(
  `registering this host's own non-loopback address (${own?.address ?? NO_OWN}) is refused`,
  async () => {
    await expectRefusedRegistration(`http://${own?.host}/`, `address ${own?.address}`, attacker);
    await expectRefusedRegistration(`http://${own?.host}/hook`, "this host's own", attacker);
  },
);

/** An endpoint whose URL names `url` at delivery time (planted past registration, as a DNS change would). */
async function plantedEndpoint(url: string, who = owner) {
  const receiver = startReceiver();
  receivers.push(receiver);
  const hook = await createWebhook(who, receiver.url);
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

test("at connect time: IPv4-compatible and -translated forms and this host's own address are refused, by literal or by name, and nothing is connected to", async () => {
  // A listener on every address of this host (IPv4 and IPv6), on port 80 where these URLs lead:
  // whatever a refused URL would reach here, it would be counted.
  const anywhere = await connectionCounter('::', 80);
  const who = await registerOwner('SsrfDelivery');
  const run = Math.random().toString(36).slice(2, 8);
  const names = {
    compatible: `compatible-${run}.test`,
    translated: `translated-${run}.test`,
    own: `own-${run}.test`,
  };
  // Names resolve past registration, which cannot judge them: the worker's resolver answers these.
  const forgetNames = resolveNames({
    [names.compatible]: ['::7f00:1'],
    [names.translated]: ['::ffff:0:7f00:1'],
    ...(own ? { [names.own]: ['127.0.0.2', own.address] } : {}),
  });
  try {
    const planted = [
      ['http://[::127.0.0.1]/', 'IPv4-compatible address ::7f00:1'],
      ['http://[::ffff:0:7f00:1]/', 'IPv4-translated address ::ffff:0:7f00:1'],
      ...(own ? [[`http://${own.host}/`, "this host's own"]] : []),
    ] as const;
    const named = [
      [`http://${names.compatible}/`, 'IPv4-compatible address ::7f00:1'],
      [`http://${names.translated}/`, 'IPv4-translated address ::ffff:0:7f00:1'],
      // Every address of a name must pass: the allowed 127.0.0.2 beside it does not help.
      ...(own ? [[`http://${names.own}/`, "this host's own"]] : []),
    ] as const;
    const hooks: { url: string; reason: string; id: string }[] = [];
    for (const [url, reason] of planted)
      hooks.push({ url, reason, id: (await plantedEndpoint(url, who)).id });
    for (const [url, reason] of named)
      hooks.push({ url, reason, id: (await createWebhook(who, url)).id });
    await recordEvents(who.orgId);

    const attempts = [];
    for (const { url, id } of hooks) {
      const [first] = await eventually(async () => {
        const list = await deliveries(who, id);
        return list[0]?.attempts.length ? list : undefined;
      }, 20_000);
      const attempt = first?.attempts.at(-1);
      attempts.push({ url, statusCode: attempt?.statusCode, error: attempt?.error });
    }
    expect({ attempts, connections: anywhere.count() }).toEqual({
      // The guard's reasons (plain text, no pattern characters): no connection was tried.
      attempts: hooks.map(({ url, reason }) => ({
        url,
        statusCode: null,
        error: expect.stringMatching(new RegExp(`^refused: .*${reason}`)),
      })),
      connections: 0,
    });
  } finally {
    forgetNames();
    await anywhere.close();
  }
}, 60_000);
