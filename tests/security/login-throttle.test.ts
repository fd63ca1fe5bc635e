import { describe, expect, test } from 'bun:test';
import { loadConfig, rateLimitConfig } from '@insightdesk/shared/config';
import { PASSWORD, registerOwner } from '../support/api';
import { call, isProblem, postFrom } from '../support/http';
import { ROOT } from '../support/stack';

const limits = loadConfig({ rateLimit: rateLimitConfig }, { dir: ROOT }).rateLimit;
const LOGIN = '/api/v1/auth/login';

describe('login throttling that cannot be turned against the user', () => {
  test('failures from one address lock that address out, not the user on another', async () => {
    const victim = await registerOwner('Victim');
    // An attacker at 127.0.0.1 guesses.
    for (let i = 0; i < limits.loginPerAccountAndAddress; i++) {
      const res = await call(LOGIN, { body: { email: victim.email, password: `guess ${i}` } });
      expect(res.status).toBe(401);
    }
    const attacker = await call(LOGIN, { body: { email: victim.email, password: PASSWORD } });
    expect(attacker.status).toBe(429);
    expect(isProblem(attacker)).toBe(true);
    // The real user, at another address, logs in.
    const user = await postFrom('127.0.0.2', LOGIN, { email: victim.email, password: PASSWORD });
    expect(user.status).toBe(200);
    expect(user.body.user.id).toBe(victim.user.id);
    expect(typeof user.body.deviceToken).toBe('string');
  });

  test('guessing spread over many addresses is stopped; known addresses and devices still log in', async () => {
    const victim = await registerOwner('Target');
    // The user's own earlier login: a known address and a device token.
    const earlier = await postFrom('127.0.0.3', LOGIN, { email: victim.email, password: PASSWORD });
    expect(earlier.status).toBe(200);
    const { deviceToken } = earlier.body;

    // Three guesses from each of many addresses: each stays under its own (account, address)
    // budget, together they pass the account's.
    const perAddress = 3;
    const addresses = Array.from(
      { length: Math.ceil((limits.loginPerAccount * 1.5) / perAddress) },
      (_, i) => `127.0.1.${i + 10}`,
    );
    expect(perAddress).toBeLessThan(limits.loginPerAccountAndAddress);
    const statuses: number[] = [];
    for (let round = 0; round < perAddress; round++) {
      for (const address of addresses) {
        const res = await postFrom(address, LOGIN, {
          email: victim.email,
          password: `spread guess ${round} ${address}`,
        });
        statuses.push(res.status);
      }
    }
    expect(statuses.filter((s) => s !== 401 && s !== 429)).toEqual([]);
    const checked = statuses.filter((s) => s === 401).length;
    // Past the account's budget, an address that has failed may not guess again: at most one
    // guess per address gets through after it.
    expect(checked).toBeLessThanOrEqual(limits.loginPerAccount + addresses.length);
    expect(checked).toBeLessThan(statuses.length);
    for (const address of addresses.slice(0, 5)) {
      const again = await postFrom(address, LOGIN, { email: victim.email, password: PASSWORD });
      expect(again.status).toBe(429);
    }

    // Who logged in before still does: from its known address, or with its device token from a
    // failing address; and a fresh address gets its one try.
    const known = await postFrom('127.0.0.3', LOGIN, { email: victim.email, password: PASSWORD });
    expect(known.status).toBe(200);
    const device = await postFrom(addresses[0] ?? '', LOGIN, {
      email: victim.email,
      password: PASSWORD,
      deviceToken,
    });
    expect(device.status).toBe(200);
    const forged = await postFrom(addresses[1] ?? '', LOGIN, {
      email: victim.email,
      password: PASSWORD,
      deviceToken: `${deviceToken}x`,
    });
    expect(forged.status).toBe(429);
    const fresh = await postFrom('127.0.2.1', LOGIN, { email: victim.email, password: PASSWORD });
    expect(fresh.status).toBe(200);
  }, 120_000);
});
