import { afterAll, describe, expect, test } from 'bun:test';
import { dbConfig, loadConfig, rateLimitConfig } from '@insightdesk/shared/config';
import postgres from 'postgres';
import {
  accountLink,
  PASSWORD,
  plantSecondFactor,
  registerOwner,
  uniqueEmail,
} from '../support/api';
import { call, isProblem } from '../support/http';
import { waitForMail } from '../support/mail';
import { connectClient, waitConnected } from '../support/realtime';
import { eventually, ROOT, servicePort } from '../support/stack';

const db = postgres(loadConfig({ db: dbConfig }, { dir: ROOT }).db.url, { max: 1 });
const limits = loadConfig({ rateLimit: rateLimitConfig }, { dir: ROOT }).rateLimit;
afterAll(() => db.end());

/**
 * The token of the newest link to `path` mailed to `email` (tokens start with a time-ordered
 * id; the Maildir's order is not the sending order).
 */
async function mailedToken(email: string, path: string): Promise<string> {
  const mails = await waitForMail(email, 1, (m) => m.text.includes(path));
  const tokens = mails
    .map((m) => m.text.match(new RegExp(`${path}\\?token=([^\\s]+)`))?.[1])
    .filter((t) => t !== undefined)
    .map(decodeURIComponent)
    .sort();
  const token = tokens.at(-1);
  if (!token) throw new Error(`no ${path} link mailed to ${email}`);
  return token;
}

const login = (email: string, password = PASSWORD) =>
  call('/api/v1/auth/login', { body: { email, password } });

describe('email verification', () => {
  test('registration mails a link; it verifies once; unverified accounts may not invite', async () => {
    const owner = await registerOwner('Unverified', { verified: false });
    expect((await call('/api/v1/me', { token: owner.token })).body.user.emailVerified).toBe(false);
    const invite = await call(`/api/v1/orgs/${owner.orgId}/invitations`, {
      token: owner.token,
      body: { email: uniqueEmail('x'), role: 'agent' },
    });
    expect(invite.status).toBe(403);
    expect(invite.body.code).toBe('email_unverified');
    const newOrg = await call('/api/v1/orgs', { token: owner.token, body: { name: 'Another' } });
    expect(newOrg.status).toBe(403);

    const token = await mailedToken(owner.email, '/verify-email');
    expect((await call('/api/v1/auth/verify-email', { body: { token } })).status).toBe(204);
    expect((await call('/api/v1/me', { token: owner.token })).body.user.emailVerified).toBe(true);
    const again = await call('/api/v1/auth/verify-email', { body: { token } });
    expect(again.status).toBe(400);
    expect(again.body.code).toBe('invalid_link');
    const forged = await call('/api/v1/auth/verify-email', {
      body: { token: `${token.split('.')[0]}.${'A'.repeat(43)}` },
    });
    expect(forged.status).toBe(400);
    expect(
      (
        await call(`/api/v1/orgs/${owner.orgId}/invitations`, {
          token: owner.token,
          body: { email: uniqueEmail('x'), role: 'agent' },
        })
      ).status,
    ).toBe(201);
    // Verified: a resend is pointless.
    expect(
      (await call('/api/v1/me/verify-email', { method: 'POST', token: owner.token })).status,
    ).toBe(409);
  });

  test('resending the link is rate limited', async () => {
    const owner = await registerOwner('Resender', { verified: false });
    const statuses: number[] = [];
    for (let i = 0; i < limits.accountEmailsPerHour + 1; i++)
      statuses.push(
        (await call('/api/v1/me/verify-email', { method: 'POST', token: owner.token })).status,
      );
    expect(statuses.slice(0, limits.accountEmailsPerHour)).toEqual(
      Array(limits.accountEmailsPerHour).fill(202),
    );
    expect(statuses.at(-1)).toBe(429);
    // Only the latest link works (an older one may not even be mailed once superseded).
    const [first, newest] = await db<{ id: string }[]>`
      (select id from account_tokens where user_id = ${owner.user.id} order by created_at limit 1)
      union all
      (select id from account_tokens where user_id = ${owner.user.id} order by created_at desc limit 1)`;
    await waitForMail(owner.email, 1, (m) => m.text.includes(newest?.id ?? '-'));
    const latest = await mailedToken(owner.email, '/verify-email');
    expect(latest.startsWith(newest?.id ?? '-')).toBe(true);
    // A superseded link is refused though its signature is right.
    const stale = accountLink('verify_email', first?.id ?? '');
    expect((await call('/api/v1/auth/verify-email', { body: { token: stale } })).status).toBe(400);
    expect((await call('/api/v1/auth/verify-email', { body: { token: latest } })).status).toBe(204);
  });
});

