import { describe, expect, test } from 'bun:test';
import { Hono } from 'hono';
import { edgeHeaders } from './edge-headers';

const ORIGIN = 'https://app.example';
function app() {
  const hono = new Hono();
  hono.use(
    '*',
    edgeHeaders({
      strictTransportSecurity: 'max-age=63072000; includeSubDomains',
      corsOrigins: [ORIGIN],
      allowHeaders: ['Authorization', 'Content-Type'],
      allowMethods: ['GET', 'POST'],
      exposeHeaders: ['ETag', 'X-Request-Id'],
      maxAgeSeconds: 600,
    }),
  );
  hono.use('*', async (c, next) => {
    c.header('X-Request-Id', 'r1'); // set before the answer exists, as the request id is
    await next();
  });
  hono.get('/small', (c) => c.json({ ok: true }, 200, { ETag: '"3"' }));
  hono.get('/large', (c) => c.json({ items: Array.from({ length: 500 }, (_, i) => `item ${i}`) }));
  hono.get('/raw', () => new Response('raw', { headers: { 'X-Powered-By': 'something' } }));
  return hono;
}

describe('edgeHeaders: the security headers, CORS and compression in one layer', () => {
  test("every answer carries the security headers and keeps the handler's own", async () => {
    for (const path of ['/small', '/raw', '/missing']) {
      const res = await app().request(path);
      expect(res.headers.get('strict-transport-security')).toBe(
        'max-age=63072000; includeSubDomains',
      );
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin');
      expect(res.headers.get('x-powered-by')).toBeNull();
      expect(res.headers.get('vary')).toBe('Origin, Accept-Encoding');
    }
    const small = await app().request('/small');
    expect(small.headers.get('etag')).toBe('"3"');
    expect(small.headers.get('x-request-id')).toBe('r1');
    expect(await small.json()).toEqual({ ok: true });
  });

  test('CORS: an allowed origin is answered with itself and the exposed headers; others get neither', async () => {
    const allowed = await app().request('/small', { headers: { Origin: ORIGIN } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(allowed.headers.get('access-control-expose-headers')).toBe('ETag,X-Request-Id');
    for (const origin of ['https://evil.example', 'null', `${ORIGIN}.evil.example`]) {
      const denied = await app().request('/small', { headers: { Origin: origin } });
      expect(denied.headers.get('access-control-allow-origin')).toBeNull();
      expect(denied.headers.get('access-control-expose-headers')).toBeNull();
    }
    expect((await app().request('/small')).headers.get('access-control-allow-origin')).toBeNull();
  });

  test('a preflight is answered (204) with the allowed methods and headers, and the security headers', async () => {
    const res = await app().request('/small', {
      method: 'OPTIONS',
      headers: { Origin: ORIGIN, 'Access-Control-Request-Method': 'POST' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(res.headers.get('access-control-allow-methods')).toBe('GET,POST');
    expect(res.headers.get('access-control-allow-headers')).toBe('Authorization,Content-Type');
    expect(res.headers.get('access-control-max-age')).toBe('600');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const denied = await app().request('/small', {
      method: 'OPTIONS',
      headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' },
    });
    expect(denied.headers.get('access-control-allow-origin')).toBeNull();
  });

  test('an answer of 1 KB or more is compressed for a client that accepts it, a small one is not', async () => {
    const gzip = await app().request('/large', { headers: { 'Accept-Encoding': 'gzip' } });
    expect(gzip.headers.get('content-encoding')).toBe('gzip');
    expect(gzip.headers.get('x-request-id')).toBe('r1');
    expect(gzip.headers.get('x-content-type-options')).toBe('nosniff');
    expect(gzip.headers.get('vary')).toBe('Accept-Encoding, Origin');
    const body = JSON.parse(
      new TextDecoder().decode(Bun.gunzipSync(new Uint8Array(await gzip.arrayBuffer()))),
    );
    expect(body.items).toHaveLength(500);
    const plain = await app().request('/large');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(((await plain.json()) as { items: string[] }).items).toHaveLength(500);
    // Under 1 KB: as it is, with its length.
    const small = await app().request('/small', { headers: { 'Accept-Encoding': 'gzip' } });
    expect(small.headers.get('content-encoding')).toBeNull();
    expect(small.headers.get('content-length')).toBe('11');
    expect(small.headers.get('etag')).toBe('"3"');
    expect(await small.json()).toEqual({ ok: true });
  });
});
