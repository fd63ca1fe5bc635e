import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { parseAddress } from './address';
import { type SendPolicy, vetTarget } from './send';

/**
 * A GET of a URL an organization entered (a calendar feed), through the webhooks' SSRF guard
 * (`vetTarget`: resolved here, every address vetted, connected to the vetted address; no
 * redirect followed), bounded: one deadline for it all, and at most `maxBytes` of body — more
 * and the answer is dropped as `too large`, never cut short.
 */
export type GuardedGet =
  | { readonly kind: 'answered'; readonly status: number; readonly body: Buffer }
  | { readonly kind: 'refused' | 'failed' | 'too large'; readonly error: string };

export async function guardedGet(
  text: string,
  policy: SendPolicy,
  limits: { readonly maxBytes: number; readonly accept: string },
): Promise<GuardedGet> {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { kind: 'refused', error: 'not a URL' };
  }
  const vetted = await vetTarget(url, policy);
  if ('refused' in vetted) return { kind: 'refused', error: vetted.refused };
  const https = url.protocol === 'https:';
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  return new Promise<GuardedGet>((resolve) => {
    let settled = false;
    const finish = (outcome: GuardedGet) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      req.destroy();
      resolve(outcome);
    };
    const req = (https ? httpsRequest : httpRequest)(
      {
        host: vetted.address,
        port: url.port === '' ? (https ? 443 : 80) : Number(url.port),
        path: `${url.pathname}${url.search}`,
        method: 'GET',
        headers: { host: url.host, accept: limits.accept, 'user-agent': 'InsightDesk/1' },
        ...(https && !parseAddress(hostname) ? { servername: hostname } : {}),
        agent: false as const,
      },
      (res: IncomingMessage) => {
        const declared = Number(res.headers['content-length'] ?? 0);
        const tooLarge = { kind: 'too large', error: `larger than ${limits.maxBytes} bytes` };
        if (declared > limits.maxBytes) return finish(tooLarge as GuardedGet);
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > limits.maxBytes) finish(tooLarge as GuardedGet);
          else chunks.push(chunk);
        });
        res.on('end', () =>
          finish({ kind: 'answered', status: res.statusCode ?? 0, body: Buffer.concat(chunks) }),
        );
        res.on('error', (err) => finish({ kind: 'failed', error: err.message }));
      },
    );
    const deadline = setTimeout(
      () => finish({ kind: 'failed', error: `timed out after ${policy.timeoutMs} ms` }),
      policy.timeoutMs,
    );
    req.on('error', (err: Error & { code?: string }) =>
      finish({ kind: 'failed', error: err.code ?? err.message }),
    );
    req.end();
  });
}
