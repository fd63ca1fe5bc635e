import { describe, expect, test } from 'bun:test';
import { operatorToken, registerOwner } from '../support/api';
import { call } from '../support/http';
import { eventually, servicePort } from '../support/stack';

/** The analytics summary of `orgId`, asked of one api instance directly. */
const summaryOn = (n: number, orgId: string, token: string) =>
  fetch(`http://127.0.0.1:${servicePort('api', n)}/api/v1/orgs/${orgId}/analytics/summary`, {
    headers: { Authorization: `Bearer ${token}` },
  });

describe('feature flags', () => {
  test('declared once, with defaults; an organization override reaches every instance', async () => {
    const a = await registerOwner('FlagA');
    const b = await registerOwner('FlagB');
    const flags = await call('/api/v1/features', { token: a.token });
    expect(flags.status).toBe(200);
    expect(flags.body.flags).toEqual({ 'two-factor': true, 'fair-queues': true, analytics: true });
    expect((await call(`/api/v1/features?orgId=${b.orgId}`, { token: a.token })).status).toBe(404);

    const put = (flag: string, body: unknown, token: string) =>
      call(`/api/admin/features/${flag}`, { method: 'PUT', token, body });
    expect((await put('analytics', { orgId: a.orgId, enabled: false }, a.token)).status).toBe(403);
    const operator = await operatorToken();
    expect((await put('no-such-flag', { enabled: false }, operator)).status).toBe(404);
    expect((await put('two-factor', { orgId: a.orgId, enabled: false }, operator)).status).toBe(
      404,
    );
    const off = await put('analytics', { orgId: a.orgId, enabled: false }, operator);
    expect(off.status).toBe(200);
    expect(off.body).toEqual({ flag: 'analytics', orgId: a.orgId, enabled: false });
    try {
      for (const n of [1, 2]) {
        await eventually(async () => (await summaryOn(n, a.orgId, a.token)).status === 404);
        const res = await summaryOn(n, a.orgId, a.token);
        expect(((await res.json()) as { code: string }).code).toBe('feature_disabled');
        expect((await summaryOn(n, b.orgId, b.token)).status).toBe(200);
      }
      const scoped = await call(`/api/v1/features?orgId=${a.orgId}`, { token: a.token });
      expect(scoped.body.flags.analytics).toBe(false);
    } finally {
      await put('analytics', { orgId: a.orgId, enabled: true }, operator);
    }
    for (const n of [1, 2])
      await eventually(async () => (await summaryOn(n, a.orgId, a.token)).status === 200);
  });
});
