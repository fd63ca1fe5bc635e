import { expect, test } from 'bun:test';
import { createServer, type Server, Socket } from 'node:net';
import { dbConfig, loadConfig } from '@insightdesk/shared/config';
import postgres from 'postgres';
import { ROOT } from '../support/stack';

// A connection reset under a transaction (a PostgreSQL restart, a failover, a middlebox dropping
// the connection), on our patch of postgres.js (patches/postgres@3.4.9.patch). The socket reports
// 'error' (ECONNRESET) first and 'close' some milliseconds later; the transaction's statement
// fails on the first and its ROLLBACK goes out before the second. postgres.js 3.4.9 rejected what
// was in flight at the error only: the ROLLBACK stayed queued on the connection across its
// reconnect, took the next backend's answers for its own, and the next transaction's first
// statement waited forever for its Bind, its connection gone from the pool (seen under
// `./stack soak`: two api connections lost per PostgreSQL restart, found as `active`, waiting on
// ClientRead, in pg_stat_activity).

const target = new URL(loadConfig({ db: dbConfig }, { dir: ROOT }).db.url);

/** A TCP relay to PostgreSQL that can reset its clients' connections (an RST, not a FIN). */
async function resettingRelay() {
  const clients = new Set<Socket>();
  const server: Server = createServer((client) => {
    clients.add(client);
    const upstream = new Socket();
    upstream.connect(Number(target.port || 5432), target.hostname);
    client.pipe(upstream);
    upstream.pipe(client);
    const drop = () => {
      clients.delete(client);
      upstream.destroy();
      client.destroy();
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no relay address');
  const relayed = new URL(target);
  relayed.hostname = '127.0.0.1';
  relayed.port = String(address.port);
  return {
    url: relayed.toString(),
    reset() {
      for (const client of clients) client.resetAndDestroy();
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Its value, or a rejection naming what hung. */
function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  return Promise.race([
    promise,
    Bun.sleep(ms).then(() => Promise.reject(new Error(`${what}: no answer in ${ms} ms`))),
  ]);
}

test('a connection reset under a transaction: the transaction fails, and the connection serves the next ones', async () => {
  const relay = await resettingRelay();
  // One connection: every transaction after the reset runs on the connection it happened to.
  const db = postgres(relay.url, { max: 1, onnotice: () => {} });
  try {
    for (let round = 0; round < 5; round++) {
      await within(5000, `round ${round}: the connection's startup`, db`select 1`);
      const failed = db
        .begin(async (tx) => {
          await tx`select pg_sleep(5)`;
        })
        .then(
          () => 'committed',
          (err: { code?: string }) => err.code ?? 'rejected',
        );
      await Bun.sleep(100);
      relay.reset();
      expect(await within(5000, `round ${round}: the reset transaction`, failed)).not.toBe(
        'committed',
      );
      // The next transactions, on the connection again: answered, each with its own statements.
      for (let n = 0; n < 3; n++) {
        const [row] = await within(
          5000,
          `round ${round}: transaction ${n} after the reset`,
          db.begin(async (tx) => {
            const [a] = await tx<{ n: number }[]>`select ${n}::int as n`;
            const [b] = await tx<{ t: string }[]>`select ${`t${n}`}::text as t`;
            return [{ n: a?.n, t: b?.t }];
          }),
        );
        expect(row).toEqual({ n, t: `t${n}` });
      }
    }
  } finally {
    await db.end({ timeout: 1 });
    await relay.stop();
  }
}, 120_000);
