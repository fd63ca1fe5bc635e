import { z } from '@hono/zod-openapi';
import { publicUser, verifyInvitationToken } from '@insightdesk/shared/auth';
import { isUniqueViolation } from '@insightdesk/shared/db';
import { ConflictError, NotFoundError } from '@insightdesk/shared/errors';
import { acceptInvitation, accountSchema, organizationSchema } from '@insightdesk/shared/helpdesk';
import { clientNetwork } from '@insightdesk/shared/http';
import { orgCacheKeys } from '../cache-keys';
import type { ApiDeps } from '../deps';
import { executor } from '../deps';
import { bearerToken } from '../middleware/authenticate';
import { bearer, budgetedRoute, createRouter, json, jsonBody, problems } from '../openapi';
import { password, tokensSchema } from './auth';

const accept = budgetedRoute({
  method: 'post',
  path: '/accept',
  operationId: 'acceptInvitation',
  tags: ['members'],
  summary:
    'Accept an invitation: new people give a name and a password; an existing verified account also sends its access token',
  security: [...bearer, {}],
  request: jsonBody(
    z.strictObject({
      token: z.string().min(1).max(512),
      name: z.string().trim().min(1).max(100).optional(),
      password: password.optional(),
    }),
  ),
  responses: {
    200: json(
      z.object({ user: accountSchema, organization: organizationSchema, tokens: tokensSchema }),
      'Joined',
    ),
    ...problems(401, 403, 404, 409, 410),
  },
});

/**
 * `/api/v1/invitations/accept`: the token proves control of the invited mailbox; see
 * `acceptInvitation` for what else each kind of account must show.
 */
export function invitationRoutes(deps: ApiDeps) {
  const app = createRouter();

  app.openapi(accept, async (c) => {
    await deps.limits.consume(
      c,
      deps.limits.registerPerIp,
      clientNetwork(c.req.raw, c.env, deps.clientIpHeader),
    );
    const body = c.req.valid('json');
    if (!verifyInvitationToken(deps.invitations.secret, body.token)) {
      throw new NotFoundError(
        'invitation_invalid',
        'This invitation does not exist, was used, or has expired.',
      );
    }
    // Optional: the access token of the account the invitation is for.
    const access = bearerToken(c.req.header('authorization'));
    const claims = access ? await deps.accessTokens.verify(access) : undefined;
    if (claims) await deps.sessionGuard.check(claims);
    const passwordHash = body.password ? await deps.passwords.hash(body.password) : undefined;
    const result = await executor(c, deps)
      .transaction(async (tx) => {
        const joined = await acceptInvitation(tx, body.token, {
          ...(claims ? { callerId: claims.userId } : {}),
          ...(body.name ? { name: body.name } : {}),
          ...(passwordHash ? { passwordHash } : {}),
        });
        // The pre-registered account changed hands: whoever registered it is out.
        if (joined.takenOver) await deps.sessionGuard.endSessions(tx, joined.user.id, null);
        return { ...joined, tokens: await deps.sessions.start(tx, joined.user.id) };
      })
      .catch((err: unknown) => {
        // The invited email registered in the meantime: nothing was kept, accepting again joins.
        if (isUniqueViolation(err, 'users_email_key')) {
          throw new ConflictError(
            'email_taken',
            'An account with this email was just created; accept the invitation again to join with it.',
          );
        }
        throw err;
      });
    if (result.takenOver)
      await deps.sessionGuard.announce({ userId: result.user.id, keptFamily: null });
    await deps.memberships.invalidate(result.organization.id, result.user.id);
    await deps.cache.invalidateTags(orgCacheKeys.membersTag(result.organization.id));
    return c.json(
      { user: publicUser(result.user), organization: result.organization, tokens: result.tokens },
      200,
    );
  });

  return app;
}
