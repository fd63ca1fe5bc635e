import type { Context } from 'hono';
import { type Awaitable, andThen } from '../../async';
import type { AccessTokens, SessionGuard } from '../../auth';
import { UnauthorizedError } from '../../errors';
import type { ApiEnv } from '../env';

const BEARER = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/;

/** The Bearer token of a request, if it has a well-formed one. */
export const bearerToken = (header: string | undefined) => header?.match(BEARER)?.[1];

/**
 * Requires a valid access token of a session that has not been ended (password change, reset,
 * "log out everywhere"); sets `userId` and `claims`. Anything else is a 401 problem. At once for
 * a token this instance verified before, of a session whose state it holds (most requests).
 */
export function authenticate(
  c: Context<ApiEnv>,
  tokens: AccessTokens,
  guard: SessionGuard,
): Awaitable<void> {
  const token = bearerToken(c.req.header('authorization'));
  if (!token) throw new UnauthorizedError('missing_token', 'A Bearer access token is required.');
  return andThen(tokens.verify(token), (claims) =>
    andThen(guard.check(claims), () => {
      c.set('userId', claims.userId);
      c.set('claims', claims);
    }),
  );
}
