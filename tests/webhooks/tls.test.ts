import { afterAll, beforeAll, expect, test } from 'bun:test';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registerOwner } from '../support/api';
import { DATA, eventually } from '../support/stack';
import {
  createWebhook,
  deliveries,
  recordEvents,
  resolveNames,
  startReceiver,
  verifies,
} from '../support/webhooks';

// HTTPS delivery: the worker connects to the vetted address, sends the URL's name as SNI and
// checks the receiver's certificate against that name. The receivers listen on 127.0.0.2 (the
// local stack's WEBHOOK_ALLOWED_NETWORKS) under names the stack's WEBHOOK_HOSTS_FILE gives that
// address; their certificates are made here with openssl, signed by the stack's own CA (which
// the stack's services trust, as a real CA) — or by nobody.

const run = Math.random().toString(36).slice(2, 8);
const NAMES = { good: `hooks-${run}.test`, wrong: `wrong-${run}.test`, self: `self-${run}.test` };
const TLS = join(DATA, 'tls');
const work = mkdtempSync(join(tmpdir(), 'insightdesk-webhook-tls-'));
const servers: { stop(): void }[] = [];

function openssl(args: string[]) {
  const done = Bun.spawnSync(['openssl', ...args], { cwd: work, stderr: 'pipe' });
  if (done.exitCode !== 0) throw new Error(`openssl ${args[0]}: ${done.stderr.toString()}`);
}

/** A key and certificate for `name`: signed by the stack's CA, or by itself. */
function certificate(file: string, name: string, signer: 'stack CA' | 'itself') {
  const key = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  const ext = `subjectAltName=DNS:${name}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n`;
  writeFileSync(join(work, `${file}.ext`), ext);
  if (signer === 'itself') {
    openssl(
      [
        'req',
        '-x509',
        ...key,
        '-keyout',
        `${file}.key`,
        '-out',
        `${file}.crt`,
        '-days',
        '2',
      ].concat(['-subj', `/CN=${name}`, '-addext', `subjectAltName=DNS:${name}`]),
    );
  } else {
    openssl([
      'req',
      '-new',
      ...key,
      '-keyout',
      `${file}.key`,
      '-out',
      `${file}.csr`,
      '-subj',
      `/CN=${name}`,
    ]);
    openssl(
      [
        'x509',
        '-req',
        '-in',
        `${file}.csr`,
        '-CA',
        join(TLS, 'ca.crt'),
        '-CAkey',
        join(TLS, 'ca.key'),
      ].concat([
        '-CAcreateserial',
        '-CAserial',
        join(work, 'ca.srl'),
        '-out',
        `${file}.crt`,
        '-days',
        '2',
        '-extfile',
        `${file}.ext`,
      ]),
    );
  }
  return {
    cert: readFileSync(join(work, `${file}.crt`), 'utf8'),
    key: readFileSync(join(work, `${file}.key`), 'utf8'),
  };
}

/** An HTTPS receiver on 127.0.0.2 with `tls`, recording what reaches it (past the handshake). */
function tlsReceiver(tls: { cert: string; key: string }, name: string) {
  const receiver = startReceiver(undefined, { name, tls });
  servers.push(receiver);
  return receiver;
}

let forgetNames = () => {};
beforeAll(() => {
  forgetNames = resolveNames(
    Object.fromEntries(Object.values(NAMES).map((name) => [name, ['127.0.0.2']])),
  );
});

afterAll(() => {
  for (const server of servers) server.stop();
  forgetNames();
  rmSync(work, { recursive: true, force: true });
});

test('a certificate for the URL host name, signed by a trusted CA: delivered over TLS, signature verified', async () => {
  const owner = await registerOwner('TlsGood');
  const receiver = tlsReceiver(certificate('good', NAMES.good, 'stack CA'), NAMES.good);
  const hook = await createWebhook(owner, receiver.url);
  await recordEvents(owner.orgId);
  await eventually(() => receiver.received.length >= 1, 30_000);
  const [got] = receiver.received;
  if (!got) throw new Error('nothing received');
  // The name, not the address, is what the request and the handshake carried.
  expect(got.headers.host).toBe(new URL(receiver.url).host);
  expect(verifies(hook.secret, got)).toBe(true);
  const [logged] = await eventually(async () => {
    const list = await deliveries(owner, hook.id);
    return list[0]?.status === 'succeeded' ? list : undefined;
  });
  expect(logged?.attempts.map((a) => [a.statusCode, a.succeeded])).toEqual([[200, true]]);
}, 60_000);

for (const [defect, make, expected] of [
  [
    'a certificate for another name (signed by the trusted CA)',
    () => certificate('wrong', `someone-else-${run}.test`, 'stack CA'),
    /ALTNAME|hostname|Hostname|does not match/i,
  ],
  [
    'a self-signed certificate for the right name',
    () => certificate('self', NAMES.self, 'itself'),
    /SELF_SIGNED|self.signed|self signed/i,
  ],
] as const) {
  test(`${defect}: refused at the handshake, nothing sent, the attempt logged and retried`, async () => {
    const owner = await registerOwner('TlsBad');
    const name = defect.startsWith('a self') ? NAMES.self : NAMES.wrong;
    const receiver = tlsReceiver(make(), name);
    const hook = await createWebhook(owner, receiver.url);
    await recordEvents(owner.orgId);
    // Two attempts at least (the schedule's first retry is 1 s away), each with the TLS error.
    const [logged] = await eventually(
      async () => {
        const list = await deliveries(owner, hook.id);
        return (list[0]?.attempts.length ?? 0) >= 2 ? list : undefined;
      },
      40_000,
      500,
    );
    const attempts = logged?.attempts ?? [];
    console.log(`${defect}: ${attempts[0]?.error}`);
    for (const attempt of attempts) {
      expect(attempt.succeeded).toBe(false);
      expect(attempt.statusCode).toBeNull();
      expect(attempt.error ?? '').toMatch(expected);
    }
    expect(logged?.status).not.toBe('succeeded');
    // The request never left the worker: no HTTP request reached the receiver.
    expect(receiver.received).toEqual([]);
  }, 60_000);
}
