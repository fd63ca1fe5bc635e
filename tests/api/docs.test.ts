import { describe, expect, test } from 'bun:test';
import { call } from '../support/http';
import { BASE_URL, CA } from '../support/stack';

describe('OpenAPI and docs', () => {
  test('/api/openapi.json documents every route with the schemas that validate requests', async () => {
    const res = await call('/api/openapi.json');
    expect(res.status).toBe(200);
    const doc = res.body;
    expect(doc.openapi).toBe('3.1.0');
    const paths = Object.keys(doc.paths);
    for (const path of [
      '/v1/auth/register',
      '/v1/auth/login',
      '/v1/auth/refresh',
      '/v1/auth/logout',
      '/v1/me',
      '/v1/orgs',
      '/v1/orgs/{orgId}',
      '/v1/orgs/{orgId}/members',
      '/v1/orgs/{orgId}/members/{userId}',
      '/v1/orgs/{orgId}/invitations',
      '/v1/invitations/accept',
      // The product's, beside the platform's (the fixture product's items).
      '/v1/orgs/{orgId}/items',
      '/v1/orgs/{orgId}/items/{itemId}',
    ]) {
      expect(paths).toContain(path);
    }
    const register =
      doc.paths['/v1/auth/register'].post.requestBody.content['application/json'].schema;
    expect(register.properties.password).toMatchObject({ minLength: 10, maxLength: 256 });
    expect(doc.components.schemas.Item.required).toEqual(
      expect.arrayContaining(['id', 'ownerId', 'title']),
    );
    expect(doc.components.securitySchemes.bearerAuth.scheme).toBe('bearer');
  });

  test('/api/docs serves the interactive reference entirely from our origin, under a CSP', async () => {
    const res = await call('/api/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.text).toContain('/api/openapi.json');
    // Nothing is loaded from another origin (the page shares its origin with the dashboard).
    expect(res.text).not.toMatch(/(src|href)="(https?:)?\/\//);
    const csp = res.headers.get('content-security-policy') ?? '';
    const nonce = csp.match(/'nonce-([^']+)'/)?.[1];
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
    // Every script carries the page's nonce, which changes with every answer.
    const scripts = [...res.text.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    const again = await call('/api/docs');
    expect(again.headers.get('content-security-policy')).not.toBe(csp);
    // The reference's script is ours, from the npm package.
    const src = res.text.match(/<script src="([^"]+)"/)?.[1] ?? '';
    expect(src).toStartWith('/api/docs/');
    const bundle = await fetch(`${BASE_URL}${src}`, { tls: CA ? { ca: CA } : {} });
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-type')).toContain('javascript');
    expect((await bundle.text()).length).toBeGreaterThan(100_000);
  });

  test('large answers are gzip-compressed for clients that accept it', async () => {
    const res = await fetch(`${BASE_URL}/api/openapi.json`, {
      headers: { 'Accept-Encoding': 'gzip' },
      decompress: false,
      tls: CA ? { ca: CA } : {},
    } as RequestInit);
    expect(res.headers.get('content-encoding')).toBe('gzip');
    const raw = new Uint8Array(await res.arrayBuffer());
    expect(JSON.parse(new TextDecoder().decode(Bun.gunzipSync(raw))).openapi).toBe('3.1.0');
  });
});
