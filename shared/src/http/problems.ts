import type { Context, Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import {
  AppError,
  NotFoundError,
  PayloadTooLargeError,
  PROBLEM_CONTENT_TYPE,
  type ProblemDetails,
  toProblem,
} from '../errors';
import type { ErrorReporter } from '../monitoring';
import { type BaseEnv, requestLogger } from './instrument';

export function problemResponse(
  c: Context,
  problem: ProblemDetails,
  headers: Record<string, string> = {},
) {
  return c.body(JSON.stringify(problem), problem.status as ContentfulStatusCode, {
    ...headers,
    'Content-Type': PROBLEM_CONTENT_TYPE,
  });
}

/** Hono's own exceptions (body limit, bad JSON from a validator) mapped to our hierarchy. */
function fromHttpException(err: HTTPException): AppError {
  const message = err.message || undefined;
  switch (err.status) {
    case 413:
      return new PayloadTooLargeError(Number(err.res?.headers.get('x-limit')) || 0);
    case 404:
      return new NotFoundError();
    default:
      return new AppError(err.status, err.status === 400 ? 'bad_request' : 'http_error', 'Error', {
        detail: message,
      });
  }
}

/**
 * Every error leaves as problem+json: AppErrors as themselves, anything else as a sanitized 500
 * that still carries the request id (logged and reported, never echoed).
 */
export function installProblemHandlers(app: Hono<BaseEnv>, reporter: ErrorReporter): void {
  app.onError((err, c) => {
    const requestId = c.get('requestId');
    const appError = err instanceof HTTPException ? fromHttpException(err) : err;
    if (appError instanceof AppError) {
      return problemResponse(c, toProblem(appError, requestId), appError.headers);
    }
    requestLogger(c).error({ err }, 'unhandled error');
    reporter.capture(err, { requestId });
    return problemResponse(c, toProblem(err, requestId));
  });
  app.notFound((c) =>
    problemResponse(
      c,
      toProblem(new NotFoundError('not_found', 'No such route.'), c.get('requestId')),
    ),
  );
}
