import type { Context, ErrorHandler, Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { databaseUnavailable, UNAVAILABLE_RETRY_AFTER_SECONDS } from '../db/unavailable';
import {
  AppError,
  BadRequestError,
  NotFoundError,
  PayloadTooLargeError,
  PROBLEM_CONTENT_TYPE,
  type ProblemDetails,
  ServiceUnavailableError,
  toProblem,
  UnsupportedMediaTypeError,
} from '../errors';
import type { ErrorReporter, Metrics } from '../monitoring';
import { type BaseEnv, requestLogger } from './instrument';

export function problemResponse(
  c: Context,
  problem: ProblemDetails,
  headers: Record<string, string> = {},
) {
  // Set one by one: they replace what middleware prepared (e.g. RateLimit-* of another budget).
  for (const [name, value] of Object.entries(headers)) c.header(name, value);
  c.header('Content-Type', PROBLEM_CONTENT_TYPE);
  return c.body(JSON.stringify(problem), problem.status as ContentfulStatusCode);
}

/** Hono's own exceptions (body limit, unreadable JSON, wrong media type) mapped to our hierarchy. */
function fromHttpException(err: HTTPException): AppError {
  switch (err.status) {
    case 413:
      return new PayloadTooLargeError(Number(err.res?.headers.get('x-limit')) || 0);
    case 415:
      return new UnsupportedMediaTypeError('Send the body as application/json.');
    case 404:
      return new NotFoundError();
    case 400:
      return new BadRequestError('bad_request', err.message || 'The request could not be read.');
    default:
      return new AppError(err.status, 'http_error', 'Error', { detail: err.message || undefined });
  }
}

/**
 * A statement that failed for the database's sake (db/unavailable.ts: the primary gone or read-only
 * during a failover): a 503 the client may retry after a second, never a 500. Logged as a warning
 * (the failover is what to report, not each request it held up).
 */
function unavailable(err: unknown, c: Context<BaseEnv>): AppError | undefined {
  const why = databaseUnavailable(err);
  if (!why) return undefined;
  requestLogger(c).warn({ err, why }, 'database unavailable: answered 503');
  return new ServiceUnavailableError(
    'database_unavailable',
    why === 'read-only'
      ? 'The database is read-only for a moment (it is failing over); retry.'
      : 'The database is unreachable for a moment (it is failing over or restarting); retry.',
    UNAVAILABLE_RETRY_AFTER_SECONDS,
    err,
  );
}

/**
 * Every error leaves as problem+json: AppErrors as themselves (the database's unavailability as
 * a 503 with Retry-After), anything else as a sanitized 500
 * that still carries the request id (logged and reported, never echoed). Returns the error
 * handler installed, for the router's chains (chain.ts), which answer a layer's error with it.
 */
export function installProblemHandlers(
  app: Hono<BaseEnv>,
  reporter: ErrorReporter,
  /** Where each answer is counted by its code (`http_problems_total`). */
  metrics?: Pick<Metrics, 'problems'>,
): ErrorHandler {
  const onError: ErrorHandler<BaseEnv> = (err, c) => {
    const requestId = c.get('requestId');
    const appError =
      err instanceof HTTPException ? fromHttpException(err) : (unavailable(err, c) ?? err);
    if (appError instanceof AppError) {
      metrics?.problems.inc({ code: appError.code });
      return problemResponse(c, toProblem(appError, requestId), appError.headers);
    }
    metrics?.problems.inc({ code: 'internal' });
    requestLogger(c).error({ err }, 'unhandled error');
    reporter.capture(err, { requestId });
    return problemResponse(c, toProblem(err, requestId));
  };
  app.onError(onError);
  app.notFound((c) =>
    problemResponse(
      c,
      toProblem(new NotFoundError('not_found', 'No such route.'), c.get('requestId')),
    ),
  );
  return onError as ErrorHandler;
}
