import { afterAll, expect, test } from 'bun:test';
import { call } from '../support/http';
import { eventually, processInfo, stack } from '../support/stack';

afterAll(async () => {
  await stack('start', 'api-1');
});

test('SIGTERM to one api instance during a steady stream of requests fails none of them', async () => {
  let running = true;
  let succeeded = 0;
  const failures: string[] = [];
  // (Not /health/ready: a draining instance answers 503 there on purpose.)
  const paths = ['/health/live', '/api/v1/not-a-route', '/health'];
  const expected: Record<string, number> = {
    '/health/live': 200,
    '/api/v1/not-a-route': 404,
    '/health': 200,
  };
  const client = async (n: number) => {
    let i = n;
    while (running) {
      const path = paths[i++ % paths.length] as string;
      try {
        const res = await call(path);
        if (res.status === expected[path]) succeeded++;
        else failures.push(`${path} -> ${res.status}`);
      } catch (err) {
        failures.push(`${path} -> ${(err as Error).message}`);
      }
    }
  };
  const clients = Array.from({ length: 12 }, (_, n) => client(n));

  await Bun.sleep(500);
  const beforeStop = succeeded;
  await stack('stop', 'api-1'); // SIGTERM, returns once the process exited
  const stopped = await processInfo('api-1');
  await Bun.sleep(500);
  await stack('start', 'api-1');
  await Bun.sleep(500);
  running = false;
  await Promise.all(clients);

  expect(failures).toEqual([]);
  expect(beforeStop).toBeGreaterThan(20);
  expect(succeeded).toBeGreaterThan(beforeStop + 50);
  expect(stopped.state).toBe('stopped');
  const status = JSON.parse(await stack('status', '--json')).processes.find(
    (p: { name: string }) => p.name === 'api-1',
  );
  // A graceful shutdown exits 0 (a missed deadline would exit 1).
  expect(status.lastExit.code).toBe(0);
});

test('SIGINT (what Fly.io sends) is a graceful shutdown too: exit code 0', async () => {
  const before = await processInfo('api-2');
  process.kill(before.pid as number, 'SIGINT');
  // The supervisor restarts a process that stopped on its own.
  const status = await eventually(async () => {
    const p = JSON.parse(await stack('status', '--json')).processes.find(
      (x: { name: string }) => x.name === 'api-2',
    );
    return p.pid !== before.pid && p.ready ? p : undefined;
  }, 30_000);
  expect(status.lastExit).toMatchObject({ code: 0, signal: null });
}, 60_000);
