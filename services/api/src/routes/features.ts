import { z } from '@hono/zod-openapi';
import { bearer, createRouter, json, problems, protectedRoute } from '@insightdesk/shared/api';
import { enterOrg } from '@insightdesk/shared/tenancy';
import type { ApiDeps } from '../deps';

/** `/api/v1/features` (behind `authenticate`): which features are on, for you or an organization. */
export function featureRoutes(deps: ApiDeps) {
  const app = createRouter();
  app.openapi(
    protectedRoute({
      method: 'get',
      path: '/',
      operationId: 'listFeatures',
      tags: ['account'],
      summary: 'Feature flags in force (with orgId: for that organization; you must belong to it)',
      security: bearer,
      request: { query: z.object({ orgId: z.string().max(64).optional() }) },
      responses: {
        200: json(z.object({ flags: z.record(z.string(), z.boolean()) }), 'The flags'),
        ...problems(401, 403, 404),
      },
    }),
    async (c) => {
      const { orgId } = c.req.valid('query');
      if (orgId !== undefined)
        await enterOrg(
          deps.memberships,
          { userId: c.get('userId'), reach: c.get('claims').reach },
          orgId,
        );
      return c.json({ flags: deps.features.all(orgId) }, 200);
    },
  );
  return app;
}
