import { afterAll, describe, expect, test } from 'bun:test';
import { dbConfig, loadConfig, rateLimitConfig } from '@insightdesk/shared/config';
import postgres from 'postgres';
import { addMember, registerOwner, uniqueEmail } from '../support/api';
import { type CallResult, call, isProblem } from '../support/http';
import { ROOT } from '../support/stack';

const quotas = loadConfig({ rateLimit: rateLimitConfig }, { dir: ROOT }).rateLimit;
const db = postgres(loadConfig({ db: dbConfig }, { dir: ROOT }).db.url, { max: 1 });
afterAll(() => db.end());

function expectQuotaRefusal(res: CallResult<{ code?: string }>) {
  expect(res.status).toBe(429);
  expect(isProblem(res)).toBe(true);
  expect(res.body.code).toBe('rate_limited');
  expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(res.headers.get('ratelimit-remaining')).toBe('0');
}

/** Runs `n` calls, `width` at a time. */
async function times<T>(n: number, width: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < n; i += width)
    out.push(
      ...(await Promise.all(Array.from({ length: Math.min(width, n - i) }, (_, j) => fn(i + j)))),
    );
  return out;
}

const invitationsOf = async (orgId: string) =>
  Number((await db`select count(*)::int as n from invitations where org_id = ${orgId}`)[0]?.n);

describe('tenant quotas', () => {
  test('organizations per user per day: the one over answers 429 and creates nothing', async () => {
    const user = await registerOwner('Founder');
    const made = await times(quotas.orgsPerUserPerDay, 5, (i) =>
      call('/api/v1/orgs', { token: user.token, body: { name: `Venture ${i}` } }),
    );
    expect(made.map((r) => r.status)).toEqual(made.map(() => 201));
    const over = await call('/api/v1/orgs', { token: user.token, body: { name: 'One more' } });
    expectQuotaRefusal(over);
    const me = await call('/api/v1/me', { token: user.token });
    expect(me.body.memberships).toHaveLength(quotas.orgsPerUserPerDay + 1);
    // Another user's quota is untouched.
    const other = await registerOwner('Other');
    expect(
      (await call('/api/v1/orgs', { token: other.token, body: { name: 'Fine' } })).status,
    ).toBe(201);
  });

  test('invitations per inviter and per organization per day', async () => {
    const owner = await registerOwner('Inviter');
    const invite = (token: string) =>
      call(`/api/v1/orgs/${owner.orgId}/invitations`, {
        token,
        body: { email: uniqueEmail('invitee'), role: 'agent' },
      });

    const perInviter = quotas.invitationsPerInviterPerDay;
    const perOrg = quotas.invitationsPerOrgPerDay;
    // Admins who will fill the organization's quota (the owner's invitations of them count).
    const admins = await Promise.all(
      Array.from({ length: Math.ceil(perOrg / perInviter) }, () => addMember(owner, 'admin')),
    );

    // One member's daily quota.
    const sent = await times(perInviter - admins.length, 20, () => invite(owner.token));
    expect(sent.map((r) => r.status)).toEqual(sent.map(() => 201));
    expectQuotaRefusal(await invite(owner.token));
    expect(await invitationsOf(owner.orgId)).toBe(perInviter);

    // The organization's: the admins fill it, then nobody of it may invite today.
    let remaining = perOrg - perInviter;
    for (const admin of admins) {
      const n = Math.min(remaining, perInviter);
      const batch = await times(n, 20, () => invite(admin.token));
      expect(batch.map((r) => r.status)).toEqual(batch.map(() => 201));
      remaining -= n;
    }
    expect(await invitationsOf(owner.orgId)).toBe(perOrg);
    const fresh = admins.at(-1);
    if (!fresh) throw new Error('no admin');
    expectQuotaRefusal(await invite(fresh.token));
    expect(await invitationsOf(owner.orgId)).toBe(perOrg);
  }, 240_000);
});
