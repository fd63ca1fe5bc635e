import { describe, expect, test } from 'bun:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, rateLimitConfig } from '@insightdesk/shared/config';
import { Secret, TOTP } from 'otpauth';
import { guessesPerHour } from '../../services/api/src/guessing-bounds';
import { PASSWORD, registerOwner } from '../support/api';
import { call, callInstance, postFrom } from '../support/http';
import { ROOT } from '../support/stack';

// Second-factor throttling that cannot be turned against the owner: whoever floods an account
// with wrong codes (they know the password) locks out their own address, a challenge dies after
// a few codes, and past the account's slow ceiling the owner's known device and address still
// get in. Address budgets count an IPv6 /64 as one address. And the brute-force figure of
// docs/security.md is what the live limits give.

const limits = loadConfig({ rateLimit: rateLimitConfig }, { dir: ROOT }).rateLimit;
const LOGIN = '/api/v1/auth/login';
const SECOND = '/api/v1/auth/login/2fa';

const codeAt = (secret: string, offsetSteps = 0) =>
  new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6 }).generate({
    timestamp: Date.now() + offsetSteps * 30_000,
  });

/** A verified account with two-factor authentication on. */
async function withTwoFactor(name: string) {
  const user = await registerOwner(name);
  const setup = await call('/api/v1/me/2fa/setup', {
    token: user.token,
    body: { currentPassword: PASSWORD },
  });
  const enabled = await call('/api/v1/me/2fa/enable', {
    token: user.token,
    body: { code: codeAt(setup.body.secret), currentPassword: PASSWORD },
  });
  expect(enabled.status).toBe(200);
  const secret: string = setup.body.secret;
  const recovery: string[] = enabled.body.recoveryCodes;
  /** A code that is never right now (neither this step's nor its neighbours'). */
  const wrong = () => {
    const right = new Set([-1, 0, 1].map((k) => codeAt(secret, k)));
    let n = 100_000 + Math.floor(Math.random() * 800_000);
    while (right.has(String(n))) n++;
    return String(n);
  };
  return { user, secret, recovery, wrong };
}

type Account = Awaited<ReturnType<typeof withTwoFactor>>;

/** The password step from `address`: its challenge. */
async function challengeFrom(address: string, account: Account): Promise<string> {
  const res = await postFrom(address, LOGIN, { email: account.user.email, password: PASSWORD });
  expect(res.body.twoFactorRequired).toBe(true);
  return res.body.challenge;
}

/**
 * Wrong codes from `address`, a new challenge whenever one dies, until the budgets refuse
 * (429): how many were checked (401 invalid_code).
 */
async function guessUntilRefused(address: string, account: Account, max = 50) {
  let checked = 0;
  let challenge = await challengeFrom(address, account);
  for (let i = 0; i < max; i++) {
    const res = await postFrom(address, SECOND, { challenge, code: account.wrong() });
    if (res.status === 429) return checked;
    expect(res.status).toBe(401);
    if (res.body.code === 'invalid_code') checked++;
    else {
      expect(res.body.code).toBe('invalid_challenge');
      challenge = await challengeFrom(address, account);
    }
  }
  throw new Error(`${address} was never refused`);
}

