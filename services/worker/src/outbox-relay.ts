import type { Database, Executor } from '@insightdesk/shared/db';
import {
  type ClientDataLimits,
  claimOutboxBatch,
  countPendingOutbox,
  type EventData,
  isRealtimeEvent,
  markOutboxRelayed,
  OUTBOX_CHANNEL,
  type OutboxRow,
  type RealtimeEventType,
} from '@insightdesk/shared/events';
import type { Logger } from '@insightdesk/shared/logger';
import { notificationExists } from '@insightdesk/shared/notifications';
import {
  appendEvent,
  encodeNotificationMessage,
  encodeStreamEntry,
  NOTIFICATION_CHANNEL,
  type StreamBounds,
} from '@insightdesk/shared/realtime';
import { activeTraceparent, type Tracing } from '@insightdesk/shared/tracing';
import type { Redis } from '@insightdesk/shared/valkey';
import type { Counter, Gauge, Histogram } from 'prom-client';

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
 * Appends real-time events to the organization's stream, which publishes them to the ws
 * instances in the same atomic step (`realtime/stream.ts`); the data is bounded for clients first.
 */
export function realtimeEffect(
  valkey: Redis,
  limits: StreamBounds & ClientDataLimits,
): OutboxEffect {
  return async (row) => {
    // Events of no organization (account emails) have no stream and no subscribers.
    if (!isRealtimeEvent(row.type) || row.orgId === null) return;
    // The payload was validated against the event's schema when it was recorded.
    const data = row.payload as EventData<RealtimeEventType>;
    const entry = encodeStreamEntry(row.type, row.createdAt, data, limits);
    await appendEvent(
      valkey,
      { outboxId: row.id, orgId: row.orgId, entry, traceParent: activeTraceparent() },
      limits,
    );
  };
}

/**
 * Notifications go to their recipient's channel, not to an organization's stream — if the
 * notification is still there: a member removed since it was made lost it with the removal.
 */
export function notificationsEffect(valkey: Redis): OutboxEffect {
  return async (row, tx) => {
    if (row.type !== 'notification.created') return;
    // The payload was validated against the event's schema when it was recorded.
    const message = row.payload as EventData<'notification.created'>;
    if (!(await notificationExists(tx, message.notification.id))) return;
    await valkey.publish(NOTIFICATION_CHANNEL, encodeNotificationMessage(message));
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
  tracing: Tracing;
}) {
  const { database, effects, logger, metrics, tracing } = options;
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
            for (const effect of effects) await effect(row, tx);
          },
        );
        metrics.lag.observe((Date.now() - Date.parse(row.createdAt)) / 1000);
      }
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
