import { createRequire } from 'node:module';
import pino, { type Logger } from 'pino';
import { batchLines } from './line-batch';
import { markPlainJson } from './plain-lines';

export { type PlainFields, type PlainLineWriter, plainLineWriter } from './plain-lines';

export type { Logger };

export interface LoggerOptions {
  readonly service: string;
  readonly instance: string;
  readonly level: pino.LevelWithSilent;
  readonly format: 'json' | 'pretty';
  /** Where lines go: a file descriptor or path (tests); stdout when absent. */
  readonly destination?: number | string;
}

/** Paths whose values never reach a log line, wherever they appear. */
const REDACT_PATHS = [
  'authorization',
  'cookie',
  'password',
  'newPassword',
  'token',
  'accessToken',
  'refreshToken',
  'secret',
  'headers.authorization',
  'headers.cookie',
  'headers["set-cookie"]',
  'req.headers.authorization',
  'req.headers.cookie',
  '*.authorization',
  '*.password',
  '*.token',
  '*.accessToken',
  '*.refreshToken',
  '*.secret',
  '*.tokens',
];

const QUERY_PARAMS = /\nparams: [\s\S]*$/;

/**
 * An error's message without the parameters a failed query quotes (drizzle's `Failed query: …
 * params: …`), which may be password hashes or tokens: the SQL text alone is kept.
 */
export function safeErrorMessage(message: string): string {
  return message.replace(QUERY_PARAMS, '');
}

/**
 * Errors are logged by type, message and code only: stack traces stay out of logs (they may
 * quote request data) and go to Sentry when it is configured.
 */
export function serializeError(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { message: String(err) };
  const code = (err as { code?: unknown }).code;
  return {
    type: err.name,
    message: safeErrorMessage(err.message),
    ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
    ...(err.cause instanceof Error ? { cause: serializeError(err.cause) } : {}),
  };
}

/** Human-readable rendering of a JSON log line (used by `./stack logs` and the pretty format). */
export const PRETTY_OPTIONS = {
  translateTime: 'HH:MM:ss.l',
  ignore: 'pid,hostname,service',
  singleLine: true,
} as const;

/**
 * Lines are held until `minLength` bytes wait (or `LOG_FLUSH_MS` passed), then written at once,
 * at most `maxWrite` bytes a write. 16 KB, ~50 access lines a write: at 4 KB the writes (each a
 * hand-off to the writer's thread) cost the ticket read 2–4 µs of its ~45 in process.
 */
export const LOG_BATCH = { minLength: 16 * 1024, maxWrite: 64 * 1024 } as const;
/** How long a line may wait in the process before it is written: what a reader of logs waits. */
export const LOG_FLUSH_MS = 100;

/**
 * Logs go to stdout through an asynchronous, batching writer. A write per line cost each request
 * a system call and a hand-off to the writer's thread and back (a futex wake-up each way: two per
 * request of the api under load, strace); batched, ~50 access lines go out in one write, and a
 * line waits at most `LOG_FLUSH_MS`. Lines are gathered before the writer sees them
 * (line-batch.ts). Pending lines are flushed on exit and by `flushLogger`.
 */
export function createLogger(options: LoggerOptions): Logger {
  const base = {
    level: options.level,
    base: { service: options.service, instance: options.instance },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    timestamp: isoTimeEachMillisecond(),
    serializers: { err: serializeError },
  } satisfies pino.LoggerOptions;
  const pretty = options.format === 'pretty';
  const destination = pino.destination({
    dest: options.destination ?? 1,
    sync: false,
    ...LOG_BATCH,
    // JSON lines are flushed by their batch (line-batch.ts), pretty ones by the writer itself.
    ...(pretty ? { periodicFlush: LOG_FLUSH_MS } : {}),
  });
  if (pretty) {
    // Loaded here, when pretty logs are asked for: a JSON logger (production) never loads it.
    const pretty: typeof import('pino-pretty') = createRequire(import.meta.url)('pino-pretty');
    return pino(base, pretty({ ...PRETTY_OPTIONS, destination }));
  }
  return markPlainJson(
    pino(base, batchLines(destination, { ...LOG_BATCH, flushMs: LOG_FLUSH_MS })),
  );
}

/**
 * pino's `isoTime` (`,"time":"<ISO 8601>"`), its text made once per millisecond: a busy service
 * writes many lines within one, and a new Date and its ISO string each cost more than the rest of
 * an access line's fields (bench/README.md).
 */
function isoTimeEachMillisecond(): () => string {
  let at = Number.NaN;
  let text = '';
  return () => {
    const now = Date.now();
    if (now !== at) {
      at = now;
      text = `,"time":"${new Date(now).toISOString()}"`;
    }
    return text;
  };
}

export function flushLogger(logger: Logger): Promise<void> {
  return new Promise((resolve) => logger.flush(() => resolve()));
}
