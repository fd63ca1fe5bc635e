import { describe, expect, test } from 'bun:test';
import { ApiError, type Session, SessionEndedError } from '@insightdesk/client';
import { PASSWORD, registerOwner, uniqueEmail, verifyEmail } from '../../../tests/support/api';
import { resigned, sdk } from '../../../tests/support/client';
import { call } from '../../../tests/support/http';

describe('@insightdesk/client: REST', () => {
  test('typed calls: register, create an organization, open and list tickets; refusals are ApiErrors', async () => {
    const client = sdk();
    const email = uniqueEmail('sdk');
    const registered = await client.register({
      email,
      password: PASSWORD,
      name: 'Sue',
      organizationName: 'Sue Co',
    });
    expect(client.session.current()?.accessToken).toBe(registered.tokens.accessToken);
    await verifyEmail(registered.user.id); // organizations are created by verified accounts

    const { data: org, response } = await client.api.POST('/v1/orgs', {
      body: { name: 'Second desk' },
    });
    expect(response.status).toBe(201);
    if (!org) throw new Error('no organization');
    expect(org.name).toBe('Second desk');

    const opened = await client.api.POST('/v1/orgs/{orgId}/tickets', {
      params: { path: { orgId: org.id } },
      body: { subject: 'Printer on fire', body: 'Again.' },
    });
    expect(opened.response.status).toBe(201);
    if (!opened.data) throw new Error('no ticket');
    const ticketId = opened.data.id;
    const list = await client.api.GET('/v1/orgs/{orgId}/tickets', {
      params: { path: { orgId: org.id }, query: { limit: 10 } },
    });
    expect(list.data?.items.map((t) => t.id)).toEqual([ticketId]);
    expect(list.data?.items[0]?.subject).toBe('Printer on fire');

    // Another organization's ticket is an error answer, typed as the problem it is.
    const stranger = await registerOwner('Stranger');
    const hidden = await client.api.GET('/v1/orgs/{orgId}/tickets', {
      params: { path: { orgId: stranger.orgId } },
    });
    expect(hidden.response.status).toBe(404);
    expect(hidden.error).toMatchObject({ status: 404, code: expect.any(String) });

    // A wrong password is an ApiError with the problem, and leaves the session alone.
    const other = sdk();
    const refused = await other.login({ email, password: 'not the password' }).catch((e) => e);
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused.status).toBe(401);
    expect(refused.problem.code).toBe('invalid_credentials');
    expect(other.session.current()).toBeNull();
  });

  test('an expired access token is refreshed once for many concurrent calls, which all succeed', async () => {
    const owner = await registerOwner('Expired');
    const client = sdk();
    await client.login({ email: owner.email, password: owner.password });
    const current = client.session.current() as Session;
    // A session restored from storage whose access token has expired (the client thinks it valid).
    const expired = await resigned(current.accessToken, Math.floor(Date.now() / 1000) - 10);
    const restored = sdk({
      session: { ...current, accessToken: expired, refreshAt: Date.now() + 600_000 },
    });
    const answers = await Promise.all(
      Array.from({ length: 8 }, () =>
        restored.api.GET('/v1/orgs/{orgId}/tickets', { params: { path: { orgId: owner.orgId } } }),
      ),
    );
    expect(answers.map((a) => a.response.status)).toEqual(Array(8).fill(200));
    expect(restored.requests.count('/api/v1/auth/refresh')).toBe(1);
    expect(restored.requests.count(`/api/v1/orgs/${owner.orgId}/tickets`, 401)).toBe(8);
    const renewed = restored.session.current();
    expect(renewed?.accessToken).not.toBe(expired);
    expect(renewed?.refreshToken).not.toBe(current.refreshToken);
    // The spent refresh token is refused now: the rotation really happened on the server.
    const replay = await call('/api/v1/auth/refresh', {
      body: { refreshToken: current.refreshToken },
    });
    expect(replay.status).toBe(401);
  });

  test('an access token about to expire is renewed before the call, with one refresh for all', async () => {
    const owner = await registerOwner('Due');
    const client = sdk({ refreshMarginSeconds: 120 });
    await client.login({ email: owner.email, password: owner.password });
    const current = client.session.current() as Session;
    const seen: (Session | null)[] = [];
    const due = sdk({
      session: { ...current, refreshAt: Date.now() - 1 },
      onSessionChange: (session) => seen.push(session),
    });
    const answers = await Promise.all(Array.from({ length: 5 }, () => due.api.GET('/v1/me')));
    expect(answers.map((a) => a.response.status)).toEqual(Array(5).fill(200));
    expect(due.requests.count('/api/v1/auth/refresh')).toBe(1);
    expect(due.requests.requests.filter((r) => r.status === 401)).toEqual([]);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.refreshToken).not.toBe(current.refreshToken);
  });

  test('a session that cannot be renewed hands back the 401 and ends; logout revokes the refresh token', async () => {
    const owner = await registerOwner('Ended');
    const client = sdk();
    await client.login({ email: owner.email, password: owner.password });
    const current = client.session.current() as Session;
    await client.logout();
    expect(client.session.current()).toBeNull();
    const refreshed = await call('/api/v1/auth/refresh', {
      body: { refreshToken: current.refreshToken },
    });
    expect(refreshed.status).toBe(401);

    // A client still holding that session: its expired token is refused, the refresh too.
    const expired = await resigned(current.accessToken, Math.floor(Date.now() / 1000) - 10);
    const stale = sdk({ session: { ...current, accessToken: expired } });
    const me = await stale.api.GET('/v1/me');
    expect(me.response.status).toBe(401);
    expect(stale.session.current()).toBeNull();
    expect(await stale.session.renewAfterRefusal(expired).catch((e) => e)).toBeInstanceOf(
      SessionEndedError,
    );
    expect(stale.requests.count('/api/v1/auth/refresh')).toBe(1);
  });
});
