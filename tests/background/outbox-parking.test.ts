import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { dbConfig, loadConfig } from '@insightdesk/shared/config';
import {
  createDatabase,
  type Database,
  platformMigrations,
  runMigrations,
} from '@insightdesk/shared/db';
import { defineEffect, defineEvent, effectRegistry } from '@insightdesk/shared/events';
import { createLogger } from '@insightdesk/shared/logger';
import { createMetrics } from '@insightdesk/shared/monitoring';
import { noTracing } from '@insightdesk/shared/tracing';
import { z } from 'zod';
import {
  createOutboxRelay,
  MAX_ROW_ATTEMPTS,
  relayMetrics,
} from '../../services/worker/src/outbox-relay';
import { createItem, registerOwner } from '../support/api';
import { dropScratchDatabases, scratchDatabase } from '../support/scratch-database';
import { eventually, ROOT, servicePort } from '../support/stack';

// A row the relay cannot hand to its effects — a payload its declaration no longer admits (an
// older version wrote it, or a hand), an undeclared type, effects that fail on it for its own
// sake — once stopped the relay for every row behind it, every tenant's (seen on a bench
// database: "outbox relay failed, rows wait", for ten minutes, until the rows were removed by
// hand). It is now set aside in `outbox_parked` with its reason, and the rows behind it go on;
// a failure that is the infrastructure's (Valkey away) still holds every row, in order.

const logger = createLogger({ service: 'test', instance: 'test', level: 'silent', format: 'json' });
const { db } = loadConfig({ db: dbConfig }, { dir: ROOT });

