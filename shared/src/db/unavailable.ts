import type { Logger } from '../logger';

/**
 * Why a statement failed for the database's sake rather than its own — the primary gone (killed,
 * restarting, failing over) or the server a standby (a primary that became a replica, or one
 * whose promotion is not finished) — so that the same statement may succeed in a moment:
 *
 * - `read-only`: SQLSTATE 25006 (read_only_sql_transaction), a write sent to a server in
 *   recovery. Through HAProxy it happens in the tenths of a second between Patroni's `/primary`
 *   answering 200 and PostgreSQL leaving recovery; behind a stale address, until it is fixed.
 * - `connection`: the connection failed or was ended under the statement — postgres.js's own
 *   codes (CONNECTION_CLOSED, ECONNRESET…), a connection exception (class 08), or a shutdown
 *   (57P01 admin, 57P02 crash, 57P03 cannot connect now: a switchover's stop, a restart).
 *
 * Not whether the statement ran: a COMMIT whose answer was lost may have committed. Only what is
 * idempotent (a read, a job, a command under its Idempotency-Key) may be tried again.
 */
export type Unavailability = 'read-only' | 'connection';

/** postgres.js's codes for a connection that failed or ended (and Node's socket errors). */
const CONNECTION_CODES = new Set([
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
]);

/** Whether `err` (or an error it wraps: drizzle's) says the database is unavailable, and how. */
export function databaseUnavailable(err: unknown): Unavailability | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause) {
    depth++;
    const code = (e as { code?: unknown }).code;
    if (typeof code !== 'string') continue;
    if (code === '25006') return 'read-only';
    if (CONNECTION_CODES.has(code) || code.startsWith('08') || /^57P0[123]$/.test(code))
      return 'connection';
  }
  return undefined;
}

/** What a client is told to wait before trying again: about a promotion's tail, not a failover's. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 1;

/**
 * Runs `step` until it does not fail for the database's sake, or `timeoutMs` passed: a start that
 * meets a failover (a primary not elected yet, or still in recovery) waits for it instead of
 * exiting and being started again, over and over, by its supervisor. Any other failure, and the
 * last one at the deadline, is thrown.
 */
export async function whenAvailable<T>(
  step: () => Promise<T>,
  options: { readonly what: string; readonly logger: Logger; readonly timeoutMs?: number },
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (let attempt = 1; ; attempt++) {
    try {
      return await step();
    } catch (err) {
      const why = databaseUnavailable(err);
      if (!why || Date.now() > deadline) throw err;
      if (attempt === 1)
        options.logger.warn(
          { why },
          `${options.what}: the database is unavailable (${why}); waiting for it`,
        );
      await Bun.sleep(Math.min(250 * attempt, 2000));
    }
  }
}
