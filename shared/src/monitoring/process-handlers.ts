import type { Logger } from '../logger';
import type { ErrorReporter } from './error-reporter';

/**
 * Decided on purpose: an uncaught exception may have left state half-updated, so it is logged,
 * reported and the process shuts down gracefully with exit code 1 (the supervisor restarts it).
 * An unhandled rejection is logged and reported but keeps the process serving: killing every
 * in-flight request for one stray promise does more harm than the rejection itself.
 */
export function installProcessHandlers(options: {
  logger: Logger;
  reporter: ErrorReporter;
  shutdown: (reason: string) => Promise<number>;
  exit?: (code: number) => void;
}): void {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  process.on('unhandledRejection', (reason) => {
    options.logger.error({ err: reason }, 'unhandled promise rejection');
    options.reporter.capture(reason);
  });
  process.on('uncaughtException', (err) => {
    options.logger.fatal({ err }, 'uncaught exception, shutting down');
    options.reporter.capture(err);
    void options.reporter
      .flush()
      .then(() => options.shutdown('uncaughtException'))
      .finally(() => exit(1));
  });
}
