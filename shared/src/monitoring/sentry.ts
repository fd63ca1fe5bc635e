import type { Breadcrumb } from '@sentry/bun';
import { safeErrorMessage } from '../logger';

export interface ErrorReporter {
  capture(error: unknown, context?: Record<string, unknown>): void;
  /**
   * Resolves once the SDK is loaded and initialized (it is imported only when a DSN is set: it
   * costs a start ~0.5 s of CPU). Errors captured before are held and sent then; the service
   * kit's `error-reporter` step awaits it, so a service serves nothing before.
   */
  ready(): Promise<void>;
  flush(): Promise<void>;
}

const noop: ErrorReporter = { capture() {}, async ready() {}, async flush() {} };

/** Errors captured while the SDK loads (a start that fails at once), sent once it is loaded. */
const HELD_BEFORE_READY = 20;

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

/** Sentry when a DSN is configured, a no-op otherwise. PII is never sent. */
export function createErrorReporter(options: {
  dsn: string | undefined;
  environment: string;
  service: string;
  instance: string;
  tracesSampleRate: number;
}): ErrorReporter {
  if (!options.dsn) return noop;
  const dsn = options.dsn;
  const held: [unknown, Record<string, unknown> | undefined][] = [];
  let sdk: ErrorReporter | undefined;
  const loading = import('./sentry-client').then((m) => {
    sdk = m.initSentry({ ...options, dsn });
    for (const [error, context] of held.splice(0)) sdk.capture(error, context);
  });
  return {
    capture(error, context) {
      if (sdk) sdk.capture(error, context);
      else if (held.length < HELD_BEFORE_READY) held.push([error, context]);
    },
    ready: () => loading,
    async flush() {
      await loading;
      await sdk?.flush();
    },
  };
}
