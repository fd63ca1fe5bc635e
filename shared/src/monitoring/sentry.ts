import * as Sentry from '@sentry/bun';
import { safeErrorMessage } from '../logger';

export interface ErrorReporter {
  capture(error: unknown, context?: Record<string, unknown>): void;
  flush(): Promise<void>;
}

const noop: ErrorReporter = { capture() {}, async flush() {} };

/** Sentry when a DSN is configured, a no-op otherwise. PII is never sent. */
export function createErrorReporter(options: {
  dsn: string | undefined;
  environment: string;
  service: string;
  instance: string;
  tracesSampleRate: number;
}): ErrorReporter {
  if (!options.dsn) return noop;
  Sentry.init({
    dsn: options.dsn,
    environment: options.environment,
    serverName: options.instance,
    tracesSampleRate: options.tracesSampleRate,
    initialScope: { tags: { service: options.service } },
    // Our own process handlers decide what a stray error does (see process-handlers.ts).
    integrations: (defaults) =>
      defaults.filter((i) => i.name !== 'OnUncaughtException' && i.name !== 'OnUnhandledRejection'),
    beforeSend(event) {
      if (event.request) {
        delete event.request.headers;
        delete event.request.cookies;
        delete event.request.data;
        // Query strings may carry signatures (file links) or tokens.
        delete event.request.query_string;
        if (event.request.url) event.request.url = event.request.url.split('?')[0];
      }
      for (const exception of event.exception?.values ?? []) {
        if (exception.value) exception.value = safeErrorMessage(exception.value);
      }
      return event;
    },
  });
  return {
    capture(error, context) {
      Sentry.captureException(error, context ? { extra: context } : undefined);
    },
    async flush() {
      await Sentry.flush(2000);
    },
  };
}
