import { type ClientOptions, createInsightDeskClient } from '@insightdesk/client';
import { authConfig, loadConfig } from '@insightdesk/shared/config';
import { SignJWT } from 'jose';
import { BASE_URL, CA, ROOT } from './stack';

/**
 * Requests through nginx, counted by path (`/api/v1/auth/refresh` …) and status, so that tests
 * can tell how many refreshes and refusals a client caused.
 */
export function countingFetch() {
  const requests: { path: string; status: number }[] = [];
  const fetchThroughEdge = async (request: Request) => {
    const res = await fetch(request, { tls: CA ? { ca: CA } : {} });
    requests.push({ path: new URL(request.url).pathname, status: res.status });
    return res;
  };
  return {
    fetch: fetchThroughEdge,
    requests,
    count: (path: string, status?: number) =>
      requests.filter((r) => r.path === path && (status === undefined || r.status === status))
        .length,
  };
}

/** The SDK as an application would create it, against this stack (trusting its local CA). */
export function sdk(options: Partial<ClientOptions> = {}) {
  const counter = countingFetch();
  const client = createInsightDeskClient({ baseUrl: BASE_URL, fetch: counter.fetch, ...options });
  return Object.assign(client, { requests: counter });
}

/** Socket options a Node client needs for this stack (its CA); nothing else. */
export const nodeSocket = CA ? { ca: CA } : {};

const { signingKeys } = loadConfig({ auth: authConfig }, { dir: ROOT }).auth;

/**
 * The same access token, re-signed with the stack's key to expire at `expiresAt` (seconds since
 * the epoch; in the past for an expired one): same user, session epoch and family.
 */
export async function resigned(token: string, expiresAt: number): Promise<string> {
  const [key] = signingKeys;
  if (!key) throw new Error('no signing key');
  const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
  return new SignJWT({ ep: claims.ep, fam: claims.fam })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: key.kid })
    .setSubject(claims.sub)
    .setIssuer(claims.iss)
    .setAudience(claims.aud)
    .setIssuedAt(Math.min(claims.iat, expiresAt - 1))
    .setExpirationTime(expiresAt)
    .sign(new TextEncoder().encode(key.secret));
}
