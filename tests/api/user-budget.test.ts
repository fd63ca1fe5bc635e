import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { createUserBudget } from '@insightdesk/shared/api';
import { loadConfig, valkeyConfig } from '@insightdesk/shared/config';
import { createLogger } from '@insightdesk/shared/logger';
import { createValkey, type Redis } from '@insightdesk/shared/valkey';
import { registerOwner } from '../support/api';
import { call, callInstance } from '../support/http';
import { eventually, ROOT, startInstance } from '../support/stack';

// The per-user API budget is counted in each api process and added to Valkey every few
// milliseconds (shared/src/api/middleware/user-budget.ts). Here: several "instances" (budgets
// over the stack's own Valkey) spend one user's budget at once, and an api started with a small
// budget answers 429 once it is spent.

const logger = createLogger({ service: 'test', instance: 'test', level: 'silent', format: 'json' });
const valkeyUrl = loadConfig({ valkey: valkeyConfig }, { dir: ROOT }).valkey.cacheUrl;
const N = 5;
let valkey: Redis;

beforeAll(async () => {
  valkey = createValkey({ url: valkeyUrl, name: 'tests-user-budget', kind: 'command', logger });
  await eventually(async () => (await valkey.ping()) === 'PONG');
});
afterAll(() => valkey.disconnect());

const options = { points: 50, windowSeconds: 60, syncMs: 10, unconfirmedPerUser: 5 };
/** Each case starts at least 3 s before a window ends, so that one window holds all of it. */
async function clearOfWindowEnd() {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < 3000) await Bun.sleep(left + 50);
}
const windowKey = () => `{insightdesk:rl:user}:${Math.floor(Date.now() / 60_000)}`;

describe('the per-user budget, counted per instance and shared through Valkey', () => {
  test('three instances at once admit the budget, and past it at most 5 per instance', async () => {
    await clearOfWindowEnd();
    const instances = [0, 1, 2].map(() => createUserBudget(valkey, options, logger));
    const user = crypto.randomUUID();
    const answers = await Promise.all(
      Array.from({ length: 300 }, (_, i) => instances[i % 3]?.admit(user)),
    );
    await Promise.all(instances.map((b) => b.flush()));
    const admitted = answers.filter((a) => a?.allowed).length;
    expect(admitted).toBeGreaterThanOrEqual(options.points);
    expect(admitted).toBeLessThanOrEqual(options.points + 3 * options.unconfirmedPerUser);
    // Valkey holds every admitted request, whichever instance admitted it.
    expect(Number(await valkey.hget(windowKey(), user))).toBe(admitted);
    const refused = answers.find((a) => !a?.allowed);
    expect(refused?.remaining).toBe(0);
    expect(refused?.resetSeconds).toBeGreaterThanOrEqual(1);
    expect(refused?.resetSeconds).toBeLessThanOrEqual(60);
    // Another user's budget is untouched.
    const other = await instances[0]?.admit(crypto.randomUUID());
    expect(other?.allowed).toBe(true);
    expect(other?.remaining).toBe(options.points - 1);
  });

  test('an instance that has not seen the user learns the spent budget at its first sync', async () => {
    await clearOfWindowEnd();
    const first = createUserBudget(valkey, options, logger);
    const user = crypto.randomUUID();
    for (let i = 0; i < options.points; i++) {
      expect((await first.admit(user)).allowed).toBe(true);
    }
    expect((await first.admit(user)).allowed).toBe(false);
    await first.flush();

    const late = createUserBudget(valkey, options, logger);
    // It admits on what it knows (nothing) until its first sync answers Valkey's total.
    const before = await late.admit(user);
    expect(before.allowed).toBe(true);
    await late.flush();
    const after = await late.admit(user);
    expect(after.allowed).toBe(false);
    expect(Number(await valkey.hget(windowKey(), user))).toBe(options.points + 1);
  });

  test('requests past the unconfirmed allowance wait for a sync instead of being refused', async () => {
    await clearOfWindowEnd();
    const budget = createUserBudget(valkey, { ...options, syncMs: 50 }, logger);
    const user = crypto.randomUUID();
    const started = performance.now();
    const pending = Array.from({ length: 12 }, () => budget.admit(user));
    // Within the allowance the answer is given at once (no promise); past it, after a sync.
    expect(pending.map((a) => a instanceof Promise)).toEqual([
      ...Array(options.unconfirmedPerUser).fill(false),
      ...Array(12 - options.unconfirmedPerUser).fill(true),
    ]);
    const answers = await Promise.all(pending);
    expect(answers.every((a) => a.allowed)).toBe(true);
    // 12 requests with 5 unconfirmed at a time took at least two syncs.
    expect(performance.now() - started).toBeGreaterThanOrEqual(2 * 50 - 5);
    await budget.flush();
    expect(Number(await valkey.hget(windowKey(), user))).toBe(12);
  });
});

describe('an api with a small budget', () => {
  let api: { stop(): Promise<void> } | undefined;
  beforeAll(async () => {
    api = await startInstance('api', N, { RATE_LIMIT_USER_PER_MINUTE: '5' });
  }, 90_000);
  afterAll(async () => {
    await api?.stop();
  });

  test('counts down in RateLimit-Remaining, then answers 429 with Retry-After and changes nothing', async () => {
    await clearOfWindowEnd();
    const owner = await registerOwner('Budget');
    const remaining: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await callInstance(N, '/api/v1/me', { token: owner.token });
      expect(res.status).toBe(200);
      expect(res.headers.get('ratelimit-limit')).toBe('5');
      remaining.push(Number(res.headers.get('ratelimit-remaining')));
    }
    expect(remaining).toEqual([4, 3, 2, 1, 0]);
    const refused = await callInstance(N, `/api/v1/orgs/${owner.orgId}/items`, {
      token: owner.token,
      body: { title: 'This must not be created.' },
    });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.body.code).toBe('rate_limited');
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.headers.get('ratelimit-remaining')).toBe('0');
    // Through the stack's own api instances (a budget of their own size): nothing was created.
    const list = await call(`/api/v1/orgs/${owner.orgId}/items`, { token: owner.token });
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([]);
  });
});
