import { describe, expect, test } from 'bun:test';
import { authConfig, loadConfig } from '@insightdesk/shared/config';
import { SignJWT } from 'jose';
import { PASSWORD, registerOwner, uniqueEmail } from '../support/api';
import { call, isProblem } from '../support/http';
import { ROOT } from '../support/stack';

const [devKey] = loadConfig({ auth: authConfig }, { dir: ROOT }).auth.signingKeys;
if (!devKey) throw new Error('no signing key');

const sign = (
  claims: Record<string, unknown>,
  header: Record<string, unknown>,
  secret = devKey.secret,
) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', ...header })
    .sign(new TextEncoder().encode(secret));

describe('registration and login', () => {
  test('register answers 201 with user, organization and tokens; never the password hash', async () => {
    const email = uniqueEmail('reg');
    const res = await call('/api/v1/auth/register', {
      body: { email, password: PASSWORD, name: 'Reg', organizationName: 'Reg Co' },
    });
    expect(res.status).toBe(201);
    expect(res.body.user).toEqual({
      id: expect.any(String),
      email,
      name: 'Reg',
      emailVerified: false,
    });
    expect(res.body.organization.name).toBe('Reg Co');
    expect(res.body.tokens).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 });
    expect(res.text).not.toContain('argon2');
    expect(res.text).not.toContain(PASSWORD);
    const me = await call('/api/v1/me', { token: res.body.tokens.accessToken });
    expect(me.status).toBe(200);
    expect(me.body.memberships).toEqual([{ organization: res.body.organization, role: 'owner' }]);
  });

  test('a taken email (in any case) is 409 email_taken', async () => {
    const owner = await registerOwner();
    const res = await call('/api/v1/auth/register', {
      body: {
        email: owner.email.toUpperCase(),
        password: PASSWORD,
        name: 'X',
        organizationName: 'X',
      },
    });
    expect(res.status).toBe(409);
    expect(isProblem(res)).toBe(true);
    expect(res.body.code).toBe('email_taken');
  });

  test('invalid input is a 400 naming every bad field', async () => {
    const res = await call('/api/v1/auth/register', {
      body: { email: 'not-an-email', password: 'short', name: '', organizationName: 'X', extra: 1 },
    });
    expect(res.status).toBe(400);
    expect(isProblem(res)).toBe(true);
    const paths = res.body.errors.map((e: { path: string }) => e.path).sort();
    expect(paths).toEqual(expect.arrayContaining(['email', 'password', 'name']));
  });

  test('login: right password 200; wrong password and unknown email answer the same 401', async () => {
    const owner = await registerOwner();
    const ok = await call('/api/v1/auth/login', {
      body: { email: owner.email, password: PASSWORD },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.user.id).toBe(owner.user.id);
    const wrong = await call('/api/v1/auth/login', {
      body: { email: owner.email, password: 'wrong password!' },
    });
    const unknown = await call('/api/v1/auth/login', {
      body: { email: uniqueEmail('nobody'), password: 'wrong password!' },
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const { requestId: _a, ...wrongBody } = wrong.body;
    const { requestId: _b, ...unknownBody } = unknown.body;
    expect(wrongBody).toEqual(unknownBody);
    expect(wrongBody.code).toBe('invalid_credentials');
  });

  test('brute force on one account hits 429 with Retry-After and RateLimit-*, even for the right password', async () => {
    const owner = await registerOwner();
    for (let i = 0; i < 5; i++) {
      const res = await call('/api/v1/auth/login', {
        body: { email: owner.email, password: `guess number ${i}` },
      });
      expect(res.status).toBe(401);
    }
    const blocked = await call('/api/v1/auth/login', {
      body: { email: owner.email, password: PASSWORD },
    });
    expect(blocked.status).toBe(429);
    expect(isProblem(blocked)).toBe(true);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(blocked.headers.get('ratelimit-limit')).toBe('5');
    expect(blocked.headers.get('ratelimit-remaining')).toBe('0');
    expect(Number(blocked.headers.get('ratelimit-reset'))).toBeGreaterThan(0);
    // Another account is not affected.
    const other = await registerOwner();
    expect(
      (await call('/api/v1/auth/login', { body: { email: other.email, password: PASSWORD } }))
        .status,
    ).toBe(200);
  });

  test('parallel guesses cannot get past the per-account budget', async () => {
    const owner = await registerOwner();
    const answers = await Promise.all(
      Array.from({ length: 15 }, (_, i) =>
        call('/api/v1/auth/login', { body: { email: owner.email, password: `parallel ${i}` } }),
      ),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s !== 401 && s !== 429)).toEqual([]);
  });
});

