import type { Logger } from '../logger';
import type { Redis } from './client';
import { luaScript, runScript } from './scripts';

/**
 * Valkey is recoverable, PostgreSQL is the truth. Valkey can lose its data — a restart without
 * persistence, a failover to a replica that was behind, a `FLUSHALL` — and with it the queued
 * jobs and the organizations' streams. A key marks each generation of its data (an **epoch**):
 * written once when a generation starts, it disappears with everything else. Every worker looks
 * for it every second; the first to find it missing starts a new epoch (`pending <epoch>`) and
 * runs the recoveries (the work PostgreSQL records as intended is queued again), then marks it
 * `done <epoch>`. A worker that dies halfway leaves the epoch pending, and its lease runs out:
 * another takes the recovery over. Streams need no recovery: a stream that starts again vouches
 * for nothing before its first event (append.lua), so a client resuming from before the loss is
 * told to resync (docs/background-work.md, "When Valkey loses its data").
 */
export const EPOCH_KEY = '{insightdesk:epoch}:valkey';
const LEASE_KEY = '{insightdesk:epoch}:recovering';
const LEASE_MS = 30_000;
const RECOVERY_MAX_MS = 10 * 60_000;
const SETTLE = luaScript(
  'insightdeskEpochSettle',
  new URL('./epoch-settle.lua', import.meta.url),
  2,
);

/**
 * Runs one named step of a recovery (steps may run at once): a step that does not finish within
 * its time (`timeoutMs`, else the watch's `stepTimeoutMs`; `Infinity`: none) fails the recovery
 * with its name — the lease is released and the recovery runs again, and what the step left
 * running is idempotent — and a step still running after `SLOW_STEP_MS` is logged by name. A
 * recovery once hung for minutes with nothing to blame; the next one names its step.
 */
export type RecoveryStep = <T>(
  name: string | (() => string),
  run: () => Promise<T>,
  timeoutMs?: number,
) => Promise<T>;

const STEP_MAX_MS = 60_000;
const SLOW_STEP_MS = 20_000;

export class RecoveryStepTimeout extends Error {
  override readonly name = 'RecoveryStepTimeout';
}

/**
 * The watch was stopped during a recovery: no step starts after that, the steps already running
 * finish, and the recovery gives its lease up with the epoch still pending (another worker, or
 * this one's next start, runs it again: every step is idempotent).
 */
export class RecoveryStopped extends Error {
  override readonly name = 'RecoveryStopped';
}

/**
 * The generation of Valkey's data now (the epoch's id, whether its recovery is pending or done),
 * or null while it has none (new or lost data, not yet marked). Two reads that answer the same
 * generation saw no loss of Valkey's data in between.
 */
export async function valkeyGeneration(valkey: Redis): Promise<string | null> {
  const current = (await valkey.get(EPOCH_KEY)) as string | null;
  return current?.slice(current.indexOf(' ') + 1) ?? null;
}

export interface EpochWatch {
  /** Stops looking, after the check or recovery in flight. */
  stop(): Promise<void>;
}

export function watchValkeyEpoch(options: {
  valkey: Redis;
  instance: string;
  /**
   * Re-drives what was lost, each part through `step`; throws to be tried again (Valkey or
   * PostgreSQL away, a step past its time).
   */
  recover: (epoch: string, step: RecoveryStep) => Promise<void>;
  logger: Logger;
  intervalMs?: number;
  /** A step's time before it fails the recovery (2 minutes). */
  stepTimeoutMs?: number;
}): EpochWatch {
  const { valkey, instance, recover } = options;
  const stepTimeoutMs = options.stepTimeoutMs ?? STEP_MAX_MS;
  const log = options.logger.child({ component: 'valkey-epoch' });
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  let busy = false;

  async function tick(): Promise<void> {
    let current = (await valkey.get(EPOCH_KEY)) as string | null;
    if (current === null) {
      const fresh = `pending ${Date.now()}-${crypto.randomUUID().slice(0, 8)}`;
      if ((await valkey.set(EPOCH_KEY, fresh, 'NX')) === 'OK') {
        log.warn(
          { epoch: fresh.slice(8) },
          'valkey has no epoch: its data is new or was lost; recovering',
        );
      }
      current = (await valkey.get(EPOCH_KEY)) as string | null;
    }
    if (current === null) return;
    if (current.startsWith('done ')) return;
    if ((await valkey.set(LEASE_KEY, instance, 'PX', LEASE_MS, 'NX')) !== 'OK') return;
    const epoch = current.slice('pending '.length);
    const started = Date.now();
    const running = new Set<{ name: () => string; since: number }>();
    const step: RecoveryStep = async (name, run, timeoutMs = stepTimeoutMs) => {
      if (stopped)
        throw new RecoveryStopped(
          `valkey epoch recovery stopped before "${typeof name === 'function' ? name() : name}"`,
        );
      const entry = { name: typeof name === 'function' ? name : () => name, since: Date.now() };
      running.add(entry);
      let timer: Timer | undefined;
      try {
        if (!Number.isFinite(timeoutMs)) return await run();
        return await Promise.race([
          run(),
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => {
              const error = new RecoveryStepTimeout(
                `valkey epoch recovery step "${entry.name()}" did not finish within ${timeoutMs} ms`,
              );
              log.error({ epoch, step: entry.name() }, error.message);
              reject(error);
            }, timeoutMs);
          }),
        ]);
      } finally {
        clearTimeout(timer);
        running.delete(entry);
      }
    };
    const slow = setInterval(() => {
      for (const { name, since } of running)
        if (Date.now() - since > SLOW_STEP_MS)
          log.warn(
            { epoch, step: name(), ms: Date.now() - since },
            'valkey epoch recovery step is slow',
          );
    }, SLOW_STEP_MS);
    // Renewed while the recovery runs, for RECOVERY_MAX_MS at most: a recovery stuck on a
    // connection that never answers lets its lease run out, and another worker takes over.
    const renew = setInterval(() => {
      if (Date.now() - started > RECOVERY_MAX_MS) {
        clearInterval(renew);
        log.warn(
          { epoch },
          'valkey epoch recovery is taking too long; leaving it to another worker',
        );
        return;
      }
      void valkey.set(LEASE_KEY, instance, 'PX', LEASE_MS, 'XX').catch(() => undefined);
    }, LEASE_MS / 3);
    try {
      await recover(epoch, step);
    } catch (err) {
      clearInterval(renew);
      clearInterval(slow);
      await valkey.del(LEASE_KEY).catch(() => undefined);
      throw err;
    }
    clearInterval(renew);
    clearInterval(slow);
    const marked = await runScript(
      valkey,
      SETTLE,
      [EPOCH_KEY, LEASE_KEY],
      [current, `done ${epoch}`, instance],
    );
    log.info({ epoch, ms: Date.now() - started, marked: marked === 1 }, 'valkey epoch recovered');
  }

  let failures = 0;
  function check() {
    if (stopped || busy) return;
    busy = true;
    running = tick()
      .then(
        () => {
          failures = 0;
        },
        (err) => {
          if (err instanceof RecoveryStopped) {
            log.warn({ err: err.message }, 'valkey epoch recovery left pending: stopping');
            return;
          }
          failures += 1;
          if (failures === 1 || failures % 30 === 0)
            log.warn({ err }, 'valkey epoch check failed; trying again');
        },
      )
      .finally(() => {
        busy = false;
      });
  }
  const timer = setInterval(check, options.intervalMs ?? 1000);
  check();

  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
