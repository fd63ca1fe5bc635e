import type { Database } from '@insightdesk/shared/db';
import {
  claimOutboxBatch,
  countPendingOutbox,
  type EffectRegistry,
  markOutboxRelayed,
  OUTBOX_CHANNEL,
  type OutboxRow,
  parkOutboxRows,
  recordOutboxFailure,
} from '@insightdesk/shared/events';
import type { Logger } from '@insightdesk/shared/logger';
import type { Tracing } from '@insightdesk/shared/tracing';
import type { ReplicationWait } from '@insightdesk/shared/valkey';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export interface RelayMetrics {
  readonly relayed: Counter;
  readonly failures: Counter;
  readonly lag: Histogram;
  readonly pending: Gauge;
  /** Rows set aside (`outbox_parked`), by why: `refused` (its declaration) or `failing`. */
  readonly parked: Counter<'why'>;
}

/** The relay's series on the worker's `/metrics`. */
export function relayMetrics(registry: Registry): RelayMetrics {
  return {
    relayed: new Counter({
      name: 'outbox_relayed_total',
      help: 'Outbox rows relayed',
      registers: [registry],
    }),
    failures: new Counter({
      name: 'outbox_relay_failures_total',
      help: 'Relay attempts that failed and were rolled back',
      registers: [registry],
    }),
    lag: new Histogram({
      name: 'outbox_relay_lag_seconds',
      help: 'From commit to relay',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5, 30, 120],
      registers: [registry],
    }),
    pending: new Gauge({
      name: 'outbox_pending',
      help: 'Rows not relayed yet',
      registers: [registry],
    }),
    parked: new Counter({
      name: 'outbox_parked_total',
      help: 'Rows set aside in outbox_parked (why: refused by their declaration, failing their effects)',
      labelNames: ['why'],
      registers: [registry],
    }),
  };
}

const BATCH = 200;
const POLL_MS = 2000;
const MAX_BACKOFF_MS = 5000;
/** A row whose effects fail for its own sake (rowFault) this many times is parked. */
export const MAX_ROW_ATTEMPTS = 3;

/** A row's effects failed: which row, and the error. */
class RowFailure extends Error {
  constructor(
    readonly row: OutboxRow,
    override readonly cause: unknown,
  ) {
    super(`outbox row ${row.id} failed`);
  }
}

/**
 * Why a row's effects failed for the row's own sake, in words without its values — a
 * programming error on its data (a TypeError…), or PostgreSQL refusing its data (SQLSTATE class
 * 22 or 23) — or null: anything else (Valkey or PostgreSQL away, a timeout) is the
 * infrastructure's, and the rows wait for it in order, however long.
 */
export function rowFault(err: unknown): string | null {
  for (let e = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (
      e instanceof TypeError ||
      e instanceof RangeError ||
      e instanceof ReferenceError ||
      e instanceof SyntaxError ||
      e.name === 'ZodError'
    )
      return `${e.name}: ${e.message}`.slice(0, 300);
    const code = (e as { code?: unknown }).code;
    if (e.name === 'PostgresError' && typeof code === 'string' && /^2[23]/.test(code))
      return `PostgreSQL refused its data (SQLSTATE ${code})`;
  }
  return null;
}

