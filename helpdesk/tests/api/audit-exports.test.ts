import { describe, expect, test } from 'bun:test';
import { openTicket, team } from '../../../tests/support/api';
import { call } from '../../../tests/support/http';
import { eventually } from '../../../tests/support/stack';

// The help desk records its exports in the platform's audit log (recordAudit, in the export's
// transaction; the link handed out once it is ready).
describe('exports in the audit log', () => {
  test('starting an export and taking its link leave their entries; the chain verifies', async () => {
    const t = await team();
    await openTicket(t.requester, t.orgId);
    const started = await call(`/api/v1/orgs/${t.orgId}/exports`, {
      token: t.admin.token,
      body: {},
    });
    expect(started.status).toBe(202);
    const id = started.body.id as string;
    const ready = await eventually(
      async () => {
        const got = await call(`/api/v1/orgs/${t.orgId}/exports/${id}`, { token: t.admin.token });
        return got.body.status === 'ready' ? got : undefined;
      },
      60_000,
      500,
    );
    expect(ready.body.url).toBeString();

    const log = await call(`/api/v1/orgs/${t.orgId}/audit-log?limit=100`, { token: t.admin.token });
    const mine = log.body.items.filter(
      (e: { target: { id: string } | null }) => e.target?.id === id,
    );
    expect(mine.map((e: { action: string }) => e.action)).toEqual([
      'export.downloaded',
      'export.started',
    ]);
    expect(mine[1]).toMatchObject({ actor: { type: 'user', id: t.admin.user.id } });
    const verified = await call(`/api/v1/orgs/${t.orgId}/audit-log/verify`, {
      token: t.admin.token,
    });
    expect(verified.body.valid).toBe(true);
  });
});
