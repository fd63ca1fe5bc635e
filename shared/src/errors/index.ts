export interface FieldError {
  readonly path: string;
  readonly message: string;
}

export interface ProblemDetails {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail?: string;
  readonly code: string;
  readonly requestId?: string;
  readonly errors?: readonly FieldError[];
  /** Extension members (RFC 9457 §3.2) a route documents for its problem. */
  readonly [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
const PROBLEM_BASE = 'https://insightdesk.dev/problems/';

interface AppErrorOptions {
  readonly detail?: string;
  readonly errors?: readonly FieldError[];
  readonly headers?: Record<string, string>;
  readonly cause?: unknown;
  /** Extension members of the problem (RFC 9457 §3.2), documented by the route. */
  readonly extensions?: Readonly<Record<string, string | boolean>>;
}

/** An error the client is meant to see: its status, code and detail become problem+json. */
export class AppError extends Error {
  readonly detail: string | undefined;
  readonly errors: readonly FieldError[] | undefined;
  readonly headers: Record<string, string>;
  readonly extensions: Readonly<Record<string, string | boolean>>;

  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    options: AppErrorOptions = {},
  ) {
    super(options.detail ?? title, { cause: options.cause });
    this.name = new.target.name;
    this.detail = options.detail;
    this.errors = options.errors;
    this.headers = options.headers ?? {};
    this.extensions = options.extensions ?? {};
  }
}

type Options = Omit<AppErrorOptions, 'errors'>;

export class BadRequestError extends AppError {
  constructor(code = 'bad_request', detail?: string, options: Options = {}) {
    super(400, code, 'Bad Request', { ...options, detail });
  }
}

export class ValidationError extends AppError {
  constructor(errors: readonly FieldError[], detail = 'The request is not valid.') {
    super(400, 'validation_failed', 'Validation Failed', { detail, errors });
  }
}

export class UnauthorizedError extends AppError {
  constructor(code = 'unauthorized', detail?: string) {
    super(401, code, 'Unauthorized', { detail, headers: { 'WWW-Authenticate': 'Bearer' } });
  }
}

export class ForbiddenError extends AppError {
  constructor(code = 'forbidden', detail?: string) {
    super(403, code, 'Forbidden', { detail });
  }
}

export class NotFoundError extends AppError {
  constructor(code = 'not_found', detail?: string) {
    super(404, code, 'Not Found', { detail });
  }
}

export class ConflictError extends AppError {
  constructor(code = 'conflict', detail?: string) {
    super(409, code, 'Conflict', { detail });
  }
}

/** The thing existed and was withdrawn on purpose (a revoked invitation). */
export class GoneError extends AppError {
  constructor(code = 'gone', detail?: string) {
    super(410, code, 'Gone', { detail });
  }
}

export class PreconditionFailedError extends AppError {
  constructor(code = 'precondition_failed', detail?: string) {
    super(412, code, 'Precondition Failed', { detail });
  }
}

export class PayloadTooLargeError extends AppError {
  constructor(limitBytes: number) {
    super(413, 'payload_too_large', 'Payload Too Large', {
      detail: `The request body exceeds the limit of ${limitBytes} bytes.`,
    });
  }
}

export class UnsupportedMediaTypeError extends AppError {
  constructor(detail?: string) {
    super(415, 'unsupported_media_type', 'Unsupported Media Type', { detail });
  }
}

export class UnprocessableError extends AppError {
  constructor(code = 'unprocessable', detail?: string) {
    super(422, code, 'Unprocessable Content', { detail });
  }
}

export class RateLimitedError extends AppError {
  constructor(retryAfterSeconds: number, headers: Record<string, string> = {}) {
    super(429, 'rate_limited', 'Too Many Requests', {
      detail: `Too many requests; retry in ${retryAfterSeconds} s.`,
      headers: { ...headers, 'Retry-After': String(retryAfterSeconds) },
    });
  }
}

/**
 * What cannot be done now for the infrastructure's sake and may be done in a moment (the database
 * failing over): 503 with Retry-After. Retrying is the client's to decide: a read, or a command
 * under its Idempotency-Key, is safe to send again.
 */
export class ServiceUnavailableError extends AppError {
  constructor(code: string, detail: string, retryAfterSeconds: number, cause?: unknown) {
    super(503, code, 'Service Unavailable', {
      detail,
      headers: { 'Retry-After': String(retryAfterSeconds) },
      cause,
    });
  }
}

/**
 * Background work that cannot run now but will later (another attempt holds what it needs): the
 * worker puts the job back until `retryAt` without counting a failed attempt.
 */
export class RetryLaterError extends Error {
  constructor(
    readonly retryAt: Date,
    message: string,
    /** Expected in normal operation (a busy resource): logged at debug, not info. */
    readonly routine = false,
  ) {
    super(message);
    this.name = 'RetryLaterError';
  }
}

/**
 * Background work that no later attempt can make succeed (what it writes is over its bound): the
 * worker fails the job at once, its remaining attempts unspent. A processor that records a lasting
 * failure on its final attempt records it on this one too.
 */
export class CannotSucceedError extends Error {
  override readonly name: string = 'CannotSucceedError';
}

/** Maps any thrown value to problem details; unknown errors become a sanitized 500. */
export function toProblem(error: unknown, requestId?: string): ProblemDetails {
  if (error instanceof AppError) {
    return {
      // Extensions first: a standard member always wins.
      ...error.extensions,
      type: PROBLEM_BASE + error.code,
      title: error.title,
      status: error.status,
      ...(error.detail === undefined ? {} : { detail: error.detail }),
      code: error.code,
      ...(requestId === undefined ? {} : { requestId }),
      ...(error.errors === undefined ? {} : { errors: error.errors }),
    };
  }
  return {
    type: `${PROBLEM_BASE}internal`,
    title: 'Internal Server Error',
    status: 500,
    detail: 'An unexpected error occurred. Quote the request id when reporting it.',
    code: 'internal',
    ...(requestId === undefined ? {} : { requestId }),
  };
}