/**
 * The outbox relay: committed outbox rows, oldest first, each through the effects that handle
 * its type (the registry), then marked relayed — all in one transaction. PostgreSQL LISTEN/NOTIFY wakes it at once, a poll catches
 * anything a lost notification missed. With Valkey replicas (VALKEY_WAIT_REPLICAS), the effects'
 * writes are confirmed on a replica before the rows are marked. A transaction-level advisory lock makes one worker relay
 * at a time (order is global), and `FOR UPDATE SKIP LOCKED` keeps rows from ever being taken
 * twice. When an effect fails (Valkey away) the transaction rolls back and the rows wait, in
 * order, for the next attempt (with backoff) — unless the row itself is at fault: one that is not
 * what its type declares is parked before any effect runs, one whose effects fail on its data
 * (rowFault) after MAX_ROW_ATTEMPTS (`outbox_parked`, docs/background-work.md).
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

  async function relayBatch() {
    return database.db.transaction(async (tx) => {
      const rows = await claimOutboxBatch(tx, BATCH);
      const relayed: number[] = [];
      const parked: { id: number; type: string; reason: string }[] = [];
      for (const row of rows) {
        // Before any effect: a row that is not what its type says would fail them every time and
        // hold up every row behind it.
        const reason = effects.refusal(row.type, row.payload);
        if (reason) {
          parked.push({ id: row.id, type: row.type, reason });
          continue;
        }
        // The row's effects continue the trace of the change that recorded it.
        try {
          await tracing.inSpan(
            `outbox relay ${row.type}`,
            {
              kind: 'consumer',
              parent: row.traceParent,
              attributes: { 'insightdesk.outbox_id': row.id, 'insightdesk.event': row.type },
            },
            async () => {
              for (const handle of effects.handlersFor(row.type))
                await handle(row.payload, row, tx);
            },
          );
        } catch (err) {
          throw new RowFailure(row, err);
        }
        relayed.push(row.id);
        metrics.lag.observe((Date.now() - Date.parse(row.createdAt)) / 1000);
      }
      // A primary lost before its replica had these writes would take them along (and its
      // replica, promoted, still has the epoch: nothing would re-drive them). Not confirmed in
      // time: the transaction rolls back and the rows are relayed again (their effects are
      // idempotent; clients drop a stream entry they already have).
      if (relayed.length > 0) await replication?.confirm();
      await parkOutboxRows(tx, parked);
      if (relayed.length > 0) await markOutboxRelayed(tx, relayed);
      return { claimed: rows.length, relayed: relayed.length, parked };
    });
  }

  function reportParked(row: { id: number; type: string; reason: string }, why: string) {
    metrics.parked.inc({ why });
    log.error(
      { outboxId: row.id, event: row.type, reason: row.reason },
      'outbox row parked: set aside in outbox_parked, the rows behind it go on',
    );
  }

  async function drain() {
    for (;;) {
      const batch = await relayBatch();
      metrics.relayed.inc(batch.relayed);
      for (const row of batch.parked) reportParked(row, 'refused');
      if (batch.claimed < BATCH) return;
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
        for (;;) {
          try {
            do {
              again = false;
              await drain();
            } while (again && !stopped);
            if (failures > 0) log.info('outbox relay recovered');
            failures = 0;
            return;
          } catch (err) {
            // A row parked for its own fault: the rows behind it go on at once.
            if ((await parkedFor(err)) && !stopped) continue;
            failures += 1;
            metrics.failures.inc();
            const delay = Math.min(250 * 2 ** (failures - 1), MAX_BACKOFF_MS);
            if (failures === 1 || failures % 20 === 0)
              log.warn(
                { err: err instanceof RowFailure ? err.cause : err, retryInMs: delay },
                'outbox relay failed, rows wait',
              );
            clearTimeout(retryTimer);
            retryTimer = setTimeout(kick, delay);
            return;
          }
        }
      } finally {
        running = false;
      }
    })();
  }

  /**
   * After a failed batch: when a row's effects failed for its own sake (rowFault), one attempt
   * more is counted on it, and at the last it is parked (true). Anything else: false, the rows
   * wait.
   */
  async function parkedFor(err: unknown): Promise<boolean> {
    const reason = err instanceof RowFailure ? rowFault(err.cause) : null;
    if (!(err instanceof RowFailure) || !reason) return false;
    const { row } = err;
    const parked = await recordOutboxFailure(database.db, row.id, reason, MAX_ROW_ATTEMPTS).catch(
      () => false,
    );
    if (parked) reportParked({ id: row.id, type: row.type, reason }, 'failing');
    else log.warn({ outboxId: row.id, event: row.type, reason }, 'outbox row failed its effects');
    return parked;
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