describe('refresh tokens', () => {
  test('rotate on every use; reusing a spent one revokes the whole family', async () => {
    const owner = await registerOwner();
    const first = await call('/api/v1/auth/refresh', {
      body: { refreshToken: owner.refreshToken },
    });
    expect(first.status).toBe(200);
    const rotated = first.body.tokens.refreshToken;
    expect(rotated).not.toBe(owner.refreshToken);
    expect((await call('/api/v1/me', { token: first.body.tokens.accessToken })).status).toBe(200);

    const reuse = await call('/api/v1/auth/refresh', {
      body: { refreshToken: owner.refreshToken },
    });
    expect(reuse.status).toBe(401);
    expect(reuse.body.code).toBe('refresh_token_reused');
    // The thief's or the owner's newer token of the same family is dead too.
    const afterReuse = await call('/api/v1/auth/refresh', { body: { refreshToken: rotated } });
    expect(afterReuse.status).toBe(401);
    // A separate login (another family) is unaffected.
    const login = await call('/api/v1/auth/login', {
      body: { email: owner.email, password: PASSWORD },
    });
    expect(
      (
        await call('/api/v1/auth/refresh', {
          body: { refreshToken: login.body.tokens.refreshToken },
        })
      ).status,
    ).toBe(200);
  });

  test('a reuse racing a refresh still revokes everything the family issued', async () => {
    for (let round = 0; round < 5; round++) {
      const owner = await registerOwner();
      const spent = owner.refreshToken;
      const current = (await call('/api/v1/auth/refresh', { body: { refreshToken: spent } })).body
        .tokens.refreshToken as string;
      const [honest, thief] = await Promise.all([
        call('/api/v1/auth/refresh', { body: { refreshToken: current } }),
        call('/api/v1/auth/refresh', { body: { refreshToken: spent } }),
      ]);
      expect(thief.status).toBe(401);
      const survivors = [current, honest.body?.tokens?.refreshToken].filter(Boolean);
      for (const refreshToken of survivors) {
        expect((await call('/api/v1/auth/refresh', { body: { refreshToken } })).status).toBe(401);
      }
    }
  });

  test('logout ends the session; unknown tokens are 401 on refresh and 204 on logout', async () => {
    const owner = await registerOwner();
    expect(
      (await call('/api/v1/auth/logout', { body: { refreshToken: owner.refreshToken } })).status,
    ).toBe(204);
    expect(
      (await call('/api/v1/auth/refresh', { body: { refreshToken: owner.refreshToken } })).status,
    ).toBe(401);
    expect((await call('/api/v1/auth/logout', { body: { refreshToken: 'nope' } })).status).toBe(
      204,
    );
    expect((await call('/api/v1/auth/refresh', { body: { refreshToken: 'nope' } })).status).toBe(
      401,
    );
  });
});

describe('access tokens', () => {
  const now = () => Math.floor(Date.now() / 1000);
  const claims = (sub: string, exp = now() + 600) => ({
    sub,
    iss: 'insightdesk',
    aud: 'insightdesk',
    iat: now(),
    exp,
  });

  test('missing, tampered, expired, alg:none, unknown kid and foreign-key tokens are all 401', async () => {
    const owner = await registerOwner();
    const [h, p, s] = owner.token.split('.') as [string, string, string];
    const flipped = `${h}.${p}.${s.slice(0, -2)}${s.endsWith('AA') ? 'BB' : 'AA'}`;
    const otherPayload = Buffer.from(JSON.stringify(claims(crypto.randomUUID()))).toString(
      'base64url',
    );
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT', kid: devKey.kid })).toString('base64url')}.${Buffer.from(JSON.stringify(claims(owner.user.id))).toString('base64url')}.`;
    const cases: Record<string, string | undefined> = {
      missing: undefined,
      garbage: 'not-a-jwt',
      tamperedSignature: flipped,
      swappedPayload: `${h}.${otherPayload}.${s}`,
      algNone: none,
      expired: await sign(claims(owner.user.id, now() - 10), { kid: devKey.kid }),
      unknownKid: await sign(claims(owner.user.id), { kid: 'rotated-away' }),
      noKid: await sign(claims(owner.user.id), {}),
      foreignSecret: await sign(claims(owner.user.id), { kid: devKey.kid }, 'x'.repeat(48)),
    };
    for (const [name, token] of Object.entries(cases)) {
      const res = await call('/api/v1/me', token ? { token } : {});
      expect({ name, status: res.status, problem: isProblem(res) }).toEqual({
        name,
        status: 401,
        problem: true,
      });
    }
    const expired = await call('/api/v1/me', { token: cases.expired });
    expect(expired.body.code).toBe('token_expired');
    expect(expired.headers.get('www-authenticate')).toBe('Bearer');
    // And the genuine one works.
    expect((await call('/api/v1/me', { token: owner.token })).status).toBe(200);
  });
});
