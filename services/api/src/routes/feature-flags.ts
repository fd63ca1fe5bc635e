import { z } from '@hono/zod-openapi';
import type { ApiEnv } from '@insightdesk/shared/api';
import {
  auditRequest,
  bearer,
  createRouter,
  json,
  jsonBody,
  problems,
  route,
} from '@insightdesk/shared/api';
import { recordAudit } from '@insightdesk/shared/audit';
import { NotFoundError } from '@insightdesk/shared/errors';
import { uuid } from '@insightdesk/shared/shapes';
import type { MiddlewareHandler } from 'hono';
import type { ApiDeps } from '../deps';
import { platformOperators } from '../middleware/platform-operators';

/** Where the route lives, below `/api`. */
export const FEATURE_FLAGS_PATH = '/v1/admin/features';

/**
 * When `/api/admin/features/{flag}` was deprecated (RFC 9745's `Deprecation` date): it answers as
 * before, for one release, with that header and a link to its successor.
 */
const OLD_PATH_DEPRECATED_AT = Date.UTC(2026, 10, 28);

const flagParams = z.object({ flag: z.string().min(1).max(64) });

/**
 * Answers of the old path carry `Deprecation: @<seconds>` and `Link: <…>; rel="successor-version"`
 * (RFC 9745, RFC 8594's link relation), so a client sees the move before the path goes. Mounted
 * before the operators' check, so that a refusal is marked too.
 */
export const deprecatedFeatureFlagPath: MiddlewareHandler<ApiEnv> = async (c, next) => {
  await next();
  c.res.headers.set('Deprecation', `@${Math.floor(OLD_PATH_DEPRECATED_AT / 1000)}`);
  const flag = encodeURIComponent(c.req.param('flag') ?? '');
  c.res.headers.set('Link', `</api${FEATURE_FLAGS_PATH}/${flag}>; rel="successor-version"`);
};

/**
 * `PUT /api/v1/admin/features/{flag}`: platform operators turn a feature on or off, for everyone
 * or one organization.
 */
export function featureFlagRoutes(deps: ApiDeps) {
  const app = createRouter();
  app.use('/features/*', platformOperators(deps));
  addFeatureFlagRoute(app, deps, { deprecated: false });
  return app;
}

/**
 * The route on `app`, whose middleware already admits platform operators only: at
 * `/api/v1/admin` (featureFlagRoutes), and at `/api/admin` for one release (`deprecated`: the same
 * route, marked so in the document and in its answers).
 */
export function addFeatureFlagRoute(
  app: ReturnType<typeof createRouter>,
  deps: ApiDeps,
  options: { deprecated: boolean },
) {
  app.openapi(
    route({
      method: 'put',
      path: '/features/{flag}',
      operationId: options.deprecated ? 'setFeatureFlagDeprecated' : 'setFeatureFlag',
      tags: ['admin'],
      summary: options.deprecated
        ? `Moved to PUT /api${FEATURE_FLAGS_PATH}/{flag}; answers here with a Deprecation header for one release`
        : 'Turn a feature on or off, for one organization (orgId) or for everyone (platform operators)',
      ...(options.deprecated ? { deprecated: true } : {}),
      security: bearer,
      request: {
        params: flagParams,
        ...jsonBody(z.strictObject({ orgId: uuid().optional(), enabled: z.boolean() })),
      },
      responses: {
        200: json(
          z.object({ flag: z.string().max(64), orgId: uuid().nullable(), enabled: z.boolean() }),
          'Set; every instance follows within seconds',
        ),
        ...problems(401, 403, 404),
      },
    }),
    async (c) => {
      const { flag } = c.req.valid('param');
      const { orgId, enabled } = c.req.valid('json');
      const declared = deps.features.declaration(flag);
      if (!declared) throw new NotFoundError('unknown_feature', 'No such feature.');
      if (orgId !== undefined && !declared.perOrganization)
        throw new NotFoundError('not_per_organization', 'This feature is the same for everyone.');
      const override = { flag, orgId: orgId ?? null, enabled };
      const operator = c.get('userId');
      await deps.features.set(override, operator, (tx) =>
        recordAudit(tx, {
          organizationId: override.orgId,
          actor: { type: 'operator', id: operator },
          request: auditRequest(c, deps),
          action: 'feature.changed',
          target: { type: 'feature', id: flag },
          change: { enabled, scope: override.orgId === null ? 'everyone' : 'organization' },
        }),
      );
      return c.json(override, 200);
    },
  );
}
