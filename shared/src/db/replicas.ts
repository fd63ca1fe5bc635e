import { Counter, type Registry } from 'prom-client';
import type { Logger } from '../logger';
import type { Db } from './types';

/** How often each replica's state and replay lag are read. */
const PROBE_INTERVAL_MS = 1000;
/**
 * A probe unanswered this long finds the replica down. Behind a proxy with no server for it (a
 * failover) a connection is accepted and closed over and over, and the probe's query waits for a
 * server rather than failing; no second probe is sent while it waits.
 */
const PROBE_TIMEOUT_MS = 2000;

/**
 * The replay lag query (postgres.js `unsafe`), in milliseconds: 0 when everything received is replayed (an idle primary sends
 * nothing, so the last replayed transaction's age alone would grow forever), otherwise the age of
 * the last replayed transaction. A server not in recovery (a primary) has no lag; `standby` says
 * whether it is one.
 */
export const LAG_QUERY = `
  select pg_is_in_recovery() as standby, case
    when not pg_is_in_recovery() then 0
    when pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() then 0
    else coalesce(extract(epoch from now() - pg_last_xact_replay_timestamp()) * 1000, 0)
  end::float8 as lag_ms`;

/**
 * `primary`: the replica's address reaches a server that is not in recovery — a replica promoted
 * in a failover, or a proxy's fallback to the primary while no replica runs. It is not read from
 * (a promoted replica follows our primary no more): no replica, as when it is down.
 */
export type ReplicaState = 'starting' | 'ok' | 'lagging' | 'primary' | 'down';

export interface ReplicaStatus {
  /** host:port/database (no credentials). */
  readonly target: string;
  readonly state: ReplicaState;
  readonly lagMs: number | null;
}

export interface Replica {
  readonly target: string;
  readonly db: Db;
  /**
   * Resolves with the replay lag (ms) and whether the server is in recovery; throws when the
   * replica cannot be reached.
   */
  probe(): Promise<{ readonly lagMs: number; readonly standby: boolean }>;
  close(): Promise<void>;
}

export interface ReplicaRouter {
  /** Runs `read` on a usable replica, or on the primary when none is (or the replica failed). */
  read<T>(read: (db: Db) => Promise<T>): Promise<T>;
  status(): ReplicaStatus[];
  close(): Promise<void>;
}

/** Failures of the replica rather than of the query: the primary answers instead. */
function isReplicaFailure(err: unknown): boolean {
  for (let e: unknown = err; e; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code !== 'string') continue;
    // postgres.js's own (CONNECTION_CLOSED, ECONNREFUSED…), connection exceptions (08),
    // shutdown or recovery (57), conflicts with recovery (40001), out of resources (53).
    if (!/^[0-9A-Z]{5}$/.test(code) || /^(08|57|53|40001)/.test(code)) return true;
  }
  return false;
}

/**
 * Routes the reads that tolerate lag to streaming replicas. Each replica is probed every second;
 * one that is down or replays further behind than `maxLagMs` is skipped until a later probe finds
 * it usable again. A read that fails on a replica for the replica's sake runs again on the
 * primary: the client never sees a replica's trouble. Reads are counted by where they ran.
 */
export function createReplicaRouter(options: {
  readonly primary: Db;
  readonly replicas: readonly Replica[];
  readonly maxLagMs: number;
  readonly logger: Logger;
  readonly registry?: Registry;
}): ReplicaRouter {
  const { primary, replicas, maxLagMs, logger } = options;
  const reads = new Counter({
    name: 'insightdesk_db_reads_total',
    help: 'Reads that tolerate lag, by where they ran (primary or replica)',
    labelNames: ['target'],
    registers: options.registry ? [options.registry] : [],
  });
  reads.inc({ target: 'primary' }, 0);
  reads.inc({ target: 'replica' }, 0);

  const states = replicas.map(() => ({
    state: 'starting' as ReplicaState,
    lagMs: null as number | null,
  }));
  const setState = (i: number, state: ReplicaState, lagMs: number | null) => {
    const current = states[i];
    if (!current) return;
    if (current.state !== state && current.state !== 'starting') {
      logger.warn({ replica: replicas[i]?.target, state, lagMs }, 'read replica state changed');
    }
    current.state = state;
    current.lagMs = lagMs;
  };

  /** Per replica: since when its probe has been waiting for an answer, if it is. */
  const waitingSince: (number | undefined)[] = replicas.map(() => undefined);
  const probe = () => {
    replicas.forEach((replica, i) => {
      const since = waitingSince[i];
      if (since !== undefined) {
        if (Date.now() - since > PROBE_TIMEOUT_MS) setState(i, 'down', null);
        return;
      }
      waitingSince[i] = Date.now();
      replica
        .probe()
        .then(
          ({ lagMs, standby }) => {
            if (!standby) setState(i, 'primary', null);
            else setState(i, lagMs > maxLagMs ? 'lagging' : 'ok', Math.round(lagMs));
          },
          () => setState(i, 'down', null),
        )
        .finally(() => {
          waitingSince[i] = undefined;
        });
    });
  };
  const timer = replicas.length > 0 ? setInterval(probe, PROBE_INTERVAL_MS) : undefined;
  timer?.unref();
  if (timer) probe();

  let turn = 0;
  const pick = (): number | undefined => {
    for (let k = 0; k < replicas.length; k++) {
      const i = (turn + k) % replicas.length;
      if (states[i]?.state === 'ok') {
        turn = i + 1;
        return i;
      }
    }
    return undefined;
  };

  return {
    async read(read) {
      const i = pick();
      const replica = i === undefined ? undefined : replicas[i];
      if (i !== undefined && replica) {
        try {
          const result = await read(replica.db);
          reads.inc({ target: 'replica' });
          return result;
        } catch (err) {
          if (!isReplicaFailure(err)) throw err;
          setState(i, 'down', null);
        }
      }
      const result = await read(primary);
      reads.inc({ target: 'primary' });
      return result;
    },
    status: () =>
      replicas.map((r, i) => ({
        target: r.target,
        state: states[i]?.state ?? 'starting',
        lagMs: states[i]?.lagMs ?? null,
      })),
    async close() {
      if (timer) clearInterval(timer);
      await Promise.all(replicas.map((r) => r.close()));
    },
  };
}
