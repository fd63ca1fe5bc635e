import type { Context, MiddlewareHandler } from 'hono';
import { compress } from 'hono/compress';
import { cors } from 'hono/cors';

export interface EdgeHeadersOptions {
  /** The Strict-Transport-Security value (the same as nginx's, which replaces ours). */
  readonly strictTransportSecurity: string;
  readonly corsOrigins: readonly string[];
  readonly allowHeaders: readonly string[];
  readonly allowMethods: readonly string[];
  readonly exposeHeaders: readonly string[];
  readonly maxAgeSeconds: number;
}

/** The api's HSTS value: our nginx's own (its template), which hides this one and sends its. */
export const STRICT_TRANSPORT_SECURITY = 'max-age=63072000; includeSubDomains';

/**
 * Hono's `secureHeaders` defaults: what every answer of the api carries (helmet's list).
 * `X-Powered-By` is removed as it removes it.
 */
export function securityHeaders(strictTransportSecurity: string): readonly [string, string][] {
  return [
    ['Cross-Origin-Resource-Policy', 'same-origin'],
    ['Cross-Origin-Opener-Policy', 'same-origin'],
    ['Origin-Agent-Cluster', '?1'],
    ['Referrer-Policy', 'no-referrer'],
    ['Strict-Transport-Security', strictTransportSecurity],
    ['X-Content-Type-Options', 'nosniff'],
    ['X-DNS-Prefetch-Control', 'off'],
    ['X-Download-Options', 'noopen'],
    ['X-Frame-Options', 'SAMEORIGIN'],
    ['X-Permitted-Cross-Domain-Policies', 'none'],
    ['X-XSS-Protection', '0'],
  ];
}

const afterwards = async () => {};

/**
 * What every `/api/*` answer gets on its way out, in one layer: the security headers, CORS and
 * compression — what Hono's `secureHeaders`, `cors` and `compress` did as three, with their
 * values, written onto the handler's answer in place. As three, they made four copies of every
 * answer (`cors` touches `c.res` before the handler, so the handler's answer is copied into it,
 * then `cors` and `compress` each add `Vary` through `c.header`, which copies a finished answer
 * again): ~10 % of a ticket read's CPU (bench/inprocess.ts).
 *
 * Preflights (OPTIONS) are still answered by Hono's `cors` itself, and an answer to a client that
 * accepts gzip or deflate is compressed by Hono's `compress` when it is worth it (1 KB or more).
 * `Vary: Origin, Accept-Encoding` goes on every answer: what it depends on, said once.
 */
export function edgeHeaders(options: EdgeHeadersOptions): MiddlewareHandler {
  const security = securityHeaders(options.strictTransportSecurity);
  const origins = new Set(options.corsOrigins);
  const exposed = options.exposeHeaders.join(',');
  const preflight = cors({
    origin: [...options.corsOrigins],
    allowHeaders: [...options.allowHeaders],
    allowMethods: [...options.allowMethods],
    exposeHeaders: [...options.exposeHeaders],
    maxAge: options.maxAgeSeconds,
  });
  const compression = compress();

  const finish = (c: Context, origin: string | undefined) => {
    const headers = c.res.headers;
    for (const [name, value] of security) headers.set(name, value);
    headers.delete('X-Powered-By');
    if (origin !== undefined && origins.has(origin)) {
      headers.set('Access-Control-Allow-Origin', origin);
      headers.set('Access-Control-Expose-Headers', exposed);
    }
  };

  return async (c, next) => {
    const origin = c.req.header('origin');
    if (c.req.method === 'OPTIONS') {
      const answer = await preflight(c, next);
      if (answer) c.res = answer;
      finish(c, undefined);
      return;
    }
    await next();
    // Compressed (a new answer, its headers carried over) only for a client that accepts it.
    if (c.req.header('accept-encoding')) {
      await measureJson(c);
      await compression(c, afterwards);
    }
    finish(c, origin);
    const headers = c.res.headers;
    // Most answers have no Vary of their own: both names in one write.
    if (!headers.has('Vary')) headers.set('Vary', 'Origin, Accept-Encoding');
    else {
      varyOn(headers, 'Origin');
      varyOn(headers, 'Accept-Encoding');
    }
  };
}

/**
 * A JSON answer is a string in memory: given its Content-Length, `compress` leaves one under 1 KB
 * as it is. Without it, every small answer to a browser was gzipped (~15 µs each, to save
 * nothing). Streamed answers (files, exports) are never JSON here, and keep theirs.
 */
async function measureJson(c: Context) {
  const res = c.res;
  if (!res.body || res.headers.has('Content-Length')) return;
  if (!res.headers.get('Content-Type')?.includes('json')) return;
  const body = await res.arrayBuffer();
  const measured = new Response(body, res);
  measured.headers.set('Content-Length', String(body.byteLength));
  c.res = measured;
}

/** Adds `name` to Vary unless it is there already (or Vary is `*`). */
function varyOn(headers: Headers, name: string) {
  const current = headers.get('Vary');
  if (current === null) return headers.set('Vary', name);
  const listed = current.split(',').map((v) => v.trim().toLowerCase());
  if (!listed.includes('*') && !listed.includes(name.toLowerCase()))
    headers.set('Vary', `${current}, ${name}`);
}
