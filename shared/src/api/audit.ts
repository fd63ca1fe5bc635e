import type { Context } from 'hono';
import type { AuditEntry, AuditRequest } from '../audit';
import { clientAddress } from '../http';
import type { RouteDeps } from './context';
import type { ApiEnv } from './env';

/** Where a request came from, for its audit entry: address, user agent, request id. */
export function auditRequest(
  c: Context<ApiEnv>,
  deps: Pick<RouteDeps, 'clientIpHeader'>,
): AuditRequest {
  return {
    address: clientAddress(c.req.raw, c.env, deps.clientIpHeader),
    userAgent: c.req.header('user-agent'),
    requestId: c.get('requestId'),
  };
}

/** The signed-in user as the actor, and where their request came from. */
export function auditedBy(
  c: Context<ApiEnv>,
  deps: Pick<RouteDeps, 'clientIpHeader'>,
): Pick<AuditEntry, 'actor' | 'request'> {
  return { actor: { type: 'user', id: c.get('userId') }, request: auditRequest(c, deps) };
}
