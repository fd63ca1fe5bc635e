import { describe, expect, test } from 'bun:test';
import { operatorToken, registerOwner } from '../support/api';
import { deployment } from '../support/deployment';
import { call } from '../support/http';

const queueCatalog = deployment.queues;

describe('queue dashboard', () => {
  test('is for platform operators only: not anonymous, not an organization owner', async () => {
    expect((await call('/api/admin/queues')).status).toBe(401);
    const owner = await registerOwner();
    const denied = await call('/api/admin/queues/api/queues', { token: owner.token });
    expect(denied.status).toBe(403);
    expect(denied.body.code).toBe('platform_admins_only');

    const token = await operatorToken();
    const page = await call('/api/admin/queues', { token });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const api = await call('/api/admin/queues/api/queues', { token });
    expect(api.status).toBe(200);
    expect(api.body.queues.map((q: { name: string }) => q.name).sort()).toEqual(
      Object.values(queueCatalog)
        .map((q) => q.name)
        .sort(),
    );
  });

  test('a browser session: the Bearer token is exchanged for a strict, HTTP-only cookie', async () => {
    const token = await operatorToken();
    const session = await call('/api/admin/session', { method: 'POST', token });
    expect(session.status).toBe(204);
    const cookie = session.headers.get('set-cookie') ?? '';
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('Secure');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Path=/api/admin');
    const viaCookie = await call('/api/admin/queues/api/queues', {
      headers: { Cookie: cookie.split(';')[0] ?? '' },
    });
    expect(viaCookie.status).toBe(200);
  });
});