describe('invitations that cannot hijack', () => {
  test('a pre-registered email: the invited person accepting locks the squatter out', async () => {
    const corp = await registerOwner('Corp');
    const victimEmail = uniqueEmail('alice');
    // The attacker registers the victim's address first (and cannot verify it).
    const squat = await call('/api/v1/auth/register', {
      body: {
        email: victimEmail,
        password: 'attacker knows this one',
        name: 'Not Alice',
        organizationName: 'Trap',
      },
    });
    expect(squat.status).toBe(201);
    const attacker = squat.body.tokens;
    // Nor can it lock the account with a second factor of its own…
    const squatter2fa = await call('/api/v1/me/2fa/setup', {
      method: 'POST',
      token: attacker.accessToken,
    });
    expect(squatter2fa.status).toBe(403);
    expect(squatter2fa.body.code).toBe('email_unverified');
    // …and one attached before that rule existed goes with the squatter's password.
    await plantSecondFactor(squat.body.user.id);

    const invited = await call(`/api/v1/orgs/${corp.orgId}/invitations`, {
      token: corp.token,
      body: { email: victimEmail, role: 'agent' },
    });
    expect(invited.status).toBe(201);
    // Alice follows the mailed link, with a name and her own password.
    const token = await mailedToken(victimEmail, '/invitations/accept');
    const accepted = await call('/api/v1/invitations/accept', {
      body: { token, name: 'Alice', password: 'alice has her own password' },
    });
    expect(accepted.status).toBe(200);
    expect(accepted.body.user).toMatchObject({ name: 'Alice', emailVerified: true });

    expect((await login(victimEmail, 'attacker knows this one')).status).toBe(401);
    const hers = await login(victimEmail, 'alice has her own password');
    expect(hers.status).toBe(200);
    expect(hers.body.tokens.accessToken).toEqual(expect.any(String));
    expect(hers.body.twoFactorRequired).toBeUndefined();
    const codesLeft = await db`select 1 from recovery_codes where user_id = ${squat.body.user.id}`;
    expect(codesLeft.length).toBe(0);
    const refresh = await call('/api/v1/auth/refresh', {
      body: { refreshToken: attacker.refreshToken },
    });
    expect(refresh.status).toBe(401);
    // The attacker's access token is refused too (at once, on every api instance).
    for (const n of [1, 2]) {
      await eventually(
        async () =>
          (
            await fetch(`http://127.0.0.1:${servicePort('api', n)}/api/v1/me`, {
              headers: { Authorization: `Bearer ${attacker.accessToken}` },
            })
          ).status === 401,
        15_000,
      );
    }
    const me = await call('/api/v1/me', { token: accepted.body.tokens.accessToken });
    expect(me.body.memberships).toContainEqual({
      organization: expect.objectContaining({ id: corp.orgId }),
      role: 'agent',
    });
  });

  test('a verified account: the token alone is 401 login_required; signed in, it joins', async () => {
    const corp = await registerOwner('Corp');
    const bob = await registerOwner('Bob');
    const invited = await call(`/api/v1/orgs/${corp.orgId}/invitations`, {
      token: corp.token,
      body: { email: bob.email, role: 'agent' },
    });
    const token = await mailedToken(bob.email, '/invitations/accept');
    const tokenOnly = await call('/api/v1/invitations/accept', {
      body: { token, name: 'Eve', password: 'eve tries her luck' },
    });
    expect(tokenOnly.status).toBe(401);
    expect(tokenOnly.body.code).toBe('login_required');
    expect(tokenOnly.text).not.toContain('accessToken');
    expect((await login(bob.email)).status).toBe(200);
    // Nothing changed: still pending, and another account's token is refused.
    const pending = await call(`/api/v1/orgs/${corp.orgId}/invitations`, { token: corp.token });
    expect(pending.body.items.map((i: { id: string }) => i.id)).toContain(invited.body.id);
    const wrong = await call('/api/v1/invitations/accept', {
      token: corp.token,
      body: { token },
    });
    expect(wrong.status).toBe(403);
    const joined = await call('/api/v1/invitations/accept', { token: bob.token, body: { token } });
    expect(joined.status).toBe(200);
    expect(joined.body.user.id).toBe(bob.user.id);
  });

  test('admins list and revoke pending invitations; a revoked link is 410', async () => {
    const corp = await registerOwner('Corp');
    const email = uniqueEmail('revoked');
    const invited = await call(`/api/v1/orgs/${corp.orgId}/invitations`, {
      token: corp.token,
      body: { email, role: 'agent' },
    });
    const list = await call(`/api/v1/orgs/${corp.orgId}/invitations`, { token: corp.token });
    expect(list.status).toBe(200);
    expect(list.body.items).toContainEqual(
      expect.objectContaining({ id: invited.body.id, email, role: 'agent' }),
    );
    const path = `/api/v1/orgs/${corp.orgId}/invitations/${invited.body.id}`;
    const other = await registerOwner('Other');
    expect((await call(path, { method: 'DELETE', token: other.token })).status).toBe(404);
    expect((await call(path, { method: 'DELETE', token: corp.token })).status).toBe(204);
    const after = await call(`/api/v1/orgs/${corp.orgId}/invitations`, { token: corp.token });
    expect(after.body.items.map((i: { id: string }) => i.id)).not.toContain(invited.body.id);
    const token = await mailedToken(email, '/invitations/accept');
    const gone = await call('/api/v1/invitations/accept', {
      body: { token, name: 'Late', password: PASSWORD },
    });
    expect(gone.status).toBe(410);
    expect(isProblem(gone)).toBe(true);
    expect(gone.body.code).toBe('invitation_revoked');
  });
});

