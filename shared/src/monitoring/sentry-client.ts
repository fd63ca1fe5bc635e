import * as Sentry from '@sentry/bun';
import { safeErrorMessage } from '../logger';
import { type ErrorReporter, scrubBreadcrumb } from './sentry';

// The Sentry SDK: imported (by sentry.ts) only when a DSN is configured, so a service without
// one never loads it.

export function initSentry(options: {
  dsn: string;
  environment: string;
  service: string;
  instance: string;
  tracesSampleRate: number;
}): ErrorReporter {
  Sentry.init({
    dsn: options.dsn,
    environment: options.environment,
    serverName: options.instance,
    tracesSampleRate: options.tracesSampleRate,
    initialScope: { tags: { service: options.service } },
    // Our own process handlers decide what a stray error does (see process-handlers.ts).
    integrations: (defaults) =>
      defaults.filter((i) => i.name !== 'OnUncaughtException' && i.name !== 'OnUnhandledRejection'),
    beforeBreadcrumb: scrubBreadcrumb,
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
    async ready() {},
    async flush() {
      await Sentry.flush(2000);
    },
  };
}
