import { afterAll, expect, test } from 'bun:test';
import { createServer, type Server } from 'node:net';
import postgres from 'postgres';
import { eventually } from '../support/stack';

// Our patch of postgres.js (patches/postgres@3.4.9.patch): a pooled connection that was given a
// query while it connected, and whose connection was closed before it started, tries again after
// the pool's backoff — as any other connection. postgres.js 3.4.9 tried again at once: behind a
// proxy that accepts a connection and closes it while no server is up (HAProxy during a
// failover: docs/deployment.md), one waiting query made thousands of connections a second
// (measured: 782 ms of CPU in 5 s for one, 32 ms patched).

let attempts = 0;
const server: Server = createServer((socket) => {
  attempts++;
  socket.destroy();
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

test('a query waiting for a connection that keeps being closed is retried at the pace of the backoff', async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as { port: number }).port;
  // The first retry at once, the next an hour later: two connections, and no more.
  const sql = postgres({
    host: '127.0.0.1',
    port,
    user: 'nobody',
    password: 'nothing',
    database: 'none',
    max: 1,
    backoff: (retries) => (retries <= 1 ? 0 : 3600),
    onnotice: () => undefined,
  });
  const waiting = sql`select 1`.catch(() => undefined);
  await eventually(() => attempts >= 2, 5000, 10);
  await Bun.sleep(500);
  expect(attempts).toBe(2);
  await sql.end({ timeout: 0 });
  await waiting;
});
