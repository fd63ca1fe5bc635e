import { describe, expect, test } from 'bun:test';
import { Secret, TOTP } from 'otpauth';
import { PASSWORD, registerOwner } from '../support/api';
import { call } from '../support/http';

// Re-authentication for what can lock an account: a stolen access token alone (15 minutes of
// someone else's session) cannot turn a second factor on, mint recovery codes or change the
// password. Each takes the current password (`currentPassword`) or a current second factor.

const codeAt = (secret: string, offsetSteps = 0) =>
  new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6 }).generate({
    timestamp: Date.now() + offsetSteps * 30_000,
  });
const wrongCode = (code: string) => (code === '000000' ? '111111' : '000000');
const login = (email: string) =>
  call('/api/v1/auth/login', { body: { email, password: PASSWORD } });

describe('re-authentication', () => {
  test('2FA enable with a token alone is refused; with the current password it works', async () => {
    const victim = await registerOwner('Victim');
    const stolen = victim.token;
    // What a thief with the access token alone tries: set up, then enable with its own app.
    const setup = await call('/api/v1/me/2fa/setup', { token: stolen, body: {} });
    expect([setup.status, setup.body.code]).toEqual([400, 'validation_failed']);
    expect(setup.body.errors).toContainEqual({
      path: 'currentPassword',
      message: expect.any(String),
    });
    const guessed = await call('/api/v1/me/2fa/setup', {
      token: stolen,
      body: { currentPassword: 'a guess at the password' },
    });
    expect([guessed.status, guessed.body.code]).toEqual([403, 'wrong_password']);
    const enable = await call('/api/v1/me/2fa/enable', { token: stolen, body: { code: '123456' } });
    expect(enable.status).toBe(400);
    // The account still signs in with its password alone.
    expect((await login(victim.email)).body.tokens.accessToken).toEqual(expect.any(String));

    // Its owner, who knows the password, turns it on.
    const own = await call('/api/v1/me/2fa/setup', {
      token: victim.token,
      body: { currentPassword: PASSWORD },
    });
    expect(own.status).toBe(200);
    const wrongPassword = await call('/api/v1/me/2fa/enable', {
      token: victim.token,
      body: { code: codeAt(own.body.secret), currentPassword: 'not it' },
    });
    expect(wrongPassword.status).toBe(403);
    const on = await call('/api/v1/me/2fa/enable', {
      token: victim.token,
      body: { code: codeAt(own.body.secret), currentPassword: PASSWORD },
    });
    expect(on.status).toBe(200);
    expect(on.body.recoveryCodes).toHaveLength(10);
    expect((await login(victim.email)).body.twoFactorRequired).toBe(true);

    // New recovery codes take a current code of the app: not the token alone, not a
    // recovery code (one stolen code must not mint ten).
    const tokenOnly = await call('/api/v1/me/2fa/recovery-codes', {
      token: victim.token,
      body: {},
    });
    expect(tokenOnly.status).toBe(400);
    const viaRecovery = await call('/api/v1/me/2fa/recovery-codes', {
      token: victim.token,
      body: { recoveryCode: on.body.recoveryCodes[0] },
    });
    expect(viaRecovery.status).toBe(400);
    const wrong = await call('/api/v1/me/2fa/recovery-codes', {
      token: victim.token,
      body: { code: wrongCode(codeAt(own.body.secret, 1)) },
    });
    expect([wrong.status, wrong.body.code]).toEqual([403, 'invalid_code']);
    const fresh = await call('/api/v1/me/2fa/recovery-codes', {
      token: victim.token,
      body: { code: codeAt(own.body.secret, 1) },
    });
    expect(fresh.status).toBe(200);
    expect(fresh.body.recoveryCodes).toHaveLength(10);
    // The old codes are gone, the new ones work.
    const challenge = (await login(victim.email)).body.challenge;
    const old = await call('/api/v1/auth/login/2fa', {
      body: { challenge, recoveryCode: on.body.recoveryCodes[1] },
    });
    expect(old.status).toBe(401);
    const next = await call('/api/v1/auth/login/2fa', {
      body: { challenge, recoveryCode: fresh.body.recoveryCodes[0] },
    });
    expect(next.status).toBe(200);
  });

  test('a password change needs the current password; a thief guessing it spends only its own session’s budget', async () => {
    const owner = await registerOwner('Guarded');
    const thief = (await login(owner.email)).body.tokens.accessToken as string;
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await call('/api/v1/me/password', {
        token: thief,
        body: { currentPassword: `guess number ${i}`, newPassword: 'the thief’s own password' },
      });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(403));
    expect(statuses.slice(10)).toEqual([429, 429]);
    // The owner's own session is not locked out by it.
    const changed = await call('/api/v1/me/password', {
      token: owner.token,
      body: { currentPassword: PASSWORD, newPassword: 'a brand new passphrase' },
    });
    expect(changed.status).toBe(204);
  });
});
