import { afterAll, describe, expect, test } from 'bun:test';
import { dbConfig, encryptionConfig, loadConfig } from '@insightdesk/shared/config';
import { Secret, TOTP } from 'otpauth';
import postgres from 'postgres';
import { operatorToken, PASSWORD, registerOwner } from '../support/api';
import { call } from '../support/http';
import { eventually, ROOT, servicePort } from '../support/stack';

const { url } = loadConfig({ db: dbConfig }, { dir: ROOT }).db;
const db = postgres(url, { max: 1 });
afterAll(() => db.end());

const codeAt = (secret: string, offsetSteps = 0) =>
  new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6 }).generate({
    timestamp: Date.now() + offsetSteps * 30_000,
  });

const login = (email: string) =>
  call('/api/v1/auth/login', { body: { email, password: PASSWORD } });

/** A verified account with two-factor authentication on: its secret and recovery codes. */
async function withTwoFactor(name: string) {
  const user = await registerOwner(name);
  const setup = await call('/api/v1/me/2fa/setup', {
    token: user.token,
    body: { currentPassword: PASSWORD },
  });
  expect(setup.status).toBe(200);
  expect(setup.body.otpauthUrl).toStartWith('otpauth://totp/InsightDesk:');
  const enabled = await call('/api/v1/me/2fa/enable', {
    token: user.token,
    body: { code: codeAt(setup.body.secret), currentPassword: PASSWORD },
  });
  expect(enabled.status).toBe(200);
  return {
    user,
    secret: setup.body.secret as string,
    recovery: enabled.body.recoveryCodes as string[],
  };
}

async function setFlag(enabled: boolean) {
  const res = await call('/api/v1/admin/features/two-factor', {
    method: 'PUT',
    token: await operatorToken(),
    body: { enabled },
  });
  expect(res.status).toBe(200);
  // Both instances follow.
  for (const n of [1, 2]) {
    await eventually(async () => {
      const flags = await fetch(`http://127.0.0.1:${servicePort('api', n)}/api/v1/features`, {
        headers: { Authorization: `Bearer ${await operatorToken()}` },
      });
      const body = (await flags.json()) as { flags: Record<string, boolean> };
      return body.flags['two-factor'] === enabled;
    });
  }
}