describe('second-factor throttling that cannot be turned against the owner', () => {
  test('a flood of wrong codes from one address: that address is refused, the owner signs in from another', async () => {
    const account = await withTwoFactor('Flooded');
    const checked = await guessUntilRefused('127.0.2.1', account);
    expect(checked).toBe(limits.secondFactorPerUserAndAddress);
    // The attacker keeps flooding: nothing more is checked.
    const challenge = await challengeFrom('127.0.2.1', account);
    for (let i = 0; i < 10; i++) {
      const res = await postFrom('127.0.2.1', SECOND, { challenge, code: account.wrong() });
      expect(res.body.code).not.toBe('invalid_code');
    }
    // The owner, elsewhere, with the right code.
    const own = await postFrom('127.0.2.2', SECOND, {
      challenge: await challengeFrom('127.0.2.2', account),
      code: codeAt(account.secret, 1),
    });
    expect(own.status).toBe(200);
    expect(own.body.user.id).toBe(account.user.user.id);
  });

  test('a challenge dies after a few wrong codes, and the right code uses it up', async () => {
    const account = await withTwoFactor('Challenged');
    const challenge = await challengeFrom('127.0.2.3', account);
    for (let i = 0; i < limits.secondFactorPerChallenge; i++) {
      const res = await postFrom('127.0.2.3', SECOND, { challenge, code: account.wrong() });
      expect(res.body.code).toBe('invalid_code');
    }
    const dead = await postFrom('127.0.2.3', SECOND, {
      challenge,
      recoveryCode: account.recovery[0],
    });
    expect([dead.status, dead.body.code]).toEqual([401, 'invalid_challenge']);
    const fresh = await challengeFrom('127.0.2.4', account);
    const ok = await postFrom('127.0.2.4', SECOND, {
      challenge: fresh,
      recoveryCode: account.recovery[0],
    });
    expect(ok.status).toBe(200);
    const again = await postFrom('127.0.2.4', SECOND, {
      challenge: fresh,
      recoveryCode: account.recovery[1],
    });
    expect([again.status, again.body.code]).toEqual([401, 'invalid_challenge']);
  });

  test('the addresses of one IPv6 /64 share a budget; another /64 has its own', async () => {
    const account = await withTwoFactor('Slash64');
    const from = (address: string) => ({ headers: { 'X-Real-IP': address } });
    const login = async (address: string) =>
      (
        await callInstance(1, LOGIN, {
          ...from(address),
          body: { email: account.user.email, password: PASSWORD },
        })
      ).body.challenge as string;
    // One guess from each of many addresses of 2001:db8:aa:1::/64.
    const statuses: number[] = [];
    for (let i = 1; i <= limits.secondFactorPerUserAndAddress + 2; i++) {
      const address = `2001:db8:aa:1:${i.toString(16)}::${i}`;
      const res = await callInstance(2, SECOND, {
        ...from(address),
        body: { challenge: await login(address), code: account.wrong() },
      });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([...Array(limits.secondFactorPerUserAndAddress).fill(401), 429, 429]);
    const elsewhere = await callInstance(2, SECOND, {
      ...from('2001:db8:aa:2::1'),
      body: { challenge: await login('2001:db8:aa:2::1'), code: account.wrong() },
    });
    expect([elsewhere.status, elsewhere.body.code]).toEqual([401, 'invalid_code']);

    // Password guesses too: the (account, address) budget counts the /64.
    const victim = await registerOwner('Sixtyfour');
    const passwords: number[] = [];
    for (let i = 1; i <= limits.loginPerAccountAndAddress + 1; i++) {
      const res = await callInstance(1, LOGIN, {
        ...from(`2001:db8:bb:1::${i}`),
        body: { email: victim.email, password: `guess ${i}` },
      });
      passwords.push(res.status);
    }
    expect(passwords).toEqual([...Array(limits.loginPerAccountAndAddress).fill(401), 429]);
  });

  test('guessing spread over many addresses stops at the live budgets the figure of docs/security.md is made of; the owner’s known device and address still get in', async () => {
    const account = await withTwoFactor('Spread');
    // The owner's earlier sign-in: a known address and a device token.
    const earlier = await postFrom('127.0.3.1', SECOND, {
      challenge: await challengeFrom('127.0.3.1', account),
      recoveryCode: account.recovery[0],
    });
    expect(earlier.status).toBe(200);
    const { deviceToken } = earlier.body;

    // Second factor: what one address gets, then what all of them get together.
    const perAddress = await guessUntilRefused('127.0.4.1', account);
    let total = perAddress;
    let addresses = 1;
    for (;;) {
      const address = `127.0.4.${++addresses}`;
      const checked = await guessUntilRefused(address, account);
      total += checked;
      if (checked === 0) break;
      expect(addresses).toBeLessThan(200);
    }
    expect(perAddress).toBe(limits.secondFactorPerUserAndAddress);
    expect(total).toBe(limits.secondFactorPerUser);

    // Past the ceiling: a new address is refused, the owner's device and address are not.
    const stranger = await postFrom('127.0.5.1', SECOND, {
      challenge: await challengeFrom('127.0.5.1', account),
      recoveryCode: account.recovery[1],
    });
    expect(stranger.status).toBe(429);
    const device = await postFrom('127.0.5.2', SECOND, {
      challenge: await challengeFrom('127.0.5.2', account),
      recoveryCode: account.recovery[2],
      deviceToken,
    });
    expect(device.status).toBe(200);
    const known = await postFrom('127.0.3.1', SECOND, {
      challenge: await challengeFrom('127.0.3.1', account),
      recoveryCode: account.recovery[3],
    });
    expect(known.status).toBe(200);

    // Passwords: one address's budget, then the account's and the new-address allowance.
    const target = await registerOwner('Spreadlogin');
    const guess = (address: string, n: number) =>
      postFrom(address, LOGIN, { email: target.email, password: `wrong ${address} ${n}` });
    let pair = 0;
    while ((await guess('127.0.6.1', pair)).status === 401) pair++;
    let passwords = pair;
    for (let a = 2; ; a++) {
      let checked = 0;
      while ((await guess(`127.0.6.${a}`, checked)).status === 401) checked++;
      passwords += checked;
      if (checked === 0) break;
      expect(a).toBeLessThan(250);
    }
    expect(pair).toBe(limits.loginPerAccountAndAddress);
    expect(passwords).toBe(limits.loginPerAccount + limits.loginNewAddressesPerAccount);

    // The figure of docs/security.md: computed from these same budgets.
    const readme = readFileSync(join(ROOT, 'docs/security.md'), 'utf8');
    const table = readme.slice(readme.indexOf('<!-- guesses-per-hour -->'));
    for (const count of [1, 100, 10_000]) {
      const figure = guessesPerHour(limits, count);
      const row = table.match(
        new RegExp(`^\\| ${count.toLocaleString('en-US')} \\| ([\\d,]+) \\| ([\\d,]+) \\|`, 'm'),
      );
      expect({ count, row: row?.slice(1).map((n) => Number(n.replaceAll(',', ''))) }).toEqual({
        count,
        row: [figure.password, figure.secondFactor],
      });
    }
    // The figure follows from what was measured here, budget by budget.
    expect(guessesPerHour(limits, 1).secondFactor).toBe(perAddress * 4);
    expect(guessesPerHour(limits, 10_000).secondFactor).toBe(total);
    expect(guessesPerHour(limits, 1).password).toBe(pair * 4);
    expect(guessesPerHour(limits, 10_000).password).toBe(
      limits.loginPerAccount * 4 + limits.loginNewAddressesPerAccount,
    );
  }, 120_000);
});
