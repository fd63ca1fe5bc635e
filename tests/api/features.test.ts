import { describe, expect, test } from 'bun:test';
import { operatorToken, registerOwner } from '../support/api';
import { deployment } from '../support/deployment';
import { call } from '../support/http';
import { eventually } from '../support/stack';

// The deployment's flags: the platform's and its product's (none of the product's without one).
const flags = Object.entries(deployment.features);
const [perOrganization, declared] = flags.find(([, f]) => f.perOrganization) ?? [];

describe('feature flags', () => {
  test("declared once, the platform's and the product's, with defaults; operators only may set them", async () => {
    const a = await registerOwner('FlagA');
    const b = await registerOwner('FlagB');
    const listed = await call('/api/v1/features', { token: a.token });
    expect(listed.status).toBe(200);
    expect(listed.body.flags).toEqual(
      Object.fromEntries(flags.map(([name, f]) => [name, f.default])),
    );
    expect(listed.body.flags).toMatchObject({ 'two-factor': true, 'fair-queues': true });
    expect((await call(`/api/v1/features?orgId=${b.orgId}`, { token: a.token })).status).toBe(404);

    const put = (flag: string, body: unknown, token: string) =>
      call(`/api/v1/admin/features/${flag}`, { method: 'PUT', token, body });
    expect((await put('two-factor', { enabled: true }, a.token)).status).toBe(403);
    const operator = await operatorToken();
    expect((await put('no-such-flag', { enabled: false }, operator)).status).toBe(404);
    // The platform's flags are the same for every organization.
    for (const flag of ['two-factor', 'fair-queues'])
      expect((await put(flag, { orgId: a.orgId, enabled: false }, operator)).body.code).toBe(
        'not_per_organization',
      );
  });

  test('the old path /api/admin/features/{flag} answers as before for one release, marked deprecated', async () => {
    const operator = await operatorToken();
    const body = { enabled: true };
    const moved = await call('/api/v1/admin/features/two-factor', {
      method: 'PUT',
      token: operator,
      body,
    });
    expect(moved.status).toBe(200);
    expect(moved.headers.get('deprecation')).toBeNull();
    const old = await call('/api/admin/features/two-factor', {
      method: 'PUT',
      token: operator,
      body,
    });
    expect(old.status).toBe(200);
    expect(old.body).toEqual(moved.body);
    // RFC 9745: a date as `@<seconds>`; the successor linked (RFC 8594's relation).
    expect(old.headers.get('deprecation')).toMatch(/^@\d+$/);
    expect(old.headers.get('link')).toBe(
      '</api/v1/admin/features/two-factor>; rel="successor-version"',
    );
    // Refusals on the old path are marked too, and still refuse.
    const a = await registerOwner('FlagOld');
    const refused = await call('/api/admin/features/two-factor', {
      method: 'PUT',
      token: a.token,
      body,
    });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('deprecation')).toMatch(/^@\d+$/);
    // The document says so.
    const document = (await call('/api/openapi.json')).body;
    expect(document.paths['/admin/features/{flag}'].put.deprecated).toBe(true);
    expect(document.paths['/v1/admin/features/{flag}'].put.deprecated).toBeUndefined();
  });

  test.skipIf(perOrganization === undefined)(
    "a per-organization flag (the product's) is overridden for one organization, read back by its members",
    async () => {
      const flag = perOrganization ?? '';
      const usual = declared?.default ?? true;
      const a = await registerOwner('FlagC');
      const b = await registerOwner('FlagD');
      const operator = await operatorToken();
      const put = (body: unknown) =>
        call(`/api/v1/admin/features/${flag}`, { method: 'PUT', token: operator, body });
      const off = await put({ orgId: a.orgId, enabled: !usual });
      expect(off.status).toBe(200);
      expect(off.body).toEqual({ flag, orgId: a.orgId, enabled: !usual });
      try {
        await eventually(async () => {
          const scoped = await call(`/api/v1/features?orgId=${a.orgId}`, { token: a.token });
          return scoped.body.flags[flag] === !usual;
        });
        const other = await call(`/api/v1/features?orgId=${b.orgId}`, { token: b.token });
        expect(other.body.flags[flag]).toBe(usual);
      } finally {
        await put({ orgId: a.orgId, enabled: usual });
      }
    },
  );
});
