import type { Logger } from '../logger';
import { dependencyOrder } from './order';

export { dependencyOrder } from './order';

export type StopFn = () => Promise<void> | void;

export interface Step {
  readonly name: string;
  readonly dependsOn?: readonly string[];
  /** Starts the resource and returns how to stop it (stopped in reverse start order). */
  readonly start: () => Promise<StopFn | undefined> | StopFn | undefined;
}

export interface LifecycleOptions {
  readonly logger: Logger;
  readonly timeoutMs: number;
  readonly drainDelayMs: number;
  /** Injected by tests; defaults to process.exit. */
  readonly exit?: (code: number) => void;
}

export interface Lifecycle {
  add(step: Step): Lifecycle;
  /** Starts every step in dependency order; on a failure stops what started and rethrows. */
  start(): Promise<void>;
  /** Readiness flips first, then steps stop in reverse; resolves with the exit code. */
  shutdown(reason: string): Promise<number>;
  onDrain(listener: () => void): void;
  readonly draining: boolean;
  /** SIGTERM and SIGINT start a graceful shutdown; a second signal forces exit 1. */
  handleSignals(): void;
}

export function createLifecycle(options: LifecycleOptions): Lifecycle {
  const { logger } = options;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const steps: Step[] = [];
  const started: { name: string; stop: StopFn }[] = [];
  const drainListeners: (() => void)[] = [];
  let draining = false;
  let shutdownPromise: Promise<number> | undefined;

  async function stopStarted(): Promise<boolean> {
    let clean = true;
    for (const { name, stop } of started.splice(0).reverse()) {
      const t0 = performance.now();
      try {
        await stop();
        logger.info({ step: name, ms: Math.round(performance.now() - t0) }, 'stopped');
      } catch (err) {
        clean = false;
        logger.error({ step: name, err }, 'stop failed');
      }
    }
    return clean;
  }

  const lifecycle: Lifecycle = {
    add(step) {
      steps.push(step);
      return lifecycle;
    },

    async start() {
      for (const step of dependencyOrder(steps)) {
        const t0 = performance.now();
        try {
          const stop = await step.start();
          started.push({ name: step.name, stop: stop ?? (() => {}) });
          logger.info({ step: step.name, ms: Math.round(performance.now() - t0) }, 'started');
        } catch (err) {
          logger.error({ step: step.name, err }, 'start failed');
          await stopStarted();
          throw err;
        }
      }
    },

    shutdown(reason) {
      shutdownPromise ??= (async () => {
        logger.info({ reason, timeoutMs: options.timeoutMs }, 'graceful shutdown');
        const deadline = setTimeout(() => {
          logger.error({ timeoutMs: options.timeoutMs }, 'shutdown deadline passed, forcing exit');
          exit(1);
        }, options.timeoutMs);
        draining = true;
        for (const listener of drainListeners) listener();
        if (options.drainDelayMs > 0) await Bun.sleep(options.drainDelayMs);
        const clean = await stopStarted();
        clearTimeout(deadline);
        logger.info({ clean }, 'shutdown complete');
        return clean ? 0 : 1;
      })();
      return shutdownPromise;
    },

    onDrain(listener) {
      drainListeners.push(listener);
    },

    get draining() {
      return draining;
    },

    handleSignals() {
      const onSignal = (signal: NodeJS.Signals) => {
        if (shutdownPromise) {
          logger.warn({ signal }, 'second signal during shutdown, forcing exit');
          exit(1);
          return;
        }
        void lifecycle.shutdown(signal).then((code) => exit(code));
      };
      process.on('SIGTERM', onSignal);
      process.on('SIGINT', onSignal);
    },
  };
  return lifecycle;
}
