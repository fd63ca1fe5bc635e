import { describe, expect, test } from 'bun:test';
import { PASSWORD, registerOwner } from '../support/api';
import { call, callInstance } from '../support/http';
import { type Client, connectClient, waitConnected } from '../support/realtime';
import { eventually } from '../support/stack';

// Sessions end when they are ended: a refresh token stolen and refreshed in a tight loop does not
// outlive "log out everywhere", and logging out one session ends its access tokens and sockets on
// every instance, not only its refresh family.

const refreshAt = (n: number, refreshToken: string) =>
  callInstance(n, '/api/v1/auth/refresh', { body: { refreshToken } });

/**
 * One race: a thief refreshes a stolen session's token in a tight loop on api-1 while its owner
 * logs out everywhere on api-2. Answers what survived the owner's 204: refreshes that started
 * after it and succeeded, the thief's last refresh token, the last access token it was given.
 */
async function race(delayMs: number) {
  const owner = await registerOwner('Raced');
  const stolen = await call('/api/v1/auth/login', {
    body: { email: owner.email, password: PASSWORD },
  });
  let refreshToken: string = stolen.body.tokens.refreshToken;
  let accessToken: string = stolen.body.tokens.accessToken;
  let ended = false;
  let afterEnd = 0;
  let lateSuccesses = 0;
  const thief = (async () => {
    // Keeps going a little after the 204, as a thief would; stops at its first refusal after it.
    while (afterEnd < 20) {
      const startedAfterEnd = ended;
      if (startedAfterEnd) afterEnd++;
      const res = await refreshAt(1, refreshToken);
      if (res.status === 200) {
        refreshToken = res.body.tokens.refreshToken;
        accessToken = res.body.tokens.accessToken;
        if (startedAfterEnd) lateSuccesses++;
      } else if (startedAfterEnd) break;
    }
  })();
  await Bun.sleep(delayMs);
  const out = await callInstance(2, '/api/v1/me/sessions', {
    method: 'DELETE',
    token: owner.token,
  });
  expect(out.status).toBe(204);
  ended = true;
  await thief;
  const lastRefresh = await refreshAt(2, refreshToken);
  const me = await Promise.all(
    [1, 2].map((n) => callInstance(n, '/api/v1/me', { token: accessToken })),
  );
  return {
    lateSuccesses,
    refreshSurvived: lastRefresh.status === 200,
    accessSurvived: me.some((r) => r.status === 200),
  };
}

describe('sessions that really end', () => {
  test('log out everywhere against a refresh loop, 30 races: no refresh token or access token survives the 204', async () => {
    const ROUNDS = 30;
    let survivors = 0;
    const seen: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const outcome = await race(5 + (round % 6) * 7);
      const survived =
        outcome.lateSuccesses > 0 || outcome.refreshSurvived || outcome.accessSurvived;
      if (survived) {
        survivors++;
        seen.push(JSON.stringify(outcome));
      }
    }
    expect({ survivors, seen }).toEqual({ survivors: 0, seen: [] });
  }, 180_000);

  test('logout ends its own access tokens on both api instances and its sockets on either ws instance; the other session goes on', async () => {
    const user = await registerOwner('Leaving');
    const other = (
      await call('/api/v1/auth/login', { body: { email: user.email, password: PASSWORD } })
    ).body.tokens;
    // Both api instances have seen (and cached) the session before it ends.
    for (const n of [1, 2]) {
      expect((await callInstance(n, '/api/v1/me', { token: user.token })).status).toBe(200);
    }
    const sockets: Client[] = [
      connectClient({ token: user.token, instance: 'ws-1' }),
      connectClient({ token: user.token, instance: 'ws-2' }),
    ];
    const survivor = connectClient({ token: other.accessToken, instance: 'ws-1' });
    await Promise.all([...sockets, survivor].map((s) => waitConnected(s)));
    const reasons = sockets.map(
      (s) => new Promise<string>((resolve) => s.on('disconnect', (reason) => resolve(reason))),
    );

    const out = await call('/api/v1/auth/logout', { body: { refreshToken: user.refreshToken } });
    expect(out.status).toBe(204);
    for (const n of [1, 2]) {
      const me = await callInstance(n, '/api/v1/me', { token: user.token });
      expect([n, me.status, me.body.code]).toEqual([n, 401, 'session_revoked']);
    }
    // Each socket of that session is disconnected by the server, whichever instance holds it.
    expect(await Promise.all(reasons)).toEqual(['io server disconnect', 'io server disconnect']);
    const again = connectClient({ token: user.token });
    await expect(waitConnected(again)).rejects.toThrow('unauthorized');
    again.disconnect();

    // The other session of the same user is untouched.
    await Bun.sleep(300);
    expect(survivor.connected).toBe(true);
    for (const n of [1, 2]) {
      expect((await callInstance(n, '/api/v1/me', { token: other.accessToken })).status).toBe(200);
    }
    expect((await refreshAt(1, other.refreshToken)).status).toBe(200);
    survivor.disconnect();
  });

  test('a reused refresh token ends the family’s access tokens too', async () => {
    const user = await registerOwner('Reused');
    const first = await refreshAt(1, user.refreshToken);
    expect(first.status).toBe(200);
    const fresh = first.body.tokens.accessToken as string;
    expect((await callInstance(2, '/api/v1/me', { token: fresh })).status).toBe(200);
    const reuse = await refreshAt(1, user.refreshToken);
    expect(reuse.body.code).toBe('refresh_token_reused');
    await eventually(async () => {
      const answers = await Promise.all(
        [1, 2].map((n) => callInstance(n, '/api/v1/me', { token: fresh })),
      );
      return answers.every((a) => a.status === 401);
    });
  });
});
