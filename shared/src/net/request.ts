import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { parseAddress } from './address';
import { bareHost, type GuardPolicy, vetTarget } from './guard';

/**
 * One request through the SSRF guard (guard.ts): it connects to the address the guard vetted
 * (the URL's name only in `Host` and TLS's SNI and certificate check), follows no redirect (a
 * 3xx is the answer), reads the answer up to `readLimit` bytes, and one deadline covers it all.
 */

export interface RequestPolicy extends GuardPolicy {
  readonly timeoutMs: number;
  /** What of an answer is read: the rest is dropped with the connection (`truncated`). */
  readonly readLimit: number;
}

export type GuardedOutcome =
  | {
      readonly kind: 'answered';
      readonly status: number;
      readonly headers: IncomingHttpHeaders;
      readonly body: Buffer;
      readonly truncated: boolean;
      readonly latencyMs: number;
    }
  /** No answer: refused by the guard (no connection made), or the connection failed. */
  | {
      readonly kind: 'refused' | 'failed';
      readonly error: string;
      readonly latencyMs: number;
    };

/** Sends one request under the policy; never throws. */
export async function guardedRequest(
  target: string | URL,
  init: { method: string; headers: Record<string, string>; body?: string | Buffer | undefined },
  policy: RequestPolicy,
): Promise<GuardedOutcome> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return { kind: 'refused', error: 'not a URL', latencyMs: 0 };
  }
  const vetted = await vetTarget(url, policy);
  if ('refused' in vetted) return { kind: 'refused', error: vetted.refused, latencyMs: elapsed() };

  const https = url.protocol === 'https:';
  const hostname = bareHost(url);
  return new Promise<GuardedOutcome>((resolve) => {
    let settled = false;
    const finish = (outcome: GuardedOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      resolve(outcome);
    };
    const options = {
      host: vetted.address,
      port: url.port === '' ? (https ? 443 : 80) : Number(url.port),
      path: `${url.pathname}${url.search}`,
      method: init.method,
      headers: {
        ...init.headers,
        host: url.host,
        ...(init.body === undefined
          ? {}
          : { 'content-length': String(Buffer.byteLength(init.body)) }),
      },
      // TLS: the name is checked against the certificate, sent as SNI (not for an IP literal).
      ...(https && !parseAddress(hostname) ? { servername: hostname } : {}),
      agent: false as const,
    };
    const req = (https ? httpsRequest : httpRequest)(options, (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const done = () => {
        finish({
          kind: 'answered',
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).subarray(0, policy.readLimit),
          truncated: size > policy.readLimit,
          latencyMs: elapsed(),
        });
        res.destroy();
        req.destroy();
      };
      res.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.length;
        if (size >= policy.readLimit) done();
      });
      res.on('end', done);
      res.on('error', done);
    });
    const deadline = setTimeout(() => {
      req.destroy();
      finish({
        kind: 'failed',
        error: `timed out after ${policy.timeoutMs} ms`,
        latencyMs: elapsed(),
      });
    }, policy.timeoutMs);
    req.on('error', (err: Error & { code?: string }) =>
      finish({ kind: 'failed', error: err.code ?? err.message, latencyMs: elapsed() }),
    );
    req.end(init.body);
  });
}

type FetchBody = string | URLSearchParams | ArrayBuffer | Uint8Array | null | undefined;

function bodyOf(body: unknown): string | Buffer | undefined {
  const b = body as FetchBody;
  if (b === null || b === undefined) return undefined;
  if (typeof b === 'string') return b;
  if (b instanceof URLSearchParams) return b.toString();
  if (b instanceof ArrayBuffer) return Buffer.from(b);
  if (b instanceof Uint8Array) return Buffer.from(b);
  throw new TypeError('guardedFetch: unsupported body');
}

/**
 * A Fetch-compatible function (for libraries that take one: openid-client, jose) whose every
 * request goes through the guard. A refusal or a failure rejects as fetch does (TypeError); an
 * answer larger than the read limit rejects too.
 */
export function guardedFetch(policy: RequestPolicy) {
  return async (
    url: string | URL,
    options: {
      method?: string;
      headers?: ConstructorParameters<typeof Headers>[0];
      body?: unknown;
    } = {},
  ): Promise<Response> => {
    const headers: Record<string, string> = {};
    new Headers(options.headers).forEach((value, name) => {
      headers[name] = value;
    });
    const outcome = await guardedRequest(
      url,
      { method: options.method ?? 'GET', headers, body: bodyOf(options.body) },
      policy,
    );
    if (outcome.kind !== 'answered')
      throw new TypeError(`request ${outcome.kind}: ${outcome.error}`);
    if (outcome.status < 200 || outcome.status > 599)
      throw new TypeError(`unusable status ${outcome.status}`);
    if (outcome.truncated) throw new TypeError(`answer larger than ${policy.readLimit} bytes`);
    const answer = new Headers();
    for (const [name, value] of Object.entries(outcome.headers)) {
      for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value])
        answer.append(name, v);
    }
    const empty = outcome.status === 204 || outcome.status === 304;
    return new Response(empty ? null : outcome.body, { status: outcome.status, headers: answer });
  };
}
