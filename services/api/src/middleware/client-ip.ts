import type { Context } from 'hono';
import type { ApiEnv } from '../env';

/**
 * The client's address: nginx's X-Real-IP when we sit behind it (TRUST_PROXY), else the peer.
 * (X-Forwarded-For is not used: its left part is whatever the client wrote.)
 */
export function clientIp(c: Context<ApiEnv>, trustProxy: boolean): string {
  if (trustProxy) {
    const real = c.req.header('x-real-ip');
    if (real) return real;
  }
  return c.env?.requestIP?.(c.req.raw)?.address ?? 'unknown';
}
