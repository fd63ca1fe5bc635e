import { lookup } from 'node:dns/promises';
import { readFile } from 'node:fs/promises';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { classifyAddress, type Network, parseAddress } from './address';

/**
 * One webhook attempt, guarded against SSRF at connect time: the host is resolved here, every
 * address it resolves to is vetted (address.ts), and the request connects to the vetted address
 * itself (the URL's name only in `Host` and TLS's SNI and certificate check), so a DNS answer
 * that changes between the check and the connection (rebinding) changes nothing. Redirects are
 * not followed (a 3xx is a failure); the answer is read up to a few KB; one deadline covers it all.
 */

export interface SendPolicy {
  /** The operator's allowed networks: their addresses pass, on any port. */
  readonly allowedNetworks: readonly Network[];
  /** Ports allowed beyond the scheme's own (80, 443) for other addresses. */
  readonly allowedPorts: readonly number[];
  readonly timeoutMs: number;
  /** Name resolution (the system's by default: /etc/hosts, then DNS). */
  readonly resolve?: (host: string) => Promise<string[]>;
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

const systemResolve = async (host: string) =>
  (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

/**
 * Development and tests: the names a JSON file lists (`{"name": ["127.0.0.2"]}`, read at each
 * lookup) resolve to its addresses, others through the system. What it answers is vetted like
 * any DNS answer: it cannot open what the guard refuses.
 */
export function hostsFileResolver(file: string): (host: string) => Promise<string[]> {
  return async (host) => {
    const hosts = await readFile(file, 'utf8').then(
      (text) => JSON.parse(text) as Record<string, string[]>,
      () => ({}) as Record<string, string[]>,
    );
    return hosts[host.toLowerCase()] ?? systemResolve(host);
  };
}

/** Why `url` may not be a webhook's target as written (before any resolution), or null. */
export function urlProblem(url: URL): string | null {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'only http and https URLs';
  if (url.username || url.password) return 'no credentials in the URL';
  if (url.hostname === '') return 'no host';
  return null;
}

function portAllowed(url: URL, policy: Pick<SendPolicy, 'allowedPorts'>): boolean {
  // URL drops the scheme's default port: '' is 80 for http, 443 for https.
  return url.port === '' || url.port === '80' || url.port === '443'
    ? true
    : policy.allowedPorts.includes(Number(url.port));
}

/** The address to connect to, vetted, or why there is none. */
export async function vetTarget(
  url: URL,
  policy: SendPolicy,
): Promise<{ address: string } | { refused: string }> {
  const problem = urlProblem(url);
  if (problem) return { refused: problem };
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  if (parseAddress(host)) addresses = [host];
  else {
    try {
      addresses = await (policy.resolve ?? systemResolve)(host);
    } catch (err) {
      return { refused: `cannot resolve ${host}: ${(err as { code?: string }).code ?? 'error'}` };
    }
  }
  if (addresses.length === 0) return { refused: `${host} resolves to nothing` };
  // Every address the name has must pass: a name that also points inside is refused.
  let allowListed = true;
  for (const address of addresses) {
    const verdict = classifyAddress(address, policy.allowedNetworks);
    if (!verdict.allowed) return { refused: `refused: ${verdict.reason}` };
    allowListed &&= verdict.allowListed;
  }
  if (!allowListed && !portAllowed(url, policy))
    return {
      refused: `refused: port ${url.port} (allowed: 80, 443${policy.allowedPorts.map((p) => `, ${p}`).join('')})`,
    };
  return { address: addresses[0] as string };
}

/** POSTs `body` to `url` under the policy; never throws. */
export async function sendWebhook(
  target: { url: string; headers: Record<string, string>; body: string },
  policy: SendPolicy,
): Promise<SendOutcome> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let url: URL;
  try {
    url = new URL(target.url);
  } catch {
    return { kind: 'refused', error: 'not a URL', latencyMs: 0 };
  }
  const vetted = await vetTarget(url, policy);
  if ('refused' in vetted) return { kind: 'refused', error: vetted.refused, latencyMs: elapsed() };

  const https = url.protocol === 'https:';
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  return new Promise<SendOutcome>((resolve) => {
    let settled = false;
    const finish = (outcome: SendOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      resolve(outcome);
    };
    const options = {
      host: vetted.address,
      port: url.port === '' ? (https ? 443 : 80) : Number(url.port),
      path: `${url.pathname}${url.search}`,
      method: 'POST',
      headers: {
        ...target.headers,
        host: url.host,
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(target.body)),
        'user-agent': 'InsightDesk-Webhooks/1',
      },
      // TLS: the name is checked against the certificate, sent as SNI (not for an IP literal).
      ...(https && !parseAddress(hostname) ? { servername: hostname } : {}),
      agent: false as const,
    };
    const req = (https ? httpsRequest : httpRequest)(options, (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const done = () => {
        const status = res.statusCode ?? 0;
        finish({
          kind: 'answered',
          status,
          retryAfter: (res.headers['retry-after'] as string | undefined) ?? null,
          excerpt: Buffer.concat(chunks).subarray(0, READ_LIMIT).toString('utf8'),
          latencyMs: elapsed(),
        });
        res.destroy();
        req.destroy();
      };
      res.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.length;
        if (size >= READ_LIMIT) done();
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
    req.end(target.body);
  });
}

/**
 * Why a URL cannot be registered, or null: what can be told without resolving it (the scheme,
 * credentials, an address literal that is refused, a port). A name is vetted at each attempt.
 */
export function registrationProblem(
  text: string,
  policy: Pick<SendPolicy, 'allowedNetworks' | 'allowedPorts'>,
): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'not a URL';
  }
  const problem = urlProblem(url);
  if (problem) return problem;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  // A name is resolved at each attempt, where its addresses (and so its port) are vetted.
  if (!parseAddress(host)) return null;
  const verdict = classifyAddress(host, policy.allowedNetworks);
  if (!verdict.allowed) return `refused: ${verdict.reason}`;
  if (!verdict.allowListed && !portAllowed(url, policy))
    return `port ${url.port} is not allowed (80, 443${policy.allowedPorts.map((p) => `, ${p}`).join('')})`;
  return null;
}
