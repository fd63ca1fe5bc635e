import type { Database, Executor } from '@insightdesk/shared/db';
import { sql } from '@insightdesk/shared/db';
import { type EventType, events, OUTBOX_CHANNEL } from '@insightdesk/shared/events';
import type { Logger } from '@insightdesk/shared/logger';
import {
  appendEvent,
  ID_PLACEHOLDER,
  RELAY_EVENT,
  type RelayedEvent,
} from '@insightdesk/shared/realtime';
import type { Redis } from '@insightdesk/shared/valkey';
import { Emitter } from '@socket.io/redis-emitter';
import type { Counter, Gauge, Histogram } from 'prom-client';

export interface OutboxRow {
  readonly id: number;
  /** null for events of no organization (account emails). */
  readonly orgId: string | null;
  readonly type: EventType;
  readonly payload: unknown;
  readonly createdAt: string;
}

/**
 * Something done for each outbox row, in order, before the row is marked relayed (the real-time
 * stream, email jobs…). Must be idempotent: after a crash a row may be handed over again.
 */
export type OutboxEffect = (row: OutboxRow, tx: Executor) => Promise<void>;

export interface RelayMetrics {
  readonly relayed: Counter;
  readonly failures: Counter;
  readonly lag: Histogram;
  readonly pending: Gauge;
}

const BATCH = 200;
const POLL_MS = 2000;
const MAX_BACKOFF_MS = 5000;

/**
 * The message the redis adapter expects for a server-side emit, produced by the official emitter
 * (with a capturing client) so that appending and publishing can happen in one Lua step.
 */
function serverSideEmitMessage(event: RelayedEvent): { channel: string; message: string } {
  let captured: { channel: string; message: string } | undefined;
  const emitter = new Emitter({
    publish: (channel: string, message: string) => {
      captured = { channel, message };
    },
  });
  emitter.serverSideEmit(RELAY_EVENT, event);
  if (!captured) throw new Error('the emitter published nothing');
  return captured;
}

/** Appends real-time events to the organization's stream and pushes them to the ws instances. */
export function realtimeEffect(valkey: Redis, streamMaxLength: number): OutboxEffect {
  return async (row) => {
    const declaration = events[row.type];
    if (!declaration?.realtime || row.orgId === null) return;
    const data = row.payload as never;
    const audience = declaration.audience(data);
    const envelope = {
      id: ID_PLACEHOLDER,
      orgId: row.orgId,
      type: row.type,
      at: row.createdAt,
      data,
    };
    await appendEvent(
      valkey,
      { outboxId: row.id, orgId: row.orgId, type: row.type, at: row.createdAt, data, audience },
      serverSideEmitMessage({ envelope, audience }),
      streamMaxLength,
    );
  };
}

/**
 * The outbox relay: committed outbox rows, oldest first, through every effect, then marked
 * relayed — all in one transaction. PostgreSQL LISTEN/NOTIFY wakes it at once, a poll catches
 * anything a lost notification missed. A transaction-level advisory lock makes one worker relay
 * at a time (order is global), and `FOR UPDATE SKIP LOCKED` keeps rows from ever being taken
 * twice. When an effect fails (Valkey away) the transaction rolls back and the rows wait, in
 * order, for the next attempt (with backoff).
 */
export function createOutboxRelay(options: {
  database: Database;
  effects: readonly OutboxEffect[];
  logger: Logger;
  metrics: RelayMetrics;
}) {
  const { database, effects, logger, metrics } = options;
  const log = logger.child({ component: 'outbox-relay' });
  let running = false;
  let again = false;
  let stopped = false;
  let failures = 0;
  let retryTimer: Timer | undefined;
  let poller: Timer | undefined;
  let unlisten: (() => Promise<void>) | undefined;
  let idle: Promise<void> = Promise.resolve();

  async function relayBatch(): Promise<number> {
    return database.db.transaction(async (tx) => {
      const [lock] = await tx.execute<{ locked: boolean }>(
        sql`select pg_try_advisory_xact_lock(hashtext('insightdesk:outbox-relay')) as locked`,
      );
      if (!lock?.locked) return 0;
      const rows = await tx.execute<{
        id: string;
        org_id: string | null;
        type: EventType;
        payload: unknown;
        created_at: string;
      }>(sql`
        select id, org_id, type, payload,
               to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as created_at
          from outbox
         where relayed_at is null
         order by id
         limit ${BATCH}
           for update skip locked`);
      if (rows.length === 0) return 0;
      for (const r of rows) {
        const row: OutboxRow = {
          id: Number(r.id),
          orgId: r.org_id,
          type: r.type,
          payload: r.payload,
          createdAt: r.created_at,
        };
        for (const effect of effects) await effect(row, tx);
        metrics.lag.observe((Date.now() - Date.parse(row.createdAt)) / 1000);
      }
      const ids = rows.map((r) => Number(r.id));
      await tx.execute(sql`update outbox set relayed_at = now(), attempts = attempts + 1
                            where id = any(${`{${ids.join(',')}}`}::bigint[])`);
      metrics.relayed.inc(rows.length);
      return rows.length;
    });
  }

  async function drain() {
    for (;;) {
      const n = await relayBatch();
      if (n < BATCH) return;
    }
  }

  function kick() {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    idle = (async () => {
      try {
        do {
          again = false;
          await drain();
        } while (again && !stopped);
        if (failures > 0) log.info('outbox relay recovered');
        failures = 0;
      } catch (err) {
        failures += 1;
        metrics.failures.inc();
        const delay = Math.min(250 * 2 ** (failures - 1), MAX_BACKOFF_MS);
        if (failures === 1 || failures % 20 === 0)
          log.warn({ err, retryInMs: delay }, 'outbox relay failed, rows wait');
        clearTimeout(retryTimer);
        retryTimer = setTimeout(kick, delay);
      } finally {
        running = false;
      }
    })();
  }

  async function refreshPending() {
    const [row] = await database.db.execute<{ n: number }>(
      sql`select count(*)::int as n from outbox where relayed_at is null`,
    );
    metrics.pending.set(row?.n ?? 0);
  }

  return {
    async start() {
      const listener = await database.sql.listen(
        OUTBOX_CHANNEL,
        () => kick(),
        () => kick(),
      );
      unlisten = () => listener.unlisten();
      poller = setInterval(() => {
        kick();
        void refreshPending().catch(() => undefined);
      }, POLL_MS);
      kick();
    },
    /** Stops taking new batches and waits for the one in flight (it commits or rolls back). */
    async stop() {
      stopped = true;
      clearInterval(poller);
      clearTimeout(retryTimer);
      await unlisten?.().catch(() => undefined);
      await idle;
    },
  };
}