describe('two-factor authentication (TOTP)', () => {
  test('setup, enable, login challenge, a code once, recovery codes once, disable', async () => {
    const { user, secret, recovery } = await withTwoFactor('Careful');
    expect(recovery).toHaveLength(10);
    expect(new Set(recovery).size).toBe(10);

    const first = await login(user.email);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ twoFactorRequired: true, challenge: expect.any(String) });
    expect(first.text).not.toContain('accessToken');

    // The code that enabled it was spent: the next step's code is needed (the window allows it).
    const code = codeAt(secret, 1);
    const wrong = await call('/api/v1/auth/login/2fa', {
      body: { challenge: first.body.challenge, code: code === '000000' ? '111111' : '000000' },
    });
    expect(wrong.status).toBe(401);
    const done = await call('/api/v1/auth/login/2fa', {
      body: { challenge: first.body.challenge, code },
    });
    expect(done.status).toBe(200);
    expect(done.body.user.id).toBe(user.user.id);
    expect((await call('/api/v1/me', { token: done.body.tokens.accessToken })).status).toBe(200);
    // The same code again (a replay, even with a new challenge) is refused.
    const second = await login(user.email);
    const replay = await call('/api/v1/auth/login/2fa', {
      body: { challenge: second.body.challenge, code },
    });
    expect(replay.status).toBe(401);
    expect(replay.body.code).toBe('invalid_code');
    // A forged challenge is refused whatever the code.
    const forged = await call('/api/v1/auth/login/2fa', {
      body: { challenge: `${user.user.id}.${Date.now() + 60_000}.AAAA`, code: codeAt(secret) },
    });
    expect(forged.status).toBe(401);

    // A recovery code works once.
    const viaRecovery = await call('/api/v1/auth/login/2fa', {
      body: { challenge: second.body.challenge, recoveryCode: recovery[0] },
    });
    expect(viaRecovery.status).toBe(200);
    const third = await login(user.email);
    const recoveryAgain = await call('/api/v1/auth/login/2fa', {
      body: { challenge: third.body.challenge, recoveryCode: recovery[0] },
    });
    expect(recoveryAgain.status).toBe(401);

    // Off, with a recovery code; then login is one step again.
    const off = await call('/api/v1/me/2fa', {
      method: 'DELETE',
      token: done.body.tokens.accessToken,
      body: { recoveryCode: recovery[1] },
    });
    expect(off.status).toBe(204);
    const plain = await login(user.email);
    expect(plain.status).toBe(200);
    expect(plain.body.tokens.accessToken).toEqual(expect.any(String));
  });

  test('off with a current code, not a wrong one; unverified accounts cannot start it', async () => {
    const { user, secret } = await withTwoFactor('Switcher');
    const code = codeAt(secret, 1);
    const wrong = await call('/api/v1/me/2fa', {
      method: 'DELETE',
      token: user.token,
      body: { code: code === '000000' ? '111111' : '000000' },
    });
    expect(wrong.status).toBe(403);
    expect(wrong.body.code).toBe('invalid_code');
    expect((await login(user.email)).body.twoFactorRequired).toBe(true);
    const off = await call('/api/v1/me/2fa', {
      method: 'DELETE',
      token: user.token,
      body: { code },
    });
    expect(off.status).toBe(204);
    expect((await login(user.email)).body.tokens.accessToken).toEqual(expect.any(String));

    const unverified = await registerOwner('Unconfirmed', { verified: false });
    for (const [path, body] of [
      ['/api/v1/me/2fa/setup', { currentPassword: PASSWORD }],
      ['/api/v1/me/2fa/enable', { code: '123456', currentPassword: PASSWORD }],
    ] as const) {
      const res = await call(path, { method: 'POST', token: unverified.token, body });
      expect([res.status, res.body.code]).toEqual([403, 'email_unverified']);
    }
  });

  test('codes are budgeted: a challenge takes a few, an address a few more (tests/security/two-factor-throttle.test.ts has the rest)', async () => {
    const { user } = await withTwoFactor('Guessed');
    const answers: string[] = [];
    for (let round = 0; round < 3; round++) {
      const { challenge } = (await login(user.email)).body;
      for (let i = 0; i < 4; i++) {
        const res = await call('/api/v1/auth/login/2fa', {
          body: { challenge, code: String(100000 + round * 10 + i) },
        });
        answers.push(`${res.status} ${res.body.code}`);
      }
    }
    // Three codes per challenge (the fourth finds it dead), three per address: then 429 (each
    // refused attempt still counts against its challenge).
    const dead = '401 invalid_challenge';
    const refused = '429 rate_limited';
    expect(answers).toEqual([
      ...Array(3).fill('401 invalid_code'),
      dead,
      ...[refused, refused, refused, dead],
      ...[refused, refused, refused, dead],
    ]);
  });

  test('the secret is encrypted at rest: a database dump holds it nowhere in clear', async () => {
    const { secret } = await withTwoFactor('Dumped');
    const pgDump = `${process.env.STACK_PG_BINDIR ?? '/usr/lib/postgresql/15/bin'}/pg_dump`;
    const dump = Bun.spawnSync([pgDump, '--data-only', '--table=users', url], { stderr: 'pipe' });
    expect(dump.exitCode).toBe(0);
    const text = dump.stdout.toString();
    expect(text.length).toBeGreaterThan(1000);
    expect(text).toContain('v1.dev-1.');
    expect(text).not.toContain(secret);
    expect(text.toLowerCase()).not.toContain(secret.toLowerCase());
  });

  test('key rotation: every value under the new key, idempotent, logins still work', async () => {
    const { user, secret } = await withTwoFactor('Rotated');
    const env = loadConfig({ db: dbConfig }, { dir: ROOT });
    // The key the local stack runs with.
    const devKeys = String(encryptionConfig.devDefaults?.ENCRYPTION_KEYS);
    const newKey = `rot-${Date.now().toString(36)}:${Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64')}`;
    const rotate = (keys: string) => {
      const run = Bun.spawnSync([process.execPath, 'services/api/src/rotate-keys-cli.ts'], {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? '', DATABASE_URL: env.db.url, ENCRYPTION_KEYS: keys },
        stdout: 'pipe',
        stderr: 'pipe',
      });
      expect(run.exitCode).toBe(0);
      return run.stdout.toString();
    };
    const kids = async () =>
      (
        await db<{ kid: string }[]>`
          select split_part(totp_secret, '.', 2) as kid from users
           where totp_secret is not null
          union
          select split_part(client_secret, '.', 2) from oidc_providers`
      ).map((r) => r.kid);
    const newKid = newKey.split(':')[0] ?? '';
    try {
      expect(rotate(`${newKey},${devKeys}`)).toMatch(/rotate-keys: [1-9]\d* values? re-encrypted/);
      expect(await kids()).toEqual([newKid]);
      expect(rotate(`${newKey},${devKeys}`)).toContain('rotate-keys: 0 values re-encrypted');

      // An api given the new keys signs in with the rotated secret.
      const port = servicePort('api', 9);
      const api = Bun.spawn([process.execPath, 'services/api/src/main.ts'], {
        cwd: ROOT,
        env: {
          ...process.env,
          INSTANCE_ID: 'api-9',
          HOST: '127.0.0.1',
          PORT: String(port),
          LOG_LEVEL: 'warn',
          ENCRYPTION_KEYS: `${newKey},${devKeys}`,
        },
        stdout: 'ignore',
        stderr: 'ignore',
      });
      try {
        const base = `http://127.0.0.1:${port}/api/v1`;
        await eventually(async () => (await fetch(`http://127.0.0.1:${port}/health/ready`)).ok);
        const first = await fetch(`${base}/auth/login`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ email: user.email, password: PASSWORD }),
        });
        const { challenge } = (await first.json()) as { challenge: string };
        const second = await fetch(`${base}/auth/login/2fa`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ challenge, code: codeAt(secret, 1) }),
        });
        expect(second.status).toBe(200);
      } finally {
        api.kill('SIGTERM');
        await api.exited;
      }
    } finally {
      // The running stack knows only the development key: everything back under it.
      rotate(`${devKeys},${newKey}`);
    }
    expect(await kids()).toEqual(['dev-1']);
  }, 60_000);

  test('with the flag off, the routes are 404 feature_disabled and login is one step', async () => {
    const { user } = await withTwoFactor('Flagged');
    await setFlag(false);
    try {
      const refused = [
        await call('/api/v1/me/2fa/setup', {
          token: user.token,
          body: { currentPassword: PASSWORD },
        }),
        await call('/api/v1/me/2fa/enable', {
          token: user.token,
          body: { code: '123456', currentPassword: PASSWORD },
        }),
        await call('/api/v1/me/2fa', {
          method: 'DELETE',
          token: user.token,
          body: { code: '123456' },
        }),
        await call('/api/v1/auth/login/2fa', {
          body: { challenge: `${user.user.id}.${Date.now() + 60_000}.AAAA`, code: '123456' },
        }),
      ];
      expect(refused.map((r) => [r.status, r.body.code])).toEqual(
        Array(4).fill([404, 'feature_disabled']),
      );
      const plain = await login(user.email);
      expect(plain.status).toBe(200);
      expect(plain.body.tokens.accessToken).toEqual(expect.any(String));
    } finally {
      await setFlag(true);
    }
    expect((await login(user.email)).body.twoFactorRequired).toBe(true);
  });
});
