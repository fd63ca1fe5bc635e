import { afterAll, expect, test } from 'bun:test';
import { call, direct } from '../support/http';
import { eventually, processInfo, restoreValkey, servicePort, stack } from '../support/stack';

afterAll(async () => {
  await restoreValkey();
});

test('readiness goes 503 while Valkey is stopped and back to 200 when it returns, without restarts', async () => {
  const services = ['api', 'ws', 'worker'] as const;
  const names = services.flatMap((s) => [`${s}-1`, `${s}-2`]);
  const before = await Promise.all(names.map(processInfo));

  await stack('stop', 'valkey');
  const down = await eventually(async () => {
    const res = await direct('api', '/health/ready');
    return res.status === 503 ? res : undefined;
  });
  expect((await call('/health/ready')).body).toEqual({ status: 'not_ready' });
  expect(down.body.status).toBe('not_ready');
  expect(down.body.checks.valkey.status).toBe('down');
  expect(down.body.checks.postgres.status).toBe('up');
  expect(down.body.checks.valkey.error).not.toMatch(/redis:\/\//);
  // Liveness is not readiness: the process is fine.
  expect((await call('/health/live')).status).toBe(200);

  await stack('start', 'valkey');
  // Every instance of every service, asked directly, is ready again.
  for (const service of services) {
    for (const n of [1, 2]) {
      const url = `http://127.0.0.1:${servicePort(service, n)}/health/ready`;
      await eventually(async () => (await fetch(url)).status === 200, 30_000);
    }
  }

  const after = await Promise.all(names.map(processInfo));
  expect(after.map((p) => p.pid)).toEqual(before.map((p) => p.pid));
  expect(after.map((p) => p.restarts)).toEqual(before.map((p) => p.restarts));
});
