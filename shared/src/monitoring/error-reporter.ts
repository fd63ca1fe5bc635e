import type { SentrySdk } from './sentry';

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
  let sdk: SentrySdk | undefined;
  const loading = import('./sentry').then((m) => {
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
