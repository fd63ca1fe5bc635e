import { describe, expect, test } from 'bun:test';
import { loadConfig, rateLimitConfig } from '@insightdesk/shared/config';
import { addressBucket } from '@insightdesk/shared/http';
import { PASSWORD, registerOwner } from '../support/api';
import { call, isProblem, postFrom } from '../support/http';
import { ROOT, servicePort } from '../support/stack';

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

  test('an IPv6 client is its /64: fresh addresses of one network share its budget', async () => {
    const victim = await registerOwner('Six');
    // As nginx reports them (X-Real-IP) to the api's own port: a new address for every guess.
    const login = (address: string, password: string) =>
      fetch(`http://127.0.0.1:${servicePort('api', 1)}${LOGIN}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Real-IP': address },
        body: JSON.stringify({ email: victim.email, password }),
      }).then((res) => res.status);
    const guesses: number[] = [];
    for (let i = 0; i < limits.loginPerAccountAndAddress; i++)
      guesses.push(await login(`2001:db8:4:6::${(i + 1).toString(16)}`, `guess ${i}`));
    expect(guesses.every((status) => status === 401)).toBe(true);
    // Another address of that /64, even written another way, is the same client...
    expect(await login('2001:DB8:4:6:0:0:0:ff', PASSWORD)).toBe(429);
    expect(await login('2001:db8:4:6:ffff:ffff:ffff:1', PASSWORD)).toBe(429);
    // ...and the next /64 is another.
    expect(await login('2001:db8:4:7::1', PASSWORD)).toBe(200);
  });
});

describe('client address keys', () => {
  test('IPv6 by /64 (the loopback too), IPv4-mapped as IPv4, the rest as it is', () => {
    expect(
      [
        '127.0.0.1',
        '::1',
        '::ffff:10.1.2.3',
        '2001:db8::1',
        '2001:DB8:0:0:aaaa::1',
        'fe80::1%eth0',
        '64:ff9b::1.2.3.4',
        'unknown',
      ].map(addressBucket),
    ).toEqual([
      '127.0.0.1',
      '0:0:0:0::/64',
      '10.1.2.3',
      '2001:db8:0:0::/64',
      '2001:db8:0:0::/64',
      'fe80:0:0:0::/64',
      '64:ff9b:0:0::/64',
      'unknown',
    ]);
  });
});
