import { z } from '@hono/zod-openapi';
import {
  accountAccess,
  bearer,
  budgetedRoute,
  createRouter,
  executor,
  idParam,
  json,
  problems,
} from '@insightdesk/shared/api';
import { identitiesOf, MAX_IDENTITIES, unlinkIdentity } from '@insightdesk/shared/auth';
import { NotFoundError } from '@insightdesk/shared/errors';
import { timestamp, uuid } from '@insightdesk/shared/shapes';
import { accountAudit } from '../audited';
import type { ApiDeps } from '../deps';

const identitySchema = z
  .object({
    id: uuid(),
    issuer: z.string().max(512),
    email: z.string().max(254).nullable(),
    linkedBy: z.enum(['owner', 'provisioned']).openapi({
      description:
        'owner: you linked it with your password; provisioned: the provider made this account',
    }),
    organizationId: uuid()
      .nullable()
      .openapi({ description: "whose provider made the link (null: the deployment's)" }),
    createdAt: timestamp(),
    lastSignInAt: timestamp().nullable(),
  })
  .openapi('LinkedIdentity');

/**
 * `/api/v1/me/identities`: the identity-provider links that sign in to the account, for its
 * holder to see and end (docs/sso.md, "Linking rules"). A session that does not reach the account
 * (one an organization's provider started) may not.
 */
export function identityRoutes(deps: ApiDeps) {
  const app = createRouter();
  const recordAccountAct = accountAudit(deps);

  app.openapi(
    budgetedRoute({
      method: 'get',
      path: '/identities',
      operationId: 'listMyIdentities',
      tags: ['account'],
      summary: 'The identity providers that sign in to your account',
      security: bearer,
      middleware: [accountAccess()],
      responses: {
        200: json(
          z.object({
            items: z.array(identitySchema).max(MAX_IDENTITIES),
            nextCursor: z.string().max(0).nullable(),
          }),
          'Every link (one page)',
        ),
        ...problems(401, 403),
      },
    }),
    async (c) => {
      const items = await identitiesOf(executor(c, deps), c.get('userId'));
      return c.json({ items, nextCursor: null }, 200);
    },
  );

  app.openapi(
    budgetedRoute({
      method: 'delete',
      path: '/identities/{identityId}',
      operationId: 'unlinkMyIdentity',
      tags: ['account'],
      summary: 'End a link: that provider signs in to your account no more',
      security: bearer,
      middleware: [accountAccess()],
      request: { params: z.object({ identityId: idParam }) },
      responses: { 204: { description: 'Unlinked' }, ...problems(401, 403, 404) },
    }),
    async (c) => {
      const userId = c.get('userId');
      const { identityId } = c.req.valid('param');
      const unlinked = await executor(c, deps).transaction(async (tx) => {
        const issuer = await unlinkIdentity(tx, userId, identityId);
        if (issuer !== null)
          await recordAccountAct(tx, c, userId, 'sso.identity-unlinked', { issuer });
        return issuer !== null;
      });
      if (!unlinked) throw new NotFoundError('identity_not_found', 'No such link of yours.');
      return c.body(null, 204);
    },
  );

  return app;
}
