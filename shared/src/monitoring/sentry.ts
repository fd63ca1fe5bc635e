import type { Breadcrumb } from '@sentry/bun';
import * as Sentry from '@sentry/bun';
import { safeErrorMessage } from '../logger';

// The Sentry SDK: imported (by error-reporter.ts) only when a DSN is configured, so a service
// without one never loads it.

/** What the error reporter uses of the SDK once it is loaded. */
export interface SentrySdk {
  capture(error: unknown, context?: Record<string, unknown>): void;
  flush(): Promise<void>;
}

export function initSentry(options: {
  dsn: string;
  environment: string;
  service: string;
  instance: string;
  tracesSampleRate: number;
}): SentrySdk {
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
    async flush() {
      await Sentry.flush(2000);
    },
  };
}

/**
 * What a breadcrumb may say: URLs without credentials, query strings or fragments (signed file
 * links and tokens travel there), messages without query parameters (see safeErrorMessage).
 */
function scrubText(text: string): string {
  return safeErrorMessage(text)
    .replace(/([a-z][a-z0-9+.-]*:\/\/)[^\s/@]*@/gi, '$1[redacted]@')
    .replace(/(https?:\/\/[^\s?#]*)[?#][^\s]*/gi, '$1')
    .replace(/\b(bearer)\s+[A-Za-z0-9._~+/-]+=*/gi, '$1 [redacted]')
    .replace(/\b(password|secret|token|sig|signature|key)=[^\s&]+/gi, '$1=[redacted]');
}

export function scrubBreadcrumb(crumb: Breadcrumb): Breadcrumb {
  const data: Record<string, unknown> = {};
  // Keep what says what happened (method, status, url path), never bodies or arguments.
  for (const key of ['method', 'status_code', 'url'] as const) {
    const value = crumb.data?.[key];
    if (typeof value === 'string') data[key] = scrubText(value);
    else if (typeof value === 'number') data[key] = value;
  }
  return {
    ...crumb,
    ...(crumb.message === undefined ? {} : { message: scrubText(crumb.message) }),
    data,
  };
}
