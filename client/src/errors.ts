import type { components } from './generated/api.js';

export type Problem = components['schemas']['Problem'];

/** A refused call: the HTTP status and the RFC 9457 problem the api answered with. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem | undefined;

  constructor(status: number, problem?: Problem) {
    super(problem ? `${status} ${problem.code}: ${problem.detail ?? problem.title}` : `${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }
}

/** The problem of an error answer, when it is one. */
export function problemOf(body: unknown): Problem | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  return 'code' in body && 'status' in body && 'title' in body ? (body as Problem) : undefined;
}