describe('on a relay of its own (a scratch database, a catalogue and effects of the test)', () => {
  let database: Database;
  beforeAll(async () => {
    database = await scratchDatabase('outbox_parking', { poolMax: 4 });
    await runMigrations(database, logger, [platformMigrations]);
  });
  afterAll(async () => {
    await database?.close();
    await dropScratchDatabases();
  });

  const counted = defineEvent({
    data: z.object({ n: z.number() }),
    about: 'a number, for the relay to hand over',
    delivery: 'none',
  });
  const catalog = { 'test.counted': counted };
  /** What the effect was handed, in order; a bug on 13; the infrastructure away while `away`. */
  const seen: number[] = [];
  let away = false;
  let calls13 = 0;
  let callsAway = 0;
  const handle = async ({ n }: { n: number }) => {
    if (n === 13) {
      calls13 += 1;
      // A programming error on data its declaration admits.
      (undefined as unknown as { length: number }).length;
    }
    if (n === 99 && away) {
      callsAway += 1;
      throw new Error('Connection is closed.');
    }
    seen.push(n);
  };
  const metrics = relayMetrics(createMetrics({ service: 'test', instance: 'test' }).registry);
  const parkedBy = async (why: string) =>
    (await metrics.parked.get()).values.find((v) => v.labels.why === why)?.value ?? 0;

  async function relayWith(options: { gone?: boolean; maxFailingParked?: number } = {}) {
    // A later version's catalogue declares `test.gone` too.
    const effects = options.gone
      ? effectRegistry({ ...catalog, 'test.gone': counted }, [
          defineEffect(
            { ...catalog, 'test.gone': counted },
            { name: 'recorder', on: { 'test.counted': handle, 'test.gone': handle } },
          ),
        ])
      : effectRegistry(catalog, [
          defineEffect(catalog, { name: 'recorder', on: { 'test.counted': handle } }),
        ]);
    const relay = createOutboxRelay({
      database,
      effects,
      logger,
      metrics,
      tracing: noTracing,
      ...(options.maxFailingParked ? { maxFailingParked: options.maxFailingParked } : {}),
    });
    await relay.start();
    return relay;
  }

  /** Rows committed together, as one change's events are. */
  async function append(rows: readonly { type?: string; payload: unknown }[]) {
    await database.sql.begin(async (tx) => {
      for (const row of rows)
        await tx`insert into outbox (type, payload)
                 values (${row.type ?? 'test.counted'}, ${JSON.stringify(row.payload)}::jsonb)`;
    });
  }
  const parkedRows = () =>
    database.sql<
      {
        id: string;
        type: string;
        payload: unknown;
        attempts: number;
        why: string;
        reason: string;
      }[]
    >`select id, type, payload, attempts, why, reason from outbox_parked order by id`;
  const waiting = async () =>
    (
      await database.sql<
        { n: number }[]
      >`select count(*)::int as n from outbox where relayed_at is null`
    )[0]?.n;

  test('a payload its declaration refuses and an undeclared type are parked at once; the rows behind go on, in order', async () => {
    const relay = await relayWith();
    try {
      await append([
        { payload: { n: 1 } },
        { payload: { n: 'two' } },
        { type: 'test.gone', payload: { n: 3 } },
        { payload: { n: 4 } },
      ]);
      await eventually(() => seen.length === 2);
      expect(seen).toEqual([1, 4]);
      // Its effects run before the relay's transaction commits: marked a moment later.
      await eventually(async () => (await waiting()) === 0);
      const rows = await parkedRows();
      expect(rows.map((r) => [r.type, r.payload, r.why, r.attempts])).toEqual([
        ['test.counted', { n: 'two' }, 'refused', 0],
        ['test.gone', { n: 3 }, 'refused', 0],
      ]);
      expect(rows[0]?.reason).toBe('its payload is not a test.counted: n: invalid_type');
      expect(rows[1]?.reason).toBe('its event type is not declared');
      // The reason names where, never what: the payload's values stay in the payload.
      expect(rows[0]?.reason).not.toContain('two');
      expect(await parkedBy('refused')).toBe(2);
    } finally {
      await relay.stop();
    }
  });

  test('a version whose catalogue admits a refused row moves it back as it was when its relay starts', async () => {
    const [gone] = (await parkedRows()).filter((r) => r.type === 'test.gone');
    seen.length = 0;
    const relay = await relayWith({ gone: true });
    try {
      await eventually(() => seen.length === 1);
      expect(seen).toEqual([3]);
      // Its own id (what its effects' deliveries and job ids key on), relayed.
      const relayed = await eventually(async () => {
        const [row] = await database.sql<{ relayed: boolean }[]>`
          select relayed_at is not null as relayed from outbox where id = ${gone?.id ?? ''}`;
        return row?.relayed;
      });
      expect(relayed).toBe(true);
      // What this version still refuses stays where it is.
      expect((await parkedRows()).map((r) => r.payload)).toEqual([{ n: 'two' }]);
    } finally {
      await relay.stop();
    }
  });

  test('effects failing on a row for its own sake: the rows before it relayed once, it parked at the last attempt, the rows behind after it', async () => {
    seen.length = 0;
    const relay = await relayWith();
    try {
      await append([{ payload: { n: 12 } }, { payload: { n: 13 } }, { payload: { n: 14 } }]);
      await eventually(() => seen.includes(14), 30_000);
      // 12 once in the transaction its failure rolled back, once for good; then 14, once.
      expect(seen).toEqual([12, 12, 14]);
      // The failure that made it the suspect, then MAX_ROW_ATTEMPTS counted on it.
      expect(calls13).toBe(MAX_ROW_ATTEMPTS + 1);
      const failing = (await parkedRows()).at(-1);
      expect(failing?.payload).toEqual({ n: 13 });
      expect([failing?.why, failing?.attempts]).toEqual(['failing', MAX_ROW_ATTEMPTS]);
      // Its kind and where it was thrown; never the error's message, which may quote a value.
      expect(failing?.reason).toMatch(/^TypeError at .*outbox-parking\.test\.ts:\d+/);
      expect(failing?.reason).not.toContain('length');
      expect(await parkedBy('failing')).toBe(1);
      // Its effects run before the relay's transaction commits: marked a moment later.
      await eventually(async () => (await waiting()) === 0);
    } finally {
      await relay.stop();
    }
  });

  test("the infrastructure's failure is not the row's: it and every row behind it wait, in order, and nothing is parked", async () => {
    seen.length = 0;
    away = true;
    const parkedBefore = (await parkedRows()).length;
    const relay = await relayWith();
    try {
      await append([{ payload: { n: 99 } }, { payload: { n: 100 } }]);
      await eventually(() => callsAway > MAX_ROW_ATTEMPTS + 1, 30_000);
      expect(seen).toEqual([]);
      expect(await waiting()).toBe(2);
      away = false;
      await eventually(() => seen.length === 2, 20_000);
      expect(seen).toEqual([99, 100]);
      expect((await parkedRows()).length).toBe(parkedBefore);
    } finally {
      away = false;
      await relay.stop();
    }
  });

  test('rows failing one after another past the breaker: the relay parks no more and holds them, in order', async () => {
    seen.length = 0;
    calls13 = 0;
    const parkedBefore = (await parkedRows()).length;
    const relay = await relayWith({ maxFailingParked: 1 });
    try {
      await append([{ payload: { n: 13 } }, { payload: { n: 13 } }, { payload: { n: 15 } }]);
      // The first parked at its last attempt; the second past its last, still waiting.
      await eventually(async () => {
        const [row] = await database.sql<{ attempts: number }[]>`
          select attempts from outbox where relayed_at is null order by id limit 1`;
        return (row?.attempts ?? 0) > MAX_ROW_ATTEMPTS;
      }, 40_000);
      expect((await parkedRows()).length).toBe(parkedBefore + 1);
      expect(seen).toEqual([]);
      expect(await waiting()).toBe(2);
    } finally {
      await relay.stop();
      await database.sql`delete from outbox where relayed_at is null`;
    }
  }, 60_000);
});

