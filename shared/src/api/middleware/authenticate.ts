import type { Context } from 'hono';
import type { AccessTokens, SessionGuard } from '../../auth';
import { UnauthorizedError } from '../../errors';
import type { ApiEnv } from '../env';

const BEARER = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/;

/** The Bearer token of a request, if it has a well-formed one. */
export const bearerToken = (header: string | undefined) => header?.match(BEARER)?.[1];

/**
 * Requires a valid access token of a session that has not been ended (password change, reset,
 * "log out everywhere"); sets `userId` and `claims`. Anything else is a 401 problem.
 */
export async function authenticate(
  c: Context<ApiEnv>,
  tokens: AccessTokens,
  guard: SessionGuard,
): Promise<void> {
  const token = bearerToken(c.req.header('authorization'));
  if (!token) throw new UnauthorizedError('missing_token', 'A Bearer access token is required.');
  const claims = await tokens.verify(token);
  await guard.check(claims);
  c.set('userId', claims.userId);
  c.set('claims', claims);
}
