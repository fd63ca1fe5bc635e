import type { GuardPolicy } from './guard';
import { guardedRequest } from './request';

/**
 * A GET of a URL an organization entered (a calendar feed) through the guard, bounded: one
 * deadline for it all, and at most `maxBytes` of body — more and the answer is dropped as
 * `too large`, never cut short.
 */
export type GuardedGet =
  | { readonly kind: 'answered'; readonly status: number; readonly body: Buffer }
  | { readonly kind: 'refused' | 'failed' | 'too large'; readonly error: string };

export async function guardedGet(
  url: string,
  policy: GuardPolicy & { readonly timeoutMs: number },
  limits: { readonly maxBytes: number; readonly accept: string },
): Promise<GuardedGet> {
  const outcome = await guardedRequest(
    url,
    { method: 'GET', headers: { accept: limits.accept, 'user-agent': 'InsightDesk/1' } },
    { ...policy, readLimit: limits.maxBytes + 1 },
  );
  if (outcome.kind !== 'answered') return { kind: outcome.kind, error: outcome.error };
  if (outcome.truncated || outcome.body.length > limits.maxBytes)
    return { kind: 'too large', error: `larger than ${limits.maxBytes} bytes` };
  return { kind: 'answered', status: outcome.status, body: outcome.body };
}
