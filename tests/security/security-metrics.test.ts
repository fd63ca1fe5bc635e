import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { createRateLimits, type RateLimits } from '@insightdesk/shared/api';
import { loadConfig, rateLimitConfig } from '@insightdesk/shared/config';
import { AppError, UnauthorizedError } from '@insightdesk/shared/errors';
import { createHealthRegistry } from '@insightdesk/shared/health';
import { createLogger } from '@insightdesk/shared/logger';
import { createErrorReporter, createMetrics } from '@insightdesk/shared/monitoring';
import { createBaseApp } from '@insightdesk/shared/service';
import { noTracing } from '@insightdesk/shared/tracing';
import { closeValkey, createValkey, type Redis } from '@insightdesk/shared/valkey';
import { eventually, startValkeyServer } from '../support/stack';

// What the security alerts count (deploy/monitoring, security rules): refusals by the budget
// that refused (never by the account or address it keyed), and error answers by their code —
// each counted from 0 so that the first one after a start is an increase.

const logger = createLogger({
  service: 'test',
  instance: 'security-metrics',
  level: 'warn',
  format: 'json',
});
const reporter = createErrorReporter({
  dsn: undefined,
  environment: 'test',
  service: 'test',
  instance: 'security-metrics',
  tracesSampleRate: 0,
});

let server: ReturnType<typeof startValkeyServer>;
let valkey: Redis;

beforeAll(async () => {
  server = startValkeyServer('security-metrics');
  valkey = createValkey({ url: server.url, name: 'security-metrics', kind: 'command', logger });
  await eventually(() => valkey.ping(), 5000);
});

afterAll(async () => {
  await closeValkey(valkey);
  await server.stop();
});

/** The services' own HTTP base (request instrumentation, problem answers) on these metrics. */
const baseApp = (metrics: ReturnType<typeof createMetrics>) =>
  createBaseApp({
    logger,
    metrics,
    tracing: noTracing,
    health: createHealthRegistry({
      service: 'api',
      instance: 'security-metrics',
      version: '0.0.0-test',
    }),
    reporter,
    isPublicRequest: () => false,
  });

const lines = async (metrics: ReturnType<typeof createMetrics>, name: string) =>
  (await metrics.registry.metrics()).split('\n').filter((l) => l.startsWith(`${name}{`));

describe('security metrics', () => {
  test('a spent login budget counts one refusal per refused attempt, by budget only', async () => {
    const metrics = createMetrics({ service: 'api', instance: 'security-metrics' });
    const { rateLimit } = loadConfig(
      { rateLimit: rateLimitConfig },
      { env: { RATE_LIMIT_LOGIN_PER_ACCOUNT_AND_ADDRESS: '5' } },
    );
    const limits = createRateLimits(valkey, rateLimit, logger, metrics.registry);
    // Before any refusal every budget is there at 0.
    expect(await lines(metrics, 'rate_limit_refusals_total')).toContain(
      'rate_limit_refusals_total{budget="login-account-address",service="api",instance="security-metrics"} 0',
    );
    const app = baseApp(metrics);
    const key = 'victim@example.test:198.51.100.7';
    app.post('/login', async (c) => {
      await limits.consume(
        c as unknown as Parameters<RateLimits['consume']>[0],
        limits.loginPerAccountAndAddress,
        key,
      );
      return c.body(null, 401);
    });
    const statuses: number[] = [];
    for (let i = 0; i < 50; i++)
      statuses.push((await app.request('/login', { method: 'POST' })).status);
    expect(statuses.filter((s) => s === 401).length).toBe(5);
    expect(statuses.filter((s) => s === 429).length).toBe(45);
    const refusals = await lines(metrics, 'rate_limit_refusals_total');
    expect(refusals).toContain(
      'rate_limit_refusals_total{budget="login-account-address",service="api",instance="security-metrics"} 45',
    );
    expect(refusals).toContain(
      'rate_limit_refusals_total{budget="login-account",service="api",instance="security-metrics"} 0',
    );
    // Labels are budget names: neither the account nor the address appears anywhere.
    const text = await metrics.registry.metrics();
    expect(text).not.toContain('victim');
    expect(text).not.toContain('198.51.100.7');
    expect(await lines(metrics, 'http_problems_total')).toContain(
      'http_problems_total{code="rate_limited",service="api",instance="security-metrics"} 45',
    );
  });

  test('error answers are counted by code: a reused refresh token, an unhandled error', async () => {
    const metrics = createMetrics({ service: 'api', instance: 'security-metrics' });
    expect(await lines(metrics, 'http_problems_total')).toContain(
      'http_problems_total{code="refresh_token_reused",service="api",instance="security-metrics"} 0',
    );
    const app = baseApp(metrics);
    app.post('/refresh', () => {
      throw new UnauthorizedError('refresh_token_reused', 'already used');
    });
    app.get('/broken', () => {
      throw new Error('a bug, with a secret in its message: s3cr3t');
    });
    app.get('/teapot', () => {
      throw new AppError(418, 'teapot', "I'm a teapot");
    });
    expect((await app.request('/refresh', { method: 'POST' })).status).toBe(401);
    expect((await app.request('/broken')).status).toBe(500);
    expect((await app.request('/teapot')).status).toBe(418);
    const problems = await lines(metrics, 'http_problems_total');
    expect(problems).toContain(
      'http_problems_total{code="refresh_token_reused",service="api",instance="security-metrics"} 1',
    );
    expect(problems).toContain(
      'http_problems_total{code="internal",service="api",instance="security-metrics"} 1',
    );
    expect(problems).toContain(
      'http_problems_total{code="teapot",service="api",instance="security-metrics"} 1',
    );
    expect(await metrics.registry.metrics()).not.toContain('s3cr3t');
  });
});
