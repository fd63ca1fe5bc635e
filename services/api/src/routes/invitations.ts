import { createRoute, z } from '@hono/zod-openapi';
import { publicUser, verifyInvitationToken } from '@insightdesk/shared/auth';
import { isUniqueViolation } from '@insightdesk/shared/db';
import { ConflictError, NotFoundError } from '@insightdesk/shared/errors';
import { acceptInvitation, organizationSchema, userSchema } from '@insightdesk/shared/helpdesk';
import { clientAddress } from '@insightdesk/shared/http';
import type { ApiDeps } from '../deps';
import { executor } from '../deps';
import { createRouter, json, jsonBody, problems } from '../openapi';
import { password, tokensSchema } from './auth';

const accept = createRoute({
  method: 'post',
  path: '/accept',
  tags: ['members'],
  summary: 'Accept an invitation (new users also give a name and a password)',
  request: jsonBody(
    z.strictObject({
      token: z.string().min(1).max(512),
      name: z.string().trim().min(1).max(100).optional(),
      password: password.optional(),
    }),
  ),
  responses: {
    200: json(
      z.object({ user: userSchema, organization: organizationSchema, tokens: tokensSchema }),
      'Joined',
    ),
    ...problems(404, 409),
  },
});

/**
 * `/api/v1/invitations/accept`: public, the token is the credential (it reached the invited
 * mailbox). An existing account with the invited email joins; otherwise one is created.
 */
export function invitationRoutes(deps: ApiDeps) {
  const app = createRouter();

  app.openapi(accept, async (c) => {
    await deps.limits.consume(
      c,
      deps.limits.registerPerIp,
      clientAddress(c.req.raw, c.env, deps.clientIpHeader),
    );
    const body = c.req.valid('json');
    if (!verifyInvitationToken(deps.invitations.secret, body.token)) {
      throw new NotFoundError(
        'invitation_invalid',
        'This invitation does not exist, was used, or has expired.',
      );
    }
    const passwordHash = body.password ? await deps.passwords.hash(body.password) : undefined;
    const result = await executor(c, deps)
      .transaction(async (tx) => {
        const joined = await acceptInvitation(tx, body.token, { name: body.name, passwordHash });
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
    await deps.memberships.invalidate(result.organization.id, result.user.id);
    return c.json(
      { user: publicUser(result.user), organization: result.organization, tokens: result.tokens },
      200,
    );
  });

  return app;
}
