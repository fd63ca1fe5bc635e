import { describe, expect, test } from 'bun:test';
import { operatorToken, registerOwner } from '../../../tests/support/api';
import { call } from '../../../tests/support/http';
import { eventually, servicePort } from '../../../tests/support/stack';

/** The analytics summary of `orgId`, asked of one api instance directly. */
const summaryOn = (n: number, orgId: string, token: string) =>
  fetch(`http://127.0.0.1:${servicePort('api', n)}/api/v1/orgs/${orgId}/analytics/summary`, {
    headers: { Authorization: `Bearer ${token}` },
  });

describe('the analytics feature', () => {
  test("an organization's override reaches every instance: its summary answers feature_disabled, another's does not", async () => {
    const a = await registerOwner('FlagA');
    const b = await registerOwner('FlagB');
    const operator = await operatorToken();
    const put = (body: unknown) =>
      call('/api/v1/admin/features/analytics', { method: 'PUT', token: operator, body });
    expect((await put({ orgId: a.orgId, enabled: false })).status).toBe(200);
    try {
      for (const n of [1, 2]) {
        await eventually(async () => (await summaryOn(n, a.orgId, a.token)).status === 404);
        const res = await summaryOn(n, a.orgId, a.token);
        expect(((await res.json()) as { code: string }).code).toBe('feature_disabled');
        expect((await summaryOn(n, b.orgId, b.token)).status).toBe(200);
      }
    } finally {
      await put({ orgId: a.orgId, enabled: true });
    }
    for (const n of [1, 2])
      await eventually(async () => (await summaryOn(n, a.orgId, a.token)).status === 200);
  });
});
