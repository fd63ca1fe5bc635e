import { z } from '@hono/zod-openapi';
import {
  auditRequest,
  bearer,
  bearerToken,
  budgetedRoute,
  createRouter,
  executor,
  json,
  jsonBody,
  problems,
} from '@insightdesk/shared/api';
import { clientNetwork } from '@insightdesk/shared/http';
import { accountSchema, nameInput, organizationSchema } from '@insightdesk/shared/shapes';
import { acceptInvitation } from '../commands/accept-invitation';
import type { ApiDeps } from '../deps';
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
      name: nameInput().optional(),
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
    const accessToken = bearerToken(c.req.header('authorization'));
    const joined = await acceptInvitation(
      deps,
      executor(c, deps),
      { ...c.req.valid('json'), ...(accessToken ? { accessToken } : {}) },
      auditRequest(c, deps),
    );
    return c.json(joined, 200);
  });

  return app;
}
