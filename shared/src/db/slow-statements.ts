import type { Logger } from '../logger';

/**
 * Statements slower than a threshold, logged by the process that ran them with their normalized
 * text and the id of the request (or other unit of work) that ran them — what PostgreSQL's own
 * slow statement log cannot say (docs/observability.md, "Slow queries"). The text is the
 * statement as it was sent: drizzle's and postgres.js's parameters are `$n` placeholders, their
 * values never logged. Timed from the statement's creation to its answer: time waiting for a
 * connection of the pool counts (the request waited it too). What the platform's client runs
 * through drizzle is timed, in transactions too (client.ts); the raw client's tagged templates and
 * pipelined statements are not.
 */
export interface SlowStatements {
  readonly thresholdMs: number;
  readonly logger: Logger;
  /** The id of the request running now (an async-local scope), if any. */
  readonly context: () => string | undefined;
}

/** What postgres.js's Query carries that the watch uses: settled through these two. */
interface Settling {
  resolve: (value: unknown) => unknown;
  reject: (error: unknown) => unknown;
}

const isSettling = (value: unknown): value is Settling =>
  typeof (value as Settling | null)?.resolve === 'function' &&
  typeof (value as Settling | null)?.reject === 'function';

const MAX_TEXT = 2000;

/** The statement's text, one line, at most MAX_TEXT characters. */
export const normalizedText = (text: string) => {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > MAX_TEXT ? `${line.slice(0, MAX_TEXT)}…` : line;
};

/**
 * Times one statement (a postgres.js query, before it is awaited) and logs it when it took
 * longer than the threshold, answered or failed. Its request id is read now, while the caller's
 * scope is current. Nothing is logged, nor kept, for the others.
 */
export function watchStatement(query: unknown, text: string, slow: SlowStatements): void {
  if (!isSettling(query)) return;
  const started = performance.now();
  const requestId = slow.context();
  const done = (failed: boolean) => {
    const ms = performance.now() - started;
    if (ms < slow.thresholdMs) return;
    slow.logger.warn(
      {
        ms: Math.round(ms * 10) / 10,
        statement: normalizedText(text),
        ...(requestId ? { requestId } : {}),
        ...(failed ? { failed: true } : {}),
      },
      'slow statement',
    );
  };
  const { resolve, reject } = query;
  query.resolve = (value) => {
    done(false);
    return resolve(value);
  };
  query.reject = (error) => {
    done(true);
    return reject(error);
  };
}
