import { afterAll, describe, expect, test } from 'bun:test';
import { Hono } from 'hono';
import { AppError } from '../../errors';
import { jsonBodyLimit } from './body-limit';

const LIMIT = 64;
let handled = 0;
const app = new Hono();
app.onError((err, c) =>
  err instanceof AppError
    ? c.json({ code: err.code }, err.status as 400 | 413)
    : c.text('bug', 500),
);
app.post('/echo', jsonBodyLimit(LIMIT), async (c) => {
  handled++;
  return c.text(await c.req.text());
});
app.get('/echo', jsonBodyLimit(LIMIT), (c) => c.text('no body'));
// Over a real server, as the api serves: Bun holds a declared body to its length.
const server = Bun.serve({ port: 0, hostname: '127.0.0.1', fetch: app.fetch });
afterAll(() => server.stop(true));
const url = `http://127.0.0.1:${server.port}/echo`;

/** A body sent in chunks without a length (Transfer-Encoding: chunked). */
const chunked = (text: string) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      for (let i = 0; i < text.length; i += 16)
        controller.enqueue(new TextEncoder().encode(text.slice(i, i + 16)));
      controller.close();
    },
  });

describe('jsonBodyLimit', () => {
  const within = 'x'.repeat(LIMIT);
  const over = 'x'.repeat(LIMIT + 1);

  test('a declared length within the limit reaches the route with its body', async () => {
    const res = await fetch(url, { method: 'POST', body: within });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(within);
  });

  test('a declared length over the limit is refused before the route runs', async () => {
    const before = handled;
    const res = await fetch(url, { method: 'POST', body: over });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ code: 'payload_too_large' });
    expect(handled).toBe(before);
  });

  test('a chunked body is counted as it arrives: within passes whole, over is refused', async () => {
    const ok = await fetch(url, { method: 'POST', body: chunked(within), duplex: 'half' });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe(within);
    const before = handled;
    const refused = await fetch(url, { method: 'POST', body: chunked(over), duplex: 'half' });
    expect(refused.status).toBe(413);
    expect(handled).toBe(before);
  });

  test('a request without a body passes; one in process without a declared length is counted', async () => {
    const get = await fetch(url);
    expect(get.status).toBe(200);
    expect(await get.text()).toBe('no body');
    const before = handled;
    const request = new Request('http://in.process/echo', { method: 'POST', body: over });
    expect(request.headers.get('content-length')).toBeNull();
    const res = await app.request(request);
    expect(res.status).toBe(413);
    expect(handled).toBe(before);
  });

  test('a length that is not a plain decimal is refused (400), the route not run', async () => {
    const before = handled;
    const res = await app.request('/echo', {
      method: 'POST',
      headers: { 'content-length': '+1' },
      body: within,
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ code: 'invalid_content_length' });
    expect(handled).toBe(before);
  });
});
