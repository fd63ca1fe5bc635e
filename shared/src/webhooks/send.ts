import { type GuardPolicy, guardedRequest } from '../net';

/**
 * One webhook attempt, through the SSRF guard (shared/src/net: every address the host resolves
 * to vetted, the connection made to the vetted address, no redirect — a 3xx is a failure); the
 * answer is read up to a few KB; one deadline covers it all.
 */

export interface SendPolicy extends GuardPolicy {
  readonly timeoutMs: number;
}

export type SendOutcome =
  | {
      readonly kind: 'answered';
      readonly status: number;
      readonly retryAfter: string | null;
      /** The first bytes of the answer's body (at most READ_LIMIT). */
      readonly excerpt: string;
      readonly latencyMs: number;
    }
  /** No answer: refused by the guard (no connection made), or the connection failed. */
  | {
      readonly kind: 'refused' | 'failed';
      readonly error: string;
      readonly latencyMs: number;
    };

/** What of an answer is read: the rest is dropped with the connection. */
export const READ_LIMIT = 4096;

/** POSTs `body` to `url` under the policy; never throws. */
export async function sendWebhook(
  target: { url: string; headers: Record<string, string>; body: string },
  policy: SendPolicy,
): Promise<SendOutcome> {
  const outcome = await guardedRequest(
    target.url,
    {
      method: 'POST',
      headers: {
        ...target.headers,
        'content-type': 'application/json',
        'user-agent': 'InsightDesk-Webhooks/1',
      },
      body: target.body,
    },
    { ...policy, readLimit: READ_LIMIT },
  );
  if (outcome.kind !== 'answered') return outcome;
  const retryAfter = outcome.headers['retry-after'];
  return {
    kind: 'answered',
    status: outcome.status,
    retryAfter: typeof retryAfter === 'string' ? retryAfter : null,
    excerpt: outcome.body.toString('utf8'),
    latencyMs: outcome.latencyMs,
  };
}
