import { afterAll, expect, test } from 'bun:test';
import { dbConfig, loadConfig } from '@insightdesk/shared/config';
import postgres from 'postgres';
import { ROOT } from '../support/stack';

// Our patch of postgres.js (patches/postgres@3.4.9.patch, docs/patches.md). A transaction's
// BEGIN reserves its connection whenever it is sent. The reservation was the last term of a chain
// that stops when the connection's pipeline is full (porsager/postgres#1189): a BEGIN that filled
// it left the transaction open on the server and its connection in the pool, where anyone's
// queries ran in it. With max_pipeline 0 every BEGIN fills the pipeline; unpatched, each
// transaction failed with UNSAFE_TRANSACTION, the server's transaction left open. And, opted in
// with `pipeline_begin` (as the services' pools are), a plain transaction's statements go out
// right behind its BEGIN, not a round trip later.
const url = loadConfig({ db: dbConfig }, { dir: ROOT }).db.url;
// max_pipeline is an option of the driver its types leave out.
const pools = [false, true].map((pipelineBegin) =>
  postgres(url, {
    max: 2,
    max_pipeline: 0,
    pipeline_begin: pipelineBegin,
  } as Parameters<typeof postgres>[1]),
);
afterAll(() => Promise.all(pools.map((pool) => pool.end({ timeout: 5 }))));

/**
 * The transaction id a statement runs under, if one is assigned: none for a read in a transaction
 * of its own, the transaction's for one that landed inside a transaction that wrote (or asked).
 */
const xidOf = async (db: postgres.Sql) =>
  (await db<{ xid: string | null }[]>`select pg_current_xact_id_if_assigned()::text as xid`)[0]
    ?.xid;

test.each([
  ['waiting for its BEGIN', 0],
  ['its BEGIN pipelined', 1],
] as const)(
  'a transaction whose BEGIN fills the pipeline holds its connection to itself, %s',
  async (_, at) => {
    const sql = pools[at] as postgres.Sql;
    const outside: Promise<string | null | undefined>[] = [];
    const inside = await sql.begin(async (tx) => {
      const [first] = await tx<{ id: string }[]>`select pg_current_xact_id()::text as id`;
      // Meanwhile, other queries on the pool: none may land in this transaction.
      for (let i = 0; i < 20; i++) outside.push(xidOf(sql));
      await tx`select pg_sleep(0.05)`;
      const [second] = await tx<{ id: string }[]>`select pg_current_xact_id()::text as id`;
      return [first?.id, second?.id];
    });
    expect(inside[0]).toBeDefined();
    expect(inside[1]).toBe(inside[0]);
    expect(await Promise.all(outside)).toEqual(Array(20).fill(null));
    // And after it, the pool's connections are in no transaction.
    expect(await Promise.all([xidOf(sql), xidOf(sql), xidOf(sql)])).toEqual([null, null, null]);
  },
);

/** A TCP relay to PostgreSQL that counts what the client writes: how many round trips it takes. */
async function countingRelay(target: URL) {
  let writes = 0;
  const server = Bun.listen<{ upstream?: Bun.Socket<unknown>; early: Uint8Array[] }>({
    hostname: '127.0.0.1',
    port: 0,
    socket: {
      async open(client) {
        client.data = { early: [] };
        client.data.upstream = await Bun.connect({
          hostname: target.hostname,
          port: Number(target.port || 5432),
          socket: {
            data: (_, chunk) => void client.write(chunk),
            close: () => void client.end(),
          },
        });
        for (const chunk of client.data.early) client.data.upstream.write(chunk);
      },
      data(client, chunk) {
        writes++;
        if (client.data.upstream) client.data.upstream.write(chunk);
        else client.data.early.push(chunk);
      },
      close: (client) => void client.data.upstream?.end(),
    },
  });
  const relayed = new URL(target);
  relayed.hostname = '127.0.0.1';
  relayed.port = String(server.port);
  return { url: relayed.toString(), writes: () => writes, stop: () => server.stop(true) };
}

test("opted in, a plain transaction's first statement goes out with its BEGIN: a round trip fewer", async () => {
  const relay = await countingRelay(new URL(url));
  const viaRelay = postgres(relay.url, { max: 1, pipeline_begin: true });
  const byDefault = postgres(relay.url, { max: 1 });
  try {
    await viaRelay`select 1`; // connected, its startup done
    const before = relay.writes();
    const [row] = await viaRelay.begin(async (tx) => tx<{ n: number }[]>`select 2 as n`);
    expect(row?.n).toBe(2);
    // BEGIN with the select, then COMMIT: two writes (three when BEGIN waited for its answer).
    expect(relay.writes() - before).toBe(2);
    // A transaction with options still waits for its BEGIN (one that fails must not be followed).
    const mid = relay.writes();
    await viaRelay.begin('read only', async (tx) => tx`select 3`);
    expect(relay.writes() - mid).toBe(3);
    // Not opted in, BEGIN waits for its answer: three writes.
    await byDefault`select 1`;
    const plain = relay.writes();
    await byDefault.begin(async (tx) => tx`select 4`);
    expect(relay.writes() - plain).toBe(3);
  } finally {
    await Promise.all([viaRelay.end({ timeout: 5 }), byDefault.end({ timeout: 5 })]);
    relay.stop();
  }
});
