import type { Database } from '@insightdesk/shared/db';
import {
  claimOutboxBatch,
  countPendingOutbox,
  type EffectRegistry,
  markOutboxRelayed,
  OUTBOX_CHANNEL,
} from '@insightdesk/shared/events';
import type { Logger } from '@insightdesk/shared/logger';
import type { Tracing } from '@insightdesk/shared/tracing';
import type { ReplicationWait } from '@insightdesk/shared/valkey';
import type { Counter, Gauge, Histogram } from 'prom-client';

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
 * The outbox relay: committed outbox rows, oldest first, each through the effects that handle
 * its type (the registry), then marked relayed — all in one transaction. PostgreSQL LISTEN/NOTIFY wakes it at once, a poll catches
 * anything a lost notification missed. With Valkey replicas (VALKEY_WAIT_REPLICAS), the effects'
 * writes are confirmed on a replica before the rows are marked. A transaction-level advisory lock makes one worker relay
 * at a time (order is global), and `FOR UPDATE SKIP LOCKED` keeps rows from ever being taken
 * twice. When an effect fails (Valkey away) the transaction rolls back and the rows wait, in
 * order, for the next attempt (with backoff).
 */
export function createOutboxRelay(options: {
  database: Database;
  effects: EffectRegistry;
  logger: Logger;
  metrics: RelayMetrics;
  tracing: Tracing;
  /** With Valkey replicas: the effects' writes reached them (WAIT) before the rows are marked. */
  replication?: ReplicationWait;
}) {
  const { database, effects, logger, metrics, tracing, replication } = options;
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
      const rows = await claimOutboxBatch(tx, BATCH);
      if (rows.length === 0) return 0;
      for (const row of rows) {
        // The row's effects continue the trace of the change that recorded it.
        await tracing.inSpan(
          `outbox relay ${row.type}`,
          {
            kind: 'consumer',
            parent: row.traceParent,
            attributes: { 'insightdesk.outbox_id': row.id, 'insightdesk.event': row.type },
          },
          async () => {
            for (const handle of effects.handlersFor(row.type)) await handle(row.payload, row, tx);
          },
        );
        metrics.lag.observe((Date.now() - Date.parse(row.createdAt)) / 1000);
      }
      // A primary lost before its replica had these writes would take them along (and its
      // replica, promoted, still has the epoch: nothing would re-drive them). Not confirmed in
      // time: the transaction rolls back and the rows are relayed again (their effects are
      // idempotent; clients drop a stream entry they already have).
      await replication?.confirm();
      await markOutboxRelayed(
        tx,
        rows.map((r) => r.id),
      );
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
    metrics.pending.set(await countPendingOutbox(database.db));
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
