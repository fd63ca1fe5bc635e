import { describe, expect, test } from 'bun:test';
import { authConfig, loadConfig } from '@insightdesk/shared/config';
import { SignJWT } from 'jose';
import { registerOwner } from '../support/api';
import { connectClient, request, waitConnected } from '../support/realtime';
import { eventually, ROOT } from '../support/stack';

const [key] = loadConfig({ auth: authConfig }, { dir: ROOT }).auth.signingKeys;

async function shortToken(userId: string, seconds: number) {
  if (!key) throw new Error('no key');
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', kid: key.kid })
    .setSubject(userId)
    .setIssuer('insightdesk')
    .setAudience('insightdesk')
    .setIssuedAt(now)
    .setExpirationTime(now + seconds)
    .sign(new TextEncoder().encode(key.secret));
}

describe('socket sessions', () => {
  test('a socket is dropped when its token expires, unless it re-authenticates', async () => {
    const owner = await registerOwner();
    const expiring = connectClient({ token: await shortToken(owner.user.id, 2) });
    const renewed = connectClient({ token: await shortToken(owner.user.id, 2) });
    await Promise.all([waitConnected(expiring), waitConnected(renewed)]);
    const ack = await request(renewed, 'auth', { token: owner.token });
    expect(ack.ok).toBe(true);
    const stranger = await registerOwner();
    expect(await request(renewed, 'auth', { token: stranger.token })).toEqual({
      ok: false,
      error: 'unauthorized',
    });

    await eventually(() => !expiring.connected, 6000);
    await Bun.sleep(1500);
    expect(renewed.connected).toBe(true);
    renewed.disconnect();
  });
});
