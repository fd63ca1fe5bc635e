import { describe, expect, test } from 'bun:test';
import { type CallResult, call, direct, isProblem } from '../support/http';
import { BASE_URL, CA, HTTP_URL, ports, servicePort } from '../support/stack';

describe('nginx edge and api basics', () => {
  test('readiness answers 200 through nginx TLS; the checks are on the instance port', async () => {
    const res = await call('/health/ready');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ready' });
    const detail = await direct('api', '/health/ready');
    expect(detail.body.status).toBe('ready');
    expect(detail.body.checks.postgres).toMatchObject({ status: 'up', critical: true });
    expect(detail.body.checks.valkey).toMatchObject({ status: 'up', critical: true });
    expect(typeof detail.body.checks.postgres.latencyMs).toBe('number');
  });

  test('the public /health says ok/degraded/down per component, nothing else', async () => {
    for (const path of ['/health', '/health/ready', '/health/live']) {
      const res = await call(path);
      expect(res.status).toBe(200);
      // No instance names, process ids, latencies or error texts for the public.
      expect(res.text).not.toMatch(/api-1|api-2|ws-1|worker-1|pid|latency|uptime|error/i);
    }
    const res = await call('/health');
    expect(res.body).toEqual({
      status: 'ok',
      components: {
        postgres: 'ok',
        'postgres-primary': 'ok',
        valkey: 'ok',
        instances: 'ok',
        queues: 'ok',
      },
    });
    expect((await call('/metrics')).status).toBe(404);
  });

  test('/health on the instance port lists the live api, ws and worker instances', async () => {
    const res = await direct('api', '/health');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('ok');
    for (const service of ['api', 'ws', 'worker']) {
      expect(res.body.instances[service].map((i: { instance: string }) => i.instance)).toEqual([
        `${service}-1`,
        `${service}-2`,
      ]);
    }
  });

  test('plain HTTP redirects to HTTPS', async () => {
    const res = await fetch(`${HTTP_URL}/health/ready?x=1`, { redirect: 'manual' });
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe(
      `https://localhost:${ports.httpsPort}/health/ready?x=1`,
    );
  });

  test('HSTS once on every HTTPS answer (nginx sets it, the api value is hidden), server version hidden', async () => {
    for (const path of ['/health/live', '/api/v1/me', '/api/openapi.json', '/nothing']) {
      const res = await fetch(`${BASE_URL}${path}`, { tls: { ca: CA } });
      // fetch joins repeated headers with ", ": one value means one header.
      expect(res.headers.get('strict-transport-security')).toBe(
        'max-age=63072000; includeSubDomains',
      );
    }
    expect((await call('/health/live')).headers.get('server')).toBe('nginx');
  });

  test('X-Request-Id is taken from the request when well-formed, generated otherwise', async () => {
    const given = await call('/api/v1/nothing-here', {
      headers: { 'X-Request-Id': 'trace-abc_123' },
    });
    expect(given.headers.get('x-request-id')).toBe('trace-abc_123');
    expect(given.body.requestId).toBe('trace-abc_123');

    const bad = await call('/api/v1/nothing-here', {
      headers: { 'X-Request-Id': 'bad id with spaces' },
    });
    const generated = bad.headers.get('x-request-id') ?? '';
    expect(generated).toMatch(/^[A-Za-z0-9._:-]{16,}$/);
    expect(bad.body.requestId).toBe(generated);
  });

  test('unknown routes are problem+json 404s, both in nginx and in the api', async () => {
    const outside = await call('/not-routed');
    expect(outside.status).toBe(404);
    expect(isProblem(outside)).toBe(true);
    const inside = await call('/api/v1/not-a-route');
    expect(inside.status).toBe(404);
    expect(isProblem(inside)).toBe(true);
    expect(inside.headers.get('x-content-type-options')).toBe('nosniff');
  });

  test('/metrics is not public but answers on each service port', async () => {
    expect((await call('/metrics')).status).toBe(404);
    for (const [service, n] of [
      ['api', 1],
      ['ws', 2],
      ['worker', 1],
    ] as const) {
      const res = await fetch(`http://127.0.0.1:${servicePort(service, n)}/metrics`);
      const text = await res.text();
      expect(res.status).toBe(200);
      expect(text).toContain('http_requests_total');
      expect(text).toContain('http_request_duration_seconds_bucket');
      expect(text).toContain(`instance="${service}-${n}"`);
    }
    await fetch(`http://127.0.0.1:${servicePort('api', 1)}/health/live`);
    const api = await (await fetch(`http://127.0.0.1:${servicePort('api', 1)}/metrics`)).text();
    expect(api).toMatch(/http_requests_total\{[^}]*route="\/health\/live"[^}]*\}/);
  });

  test('bodies over the limit get 413 problem+json from nginx and from the api itself', async () => {
    const big = 'x'.repeat(1024 * 1024 + 10);
    const viaNginx = await call('/api/v1/anything', {
      method: 'POST',
      raw: big,
      headers: { 'Content-Type': 'application/json' },
    });
    expect(viaNginx.status).toBe(413);
    expect(isProblem(viaNginx)).toBe(true);
    const direct = await fetch(`http://127.0.0.1:${servicePort('api', 1)}/api/v1/anything`, {
      method: 'POST',
      body: big,
      headers: { 'Content-Type': 'application/json' },
    });
    expect(direct.status).toBe(413);
    expect(direct.headers.get('content-type')).toStartWith('application/problem+json');
  });

  test('nginx limits the rate of /api/v1/auth/ per client address (problem+json 429)', async () => {
    // Waves larger than the burst until the bucket runs dry: how fast it refills meanwhile
    // depends on how fast this machine sends, so the count is not fixed in advance.
    const flood: CallResult[] = [];
    for (let wave = 0; wave < 10 && !flood.some((r) => r.status === 429); wave++) {
      flood.push(
        ...(await Promise.all(
          Array.from({ length: ports.nginxAuthBurst + 300 }, () =>
            call('/api/v1/auth/refresh', { body: { refreshToken: 'flood' } }),
          ),
        )),
      );
    }
    const limited = flood.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(limited.filter((r) => !isProblem(r)).map((r) => r.text.slice(0, 200))).toEqual([]);
    expect(limited[0]?.headers.get('retry-after')).toBe('1');
    // Every other answer is the api's own 401 (the statuses are listed when one is not).
    const others = flood.filter((r) => r.status !== 429 && r.status !== 401);
    expect(others.map((r) => `${r.status} ${r.text.slice(0, 200)}`)).toEqual([]);
    await Bun.sleep(2500); // let the bucket refill for the tests that follow
  });

  test('CORS answers allowed origins only', async () => {
    const preflight = (origin: string) =>
      call('/api/v1/me', {
        method: 'OPTIONS',
        headers: { Origin: origin, 'Access-Control-Request-Method': 'POST' },
      });
    const allowed = await preflight(BASE_URL);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(BASE_URL);
    const denied = await preflight('https://evil.example');
    expect(denied.headers.get('access-control-allow-origin')).toBeNull();
  });

  test('TLS 1.2 and 1.3 are accepted, TLS 1.1 is refused', () => {
    const handshake = (flag: string) =>
      Bun.spawnSync(
        [
          'openssl',
          's_client',
          flag,
          '-cipher',
          'DEFAULT@SECLEVEL=0',
          '-connect',
          `127.0.0.1:${ports.httpsPort}`,
          '-servername',
          'localhost',
        ],
        { stdin: new TextEncoder().encode('Q\n'), stdout: 'pipe', stderr: 'pipe' },
      ).exitCode;
    expect(handshake('-tls1_3')).toBe(0);
    expect(handshake('-tls1_2')).toBe(0);
    expect(handshake('-tls1_1')).not.toBe(0);
  });
});