describe('password life cycle and sessions', () => {
  test('a password change ends every other session: refresh 401, access refused, socket dropped', async () => {
    const user = await registerOwner('Changer');
    const other = (await login(user.email)).body.tokens;
    // Each session has a socket, on different ws instances.
    const otherSocket = connectClient({ token: other.accessToken, instance: 'ws-1' });
    const ownSocket = connectClient({ token: user.token, instance: 'ws-2' });
    await Promise.all([waitConnected(otherSocket), waitConnected(ownSocket)]);
    const dropped = new Promise<string>((resolve) => otherSocket.on('disconnect', resolve));
    const wrong = await call('/api/v1/me/password', {
      token: user.token,
      body: { currentPassword: 'not my password', newPassword: 'a brand new passphrase' },
    });
    expect(wrong.status).toBe(403);
    const changed = await call('/api/v1/me/password', {
      token: user.token,
      body: { currentPassword: PASSWORD, newPassword: 'a brand new passphrase' },
    });
    expect(changed.status).toBe(204);
    expect(
      (await call('/api/v1/auth/refresh', { body: { refreshToken: other.refreshToken } })).status,
    ).toBe(401);
    await eventually(
      async () => (await call('/api/v1/me', { token: other.accessToken })).status === 401,
      15_000,
    );
    const revoked = await call('/api/v1/me', { token: other.accessToken });
    expect(revoked.body.code).toBe('session_revoked');
    // The other session's socket is disconnected by the server; this session's stays.
    expect(await dropped).toBe('io server disconnect');
    expect(ownSocket.connected).toBe(true);
    ownSocket.disconnect();
    // Its token no longer opens a socket either.
    const again = connectClient({ token: other.accessToken });
    await expect(waitConnected(again)).rejects.toThrow('unauthorized');
    again.disconnect();
    // This session goes on.
    expect((await call('/api/v1/me', { token: user.token })).status).toBe(200);
    expect(
      (await call('/api/v1/auth/refresh', { body: { refreshToken: user.refreshToken } })).status,
    ).toBe(200);
    expect((await login(user.email)).status).toBe(401);
    expect((await login(user.email, 'a brand new passphrase')).status).toBe(200);
  });

  test('log out everywhere ends every session, this one included', async () => {
    const user = await registerOwner('Leaver');
    const other = (await login(user.email)).body.tokens;
    expect(
      (await call('/api/v1/me/sessions', { method: 'DELETE', token: user.token })).status,
    ).toBe(204);
    for (const session of [{ accessToken: user.token, refreshToken: user.refreshToken }, other]) {
      expect(
        (await call('/api/v1/auth/refresh', { body: { refreshToken: session.refreshToken } }))
          .status,
      ).toBe(401);
      await eventually(
        async () => (await call('/api/v1/me', { token: session.accessToken })).status === 401,
      );
    }
    expect((await login(user.email)).status).toBe(200);
  });

  test('password reset: unknown and known emails answer the same; the link works once', async () => {
    const user = await registerOwner('Forgetful');
    const known = await call('/api/v1/auth/password-reset', { body: { email: user.email } });
    const unknown = await call('/api/v1/auth/password-reset', {
      body: { email: uniqueEmail('nobody') },
    });
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(known.text).toBe(unknown.text);
    const token = await mailedToken(user.email, '/reset-password');
    const reset = await call('/api/v1/auth/password-reset/confirm', {
      body: { token, password: 'reset to this passphrase' },
    });
    expect(reset.status).toBe(204);
    const again = await call('/api/v1/auth/password-reset/confirm', {
      body: { token, password: 'and again to this one' },
    });
    expect(again.status).toBe(400);
    expect(again.body.code).toBe('invalid_link');
    expect((await login(user.email)).status).toBe(401);
    expect((await login(user.email, 'reset to this passphrase')).status).toBe(200);
    // Every session ended with the reset.
    expect(
      (await call('/api/v1/auth/refresh', { body: { refreshToken: user.refreshToken } })).status,
    ).toBe(401);
    await eventually(async () => (await call('/api/v1/me', { token: user.token })).status === 401);
  });

  test('a reset by the mailbox of a squatted account removes the squatter’s second factor; a verified account keeps its own', async () => {
    const squatted = await registerOwner('Squatted', { verified: false });
    const owned = await registerOwner('Owned');
    // A second factor on each (the squatter's set up before unverified accounts were refused).
    for (const account of [squatted, owned]) await plantSecondFactor(account.user.id);
    for (const account of [squatted, owned]) {
      await call('/api/v1/auth/password-reset', { body: { email: account.email } });
      const token = await mailedToken(account.email, '/reset-password');
      const reset = await call('/api/v1/auth/password-reset/confirm', {
        body: { token, password: 'the mailbox owner’s own' },
      });
      expect(reset.status).toBe(204);
    }
    const squattedLogin = await login(squatted.email, 'the mailbox owner’s own');
    expect(squattedLogin.body.tokens.accessToken).toEqual(expect.any(String));
    expect(squattedLogin.body.user.emailVerified).toBe(true);
    const codes = await db`select user_id from recovery_codes
                            where user_id in ${db([squatted.user.id, owned.user.id])}`;
    expect(codes.map((r) => r.user_id)).toEqual([owned.user.id]);
    // A verified account's second factor is its owner's: a reset does not remove it.
    expect((await login(owned.email, 'the mailbox owner’s own')).body.twoFactorRequired).toBe(true);
  });

  test('a session ends at its maximum age, however often it is refreshed', async () => {
    const user = await registerOwner('Old');
    await db`update refresh_tokens set session_started_at = now() - interval '91 days'
              where user_id = ${user.user.id}`;
    const res = await call('/api/v1/auth/refresh', { body: { refreshToken: user.refreshToken } });
    expect(res.status).toBe(401);
    // New logins are fine, and a refresh's expiry never passes the session's end.
    const fresh = (await login(user.email)).body.tokens;
    const rotated = await call('/api/v1/auth/refresh', {
      body: { refreshToken: fresh.refreshToken },
    });
    expect(rotated.status).toBe(200);
    const [row] = await db<{ ok: boolean }[]>`
      select bool_and(expires_at <= session_started_at + interval '90 days') as ok
        from refresh_tokens
       where user_id = ${user.user.id} and session_started_at > now() - interval '1 hour'`;
    expect(row?.ok).toBe(true);
  });

  test('a revoked token is refused by every api instance (none keeps it valid)', async () => {
    const user = await registerOwner('Everywhere');
    // Both instances have seen (and cached) the session before it ends.
    for (const n of [1, 2]) {
      const res = await fetch(`http://127.0.0.1:${servicePort('api', n)}/api/v1/me`, {
        headers: { Authorization: `Bearer ${user.token}` },
      });
      expect(res.status).toBe(200);
    }
    await call('/api/v1/me/sessions', { method: 'DELETE', token: user.token });
    for (const n of [1, 2]) {
      const res = await fetch(`http://127.0.0.1:${servicePort('api', n)}/api/v1/me`, {
        headers: { Authorization: `Bearer ${user.token}` },
      });
      expect(res.status).toBe(401);
    }
  });
});
