/**
 * When a failed delivery is attempted again: after the n-th failure, the n-th delay of the
 * schedule (`WEBHOOK_RETRY_SCHEDULE`), give or take a tenth (jitter: endpoints that failed
 * together are not all hit again at the same second), never before the endpoint's `Retry-After`.
 * Past the schedule's end the delivery has failed for good.
 */

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `5s,5m,30m,2h` → milliseconds; null when an entry is not a duration. */
export function parseSchedule(text: string): number[] | null {
  const delays = text.split(',').map((entry) => {
    const match = /^\s*(\d+(?:\.\d+)?)(ms|s|m|h|d)\s*$/.exec(entry);
    return match ? Number(match[1]) * (UNITS[match[2] ?? ''] ?? Number.NaN) : Number.NaN;
  });
  return delays.length > 0 && delays.every((d) => Number.isFinite(d) && d > 0) ? delays : null;
}

/** The longest an endpoint's `Retry-After` may hold a delivery back. */
const MAX_RETRY_AFTER_MS = 24 * 3_600_000;

/** `Retry-After` in milliseconds from `now` (delta-seconds or an HTTP date), or null. */
export function retryAfterMs(header: string | null | undefined, now = Date.now()): number | null {
  if (!header) return null;
  const text = header.trim();
  const ms = /^\d+$/.test(text) ? Number(text) * 1000 : Date.parse(text) - now;
  return Number.isFinite(ms) ? Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS) : null;
}

/**
 * The delay before the attempt after the `failures`-th failure, or null when the schedule is
 * spent. `random` in [0, 1) (Math.random) makes the jitter.
 */
export function nextDelay(
  schedule: readonly number[],
  failures: number,
  retryAfter: number | null,
  random: number = Math.random(),
): number | null {
  const base = schedule[failures - 1];
  if (base === undefined) return null;
  const jittered = Math.round(base * (0.9 + 0.2 * random));
  return Math.max(jittered, retryAfter ?? 0);
}