/** `outbox_parked_total{why="refused"}` over both workers' /metrics. */
async function parkedOnWorkers(): Promise<number> {
  const texts = await Promise.all(
    [1, 2].map(async (i) =>
      (await fetch(`http://127.0.0.1:${servicePort('worker', i)}/metrics`)).text(),
    ),
  );
  const lines = texts.join('\n').match(/^outbox_parked_total\{why="refused"[^}]*\} \d+$/gm) ?? [];
  return lines.reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
}

test("on the stack: a row the catalogue refuses is parked and the next change's event is relayed", async () => {
  const database = createDatabase({
    url: db.url,
    poolMax: 2,
    applicationName: 'test-outbox-parking',
    logger,
  });
  try {
    const owner = await registerOwner('Parking');
    const parkedBefore = await parkedOnWorkers();
    // What an older version might have recorded: an item.created whose item is a string.
    const [bad] = await database.sql<{ id: string }[]>`
      insert into outbox (org_id, type, payload)
      values (${owner.orgId}, 'item.created', ${JSON.stringify({ item: 'not an item' })}::jsonb)
      returning id`;
    const item = await createItem(owner, owner.orgId);
    const relayed = await eventually(async () => {
      const [row] = await database.sql<{ relayed: boolean }[]>`
        select relayed_at is not null as relayed from outbox
         where type = 'item.created' and payload->'item'->>'id' = ${item.id}`;
      return row?.relayed;
    });
    expect(relayed).toBe(true);
    const [parkedRow] = await database.sql<{ reason: string }[]>`
      select reason from outbox_parked where id = ${bad?.id ?? ''}`;
    expect(parkedRow?.reason).toStartWith('its payload is not a item.created: ');
    const [still] = await database.sql`select 1 from outbox where id = ${bad?.id ?? ''}`;
    expect(still).toBeUndefined();
    expect(await parkedOnWorkers()).toBeGreaterThan(parkedBefore);
  } finally {
    await database.close();
  }
});
