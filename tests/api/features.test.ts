import { describe, expect, test } from 'bun:test';
import { operatorToken, registerOwner } from '../support/api';
import { call } from '../support/http';
import { eventually } from '../support/stack';

describe('feature flags', () => {
  test('declared once, with defaults; operators override them per organization, read back by its members', async () => {
    const a = await registerOwner('FlagA');
    const b = await registerOwner('FlagB');
    const flags = await call('/api/v1/features', { token: a.token });
    expect(flags.status).toBe(200);
    expect(flags.body.flags).toEqual({
      'two-factor': true,
      'fair-queues': true,
      analytics: true,
      oauth: false,
    });
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
      await eventually(async () => {
        const scoped = await call(`/api/v1/features?orgId=${a.orgId}`, { token: a.token });
        return scoped.body.flags.analytics === false;
      });
      const other = await call(`/api/v1/features?orgId=${b.orgId}`, { token: b.token });
      expect(other.body.flags.analytics).toBe(true);
    } finally {
      await put('analytics', { orgId: a.orgId, enabled: true }, operator);
    }
  });
});
