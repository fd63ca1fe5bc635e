import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';

export type { Logger };

export interface LoggerOptions {
  readonly service: string;
  readonly instance: string;
  readonly level: pino.LevelWithSilent;
  readonly format: 'json' | 'pretty';
}

/** Paths whose values never reach a log line, wherever they appear. */
export const REDACT_PATHS = [
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

/**
 * Errors are logged by type, message and code only: stack traces stay out of logs (they may
 * quote request data) and go to Sentry when it is configured.
 */
export function serializeError(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { message: String(err) };
  const code = (err as { code?: unknown }).code;
  return {
    type: err.name,
    message: err.message,
    ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
    ...(err.cause instanceof Error ? { cause: serializeError(err.cause) } : {}),
  };
}

export function createLogger(options: LoggerOptions): Logger {
  const base = {
    level: options.level,
    base: { service: options.service, instance: options.instance },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    serializers: { err: serializeError },
  } satisfies pino.LoggerOptions;
  if (options.format === 'pretty') {
    // Synchronous so that the last lines before an exit are never lost.
    return pino(
      base,
      pretty({
        sync: true,
        translateTime: 'HH:MM:ss.l',
        ignore: 'pid,hostname,service',
        singleLine: true,
      }),
    );
  }
  return pino(base);
}
