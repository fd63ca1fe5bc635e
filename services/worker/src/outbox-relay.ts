import type { Database, Executor } from '@insightdesk/shared/db';
import {
  claimOutboxBatch,
  countOutboxFailure,
  countPendingOutbox,
  type EffectRegistry,
  markOutboxRelayed,
  OUTBOX_CHANNEL,
  type OutboxRow,
  type ParkedWhy,
  parkOutboxRows,
  refusedOutboxPage,
  unparkOutboxRows,
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
export const MAX_ROW_ATTEMPTS = 5;
/**
 * More rows than this parked as `failing` within PARKING_WINDOW_MS: not one bad row but a bad
 * deployment (every row of a type failing) — the relay stops parking and holds every row, in
 * order, until someone looks (rows moved back after a fix would each be delivered anew).
 */
export const MAX_FAILING_PARKED = 10;
const PARKING_WINDOW_MS = 10 * 60_000;

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
 * Why a row's effects failed for the row's own sake — a programming error on its data (a
 * TypeError, a ReferenceError…), PostgreSQL refusing its data (SQLSTATE class 22) — in words
 * that say what and where but never the data (the error's kind and the place it was thrown; a
 * message may quote a value), or null: anything else (Valkey or PostgreSQL away, a timeout, a
 * conflict with another writer, the runtime out of memory) is the infrastructure's, and the rows
 * wait for it in order, however long.
 */
export function rowFault(err: unknown): string | null {
  for (let e = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (
      e instanceof TypeError ||
      e instanceof ReferenceError ||
      e instanceof SyntaxError ||
      e.name === 'ZodError'
    ) {
      const at = e.stack
        ?.split('\n')
        .find((line) => line.trimStart().startsWith('at '))
        ?.trim();
      return `${e.name}${at ? ` ${at}` : ''}`.slice(0, 300);
    }
    const code = (e as { code?: unknown }).code;
    if (e.name === 'PostgresError' && typeof code === 'string' && /^22/.test(code))
      return `PostgreSQL refused its data (SQLSTATE ${code})`;
  }
  return null;
}

/**
 * The outbox relay: committed outbox rows, oldest first, each through the effects that handle
 * its type (the registry), then marked relayed — all in one transaction. PostgreSQL
 * LISTEN/NOTIFY wakes it at once, a poll catches anything a lost notification missed. With
 * Valkey replicas (VALKEY_WAIT_REPLICAS), the effects' writes are confirmed on a replica before
 * the rows are marked. A transaction-level advisory lock makes one worker relay at a time (order
 * is global), and `FOR UPDATE SKIP LOCKED` keeps rows from ever being taken twice. When an
 * effect fails (Valkey away) the transaction rolls back and the rows wait, in order, for the
 * next attempt (with backoff) — unless the row itself is at fault (`outbox_parked`,
 * docs/background-work.md):
 * - one that is not what its type declares is parked before any effect runs;
 * - one whose effects fail on its data (rowFault) becomes the suspect: the next attempt commits
 *   the rows before it, runs its effects in a savepoint and counts each failure on it, under the
 *   relay's lock; at MAX_ROW_ATTEMPTS it is parked and the rows behind it go on — unless more
 *   than MAX_FAILING_PARKED were parked so within ten minutes, when it holds.
 * Rows parked as refused that the catalogue now admits (a newer version's, after a deployment)
 * are moved back when the relay starts.
 */
export function createOutboxRelay(options: {
  database: Database;
  effects: EffectRegistry;
  logger: Logger;
  metrics: RelayMetrics;
  tracing: Tracing;
  /** With Valkey replicas: the effects' writes reached them (WAIT) before the rows are marked. */
  replication?: ReplicationWait;
  /** MAX_FAILING_PARKED unless given (tests). */
  maxFailingParked?: number;
}) {
  const { database, effects, logger, metrics, tracing, replication } = options;
  const maxFailingParked = options.maxFailingParked ?? MAX_FAILING_PARKED;
  const log = logger.child({ component: 'outbox-relay' });
  let running = false;
  let again = false;
  let stopped = false;
  let failures = 0;
  /** The row whose effects last failed for its own sake: run in a savepoint next time. */
  let suspect: number | null = null;
  /** When rows were parked as `failing` lately (the breaker's window). */
  let failingParked: number[] = [];
  let retryTimer: Timer | undefined;
  let poller: Timer | undefined;
  let unlisten: (() => Promise<void>) | undefined;
  let idle: Promise<void> = Promise.resolve();
  let readmitting: Promise<void> = Promise.resolve();

  type Parked = { id: number; type: string; why: ParkedWhy; reason: string };

  function runEffects(row: OutboxRow, tx: Executor) {
    // The row's effects continue the trace of the change that recorded it.
    return tracing.inSpan(
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
  }

  function breakerOpen(now: number): boolean {
    failingParked = failingParked.filter((t) => now - t < PARKING_WINDOW_MS);
    return failingParked.length >= maxFailingParked;
  }

  /**
   * The suspect's effects in a savepoint: relayed, or (its fault again) rolled back to it and
   * the failure counted — parked at the last attempt — or (not its fault) thrown as any failure.
   */
  async function trySuspect(row: OutboxRow, tx: Executor): Promise<'relayed' | Parked | 'held'> {
    try {
      await tx.transaction((savepoint) => runEffects(row, savepoint));
      return 'relayed';
    } catch (err) {
      const reason = rowFault(err);
      if (!reason) throw err;
      const attempts = await countOutboxFailure(tx, row.id);
      log.warn(
        { outboxId: row.id, event: row.type, reason, attempts },
        'outbox row failed its effects',
      );
      if (attempts < MAX_ROW_ATTEMPTS) return 'held';
      if (breakerOpen(Date.now())) {
        log.error(
          { outboxId: row.id, event: row.type, reason, parkedLately: failingParked.length },
          'outbox relay holds: too many rows failing their effects lately to park one more',
        );
        return 'held';
      }
      failingParked.push(Date.now());
      return { id: row.id, type: row.type, why: 'failing', reason };
    }
  }

  async function relayBatch() {
    return database.db.transaction(async (tx) => {
      const rows = await claimOutboxBatch(tx, BATCH);
      const relayed: number[] = [];
      const parked: Parked[] = [];
      let held = false;
      /** Stopped at the suspect: rows behind it wait for the next batch. */
      let ended = false;
      for (const row of rows) {
        // Before any effect: a row that is not what its type says would fail them every time and
        // hold up every row behind it.
        const refusal = effects.refusal(row.type, row.payload);
        if (refusal) {
          parked.push({ id: row.id, type: row.type, why: 'refused', reason: refusal });
          continue;
        }
        if (row.id === suspect) {
          // Alone at the end of its batch: what it ends in (relayed, parked, one failure more)
          // commits with the rows before it, before any row behind it is tried.
          const outcome = await trySuspect(row, tx);
          ended = true;
          if (outcome === 'held') {
            held = true;
            break;
          }
          suspect = null;
          if (outcome !== 'relayed') {
            parked.push(outcome);
            break;
          }
        } else {
          try {
            await runEffects(row, tx);
          } catch (err) {
            throw new RowFailure(row, err);
          }
        }
        relayed.push(row.id);
        metrics.lag.observe((Date.now() - Date.parse(row.createdAt)) / 1000);
        if (ended) break;
      }
      // A primary lost before its replica had these writes would take them along (and its
      // replica, promoted, still has the epoch: nothing would re-drive them). Not confirmed in
      // time: the transaction rolls back and the rows are relayed again (their effects are
      // idempotent; clients drop a stream entry they already have).
      if (relayed.length > 0) await replication?.confirm();
      await parkOutboxRows(tx, parked);
      if (relayed.length > 0) await markOutboxRelayed(tx, relayed);
      const more = !held && (ended || rows.length === BATCH);
      return { relayed: relayed.length, parked, held, more };
    });
  }

  function reportParked(row: Parked) {
    metrics.parked.inc({ why: row.why });
    log.error(
      { outboxId: row.id, event: row.type, why: row.why, reason: row.reason },
      'outbox row parked: set aside in outbox_parked, the rows behind it go on',
    );
  }

  /** Drains what is committed; true when a suspect row holds the rest (to be tried again). */
  async function drain(): Promise<boolean> {
    for (;;) {
      const batch = await relayBatch();
      metrics.relayed.inc(batch.relayed);
      for (const row of batch.parked) reportParked(row);
      if (batch.held) return true;
      if (!batch.more) return false;
    }
  }

  function retryLater() {
    failures += 1;
    const delay = Math.min(250 * 2 ** (failures - 1), MAX_BACKOFF_MS);
    clearTimeout(retryTimer);
    retryTimer = setTimeout(kick, delay);
    return delay;
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
        let held = false;
        do {
          again = false;
          held = await drain();
        } while (again && !held && !stopped);
        if (held) {
          if (!stopped) retryLater();
          return;
        }
        if (failures > 0) log.info('outbox relay recovered');
        failures = 0;
      } catch (err) {
        if (err instanceof RowFailure && rowFault(err.cause)) {
          // Its own fault, perhaps: the next attempt commits the rows before it and tries it alone.
          suspect = err.row.id;
        }
        if (stopped) return;
        metrics.failures.inc();
        const delay = retryLater();
        if (failures === 1 || failures % 20 === 0)
          log.warn(
            { err: err instanceof RowFailure ? err.cause : err, retryInMs: delay },
            'outbox relay failed, rows wait',
          );
      } finally {
        running = false;
      }
    })();
  }

  /**
   * Rows parked as refused that this version's catalogue admits: back into the outbox, page by
   * page beside the relay (not before it: what a long list of them costs to check must not delay
   * the worker's start), until the relay stops.
   */
  async function readmitRefused() {
    let moved = 0;
    for (let after = 0; !stopped; ) {
      const page = await refusedOutboxPage(database.db, after, BATCH);
      const admitted = page.filter((r) => !effects.refusal(r.type, r.payload)).map((r) => r.id);
      moved += await unparkOutboxRows(database.db, admitted);
      const last = page.at(-1);
      if (!last || page.length < BATCH) break;
      after = last.id;
      await Bun.sleep(1);
    }
    if (moved > 0)
      log.info({ rows: moved }, 'outbox rows parked as refused moved back: admitted now');
  }

  async function refreshPending() {
    metrics.pending.set(await countPendingOutbox(database.db));
  }

  return {
    async start() {
      readmitting = readmitRefused().catch((err) =>
        log.warn({ err }, 'parked rows not looked at again: the relay goes on'),
      );
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
      await Promise.all([idle, readmitting]);
    },
  };
}
