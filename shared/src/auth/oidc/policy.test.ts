import { describe, expect, test } from 'bun:test';
import type { SessionReach } from '../../shapes/session-reach';
import {
  firstSignIn,
  joinsOnSignIn,
  providerCheckedSecondFactor,
  reachOfSignIn,
  secondFactorAsked,
  VOUCHED_DOMAIN,
  vouchesFor,
} from './policy';

test('a provider vouches for exact domains only, or for every domain with *', () => {
  expect(vouchesFor(['example.com'], 'a@Example.COM')).toBe(true);
  expect(vouchesFor(['example.com'], 'a@sub.example.com')).toBe(false);
  expect(vouchesFor(['example.com'], 'a@example.com.evil.test')).toBe(false);
  expect(vouchesFor(['example.com'], 'example.com')).toBe(false);
  expect(vouchesFor(['example.com'], 'a@evil.test@example.com')).toBe(true);
  expect(vouchesFor([], 'a@example.com')).toBe(false);
  expect(vouchesFor(['*'], 'a@gmail.com')).toBe(true);
});

test('the amr values that stand for a second factor', () => {
  expect(providerCheckedSecondFactor(['pwd'])).toBe(false);
  expect(providerCheckedSecondFactor(['pwd', 'mfa'])).toBe(true);
  expect(providerCheckedSecondFactor(['hwk'])).toBe(true);
  expect(providerCheckedSecondFactor([])).toBe(false);
});

test('vouched domains an admin may set', () => {
  for (const ok of ['example.com', 'corp.example.co.uk', 'a-b.io'])
    expect(VOUCHED_DOMAIN.test(ok)).toBe(true);
  for (const bad of [
    '*',
    '*.example.com',
    'Example.com',
    'localhost',
    '-a.com',
    'a..com',
    'a.com.',
  ])
    expect(VOUCHED_DOMAIN.test(bad)).toBe(false);
});

describe('a first sign-in (the trust model)', () => {
  const base = {
    email: 'a@corp.test',
    emailVerified: true,
    existing: null,
    vouchedDomains: ['corp.test'],
    organization: true,
    jitRole: 'editor' as const,
    member: false,
  };

  test('the provider must say the address is verified', () => {
    expect(firstSignIn({ ...base, emailVerified: false })).toEqual({
      kind: 'refuse',
      code: 'idp_email_unverified',
    });
    expect(firstSignIn({ ...base, email: null })).toEqual({
      kind: 'refuse',
      code: 'idp_email_unverified',
    });
  });

  test('an existing account is never linked on the assertion alone, member or not', () => {
    const existing = { id: 'u1', verified: true };
    for (const member of [true, false])
      for (const vouchedDomains of [['corp.test'], ['*']])
        expect(firstSignIn({ ...base, existing, member, vouchedDomains })).toEqual({
          kind: 'holder-proof',
          userId: 'u1',
        });
    // Outside the vouched domains not even a link is offered (nor is the account's existence told).
    expect(firstSignIn({ ...base, existing, vouchedDomains: [] })).toEqual({
      kind: 'refuse',
      code: 'domain_not_vouched',
    });
    // Its holder proved it in this flow: linked.
    expect(firstSignIn({ ...base, existing, proven: 'u1' })).toEqual({
      kind: 'link',
      userId: 'u1',
    });
    // Another account's proof proves nothing about this one.
    expect(firstSignIn({ ...base, existing, proven: 'u2' }).kind).toBe('holder-proof');
    // An organization that would not take the account in offers no link.
    expect(firstSignIn({ ...base, existing, jitRole: null })).toEqual({
      kind: 'refuse',
      code: 'sso_not_a_member',
    });
    expect(firstSignIn({ ...base, existing, jitRole: null, member: true }).kind).toBe(
      'holder-proof',
    );
  });

  test('an account whose mailbox was never verified is neither linked nor taken over', () => {
    const existing = { id: 'u1', verified: false };
    expect(firstSignIn({ ...base, existing })).toEqual({
      kind: 'refuse',
      code: 'account_unverified',
    });
    expect(firstSignIn({ ...base, existing, proven: 'u1' }).kind).toBe('refuse');
  });

  test('a new account only on a vouched domain, and only where the organization provisions', () => {
    expect(firstSignIn(base)).toEqual({ kind: 'provision' });
    expect(firstSignIn({ ...base, vouchedDomains: [] })).toEqual({
      kind: 'refuse',
      code: 'domain_not_vouched',
    });
    expect(firstSignIn({ ...base, email: 'a@sub.corp.test' }).kind).toBe('refuse');
    expect(firstSignIn({ ...base, jitRole: null })).toEqual({
      kind: 'refuse',
      code: 'sso_not_provisioned',
    });
    // A deployment provider provisions accounts without an organization.
    expect(firstSignIn({ ...base, organization: false, jitRole: null })).toEqual({
      kind: 'provision',
    });
  });
});

describe('what a provider session reaches, and the second factor', () => {
  test("an organization's provider reaches its organization; the account only when it manages it", () => {
    expect(reachOfSignIn({ orgId: 'o1' }, false)).toEqual({ org: 'o1', account: false });
    expect(reachOfSignIn({ orgId: 'o1' }, true)).toEqual({ org: 'o1', account: true });
    expect(reachOfSignIn({ orgId: null }, false)).toEqual({ org: null, account: true });
  });

  test("the account's own second factor, unless the organization manages it or the operator's provider checked one", () => {
    const ask = (reach: SessionReach, amr: boolean, has = true) =>
      secondFactorAsked({
        reach,
        providerCheckedSecondFactor: amr,
        accountHasSecondFactor: has,
      });
    const confined = { org: 'o1', account: false };
    const managed = { org: 'o1', account: true };
    const deployment = { org: null, account: true };
    expect(ask(confined, false)).toBe(true);
    expect(ask(confined, true)).toBe(true);
    expect(ask(managed, false)).toBe(false);
    expect(ask(deployment, false)).toBe(true);
    expect(ask(deployment, true)).toBe(false);
    expect(ask(confined, false, false)).toBe(false);
  });
});

test("an account joins the provider's organization on sign-in only on a vouched domain, where it provisions", () => {
  const vouchedDomains = ['corp.test'];
  expect(joinsOnSignIn({ jitRole: 'editor', vouchedDomains, accountEmail: 'a@corp.test' })).toBe(
    true,
  );
  // Linked elsewhere at the same issuer (a deployment's Google, another organization's): no.
  expect(joinsOnSignIn({ jitRole: 'editor', vouchedDomains, accountEmail: 'a@gmail.test' })).toBe(
    false,
  );
  expect(joinsOnSignIn({ jitRole: null, vouchedDomains, accountEmail: 'a@corp.test' })).toBe(false);
});
