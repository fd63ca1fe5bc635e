import { z } from '@hono/zod-openapi';
import type { ApiEnv } from '@insightdesk/shared/api';
import {
  auditRequest,
  bearer,
  bearerToken,
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
import { setCookie } from 'hono/cookie';
import type { ApiDeps } from '../deps';
import { OPERATOR_COOKIE, platformOperators } from '../middleware/platform-operators';

const BASE = '/api/admin/queues';

const flagParams = z.object({ flag: z.string().min(1).max(64) });

const GOOGLE_FONTS = /<link\b[^>]*\bhref="https:\/\/fonts\.(?:googleapis|gstatic)\.com[^>]*>\s*/g;

/**
 * bull-board's page links its typeface from Google Fonts: off-origin (this origin serves nothing
 * from elsewhere), refused by a `font-src 'self'` policy and unreachable offline. The link is
 * dropped from the page, which then uses the system's sans-serif.
 */
const withoutOffOriginFonts: MiddlewareHandler<ApiEnv> = async (c, next) => {
  await next();
  if (!c.res.headers.get('content-type')?.startsWith('text/html')) return;
  const html = (await c.res.text()).replace(GOOGLE_FONTS, '');
  const headers = new Headers(c.res.headers);
  headers.delete('content-length');
  c.res = new Response(html, { status: c.res.status, headers });
};

/** Platform operators' routes: bull-board at /api/admin/queues, feature flags. */
export function adminRoutes(deps: ApiDeps) {
  const app = createRouter();
  let board: Promise<ReturnType<typeof import('./queue-board').queueBoard>> | undefined;
  const dashboard: MiddlewareHandler<ApiEnv> = async (c) => {
    board ??= import('./queue-board').then(({ queueBoard }) =>
      queueBoard(
        deps.queues.map((q) => q.queue),
        BASE,
      ),
    );
    return (await (await board)(c.req.raw)) ?? c.notFound();
  };

  app.use('*', platformOperators(deps));
  // Exchanges the Bearer token for a cookie the dashboard's pages and API calls carry.
  app.post('/session', async (c) => {
    const token = bearerToken(c.req.header('authorization')) ?? '';
    const { expiresAt } = await deps.accessTokens.verify(token);
    setCookie(c, OPERATOR_COOKIE, token, {
      path: '/api/admin',
      httpOnly: true,
      secure: true,
      sameSite: 'Strict',
      maxAge: Math.max(0, expiresAt - Math.floor(Date.now() / 1000)),
    });
    return c.body(null, 204);
  });
  app.use('/queues', withoutOffOriginFonts);
  app.use('/queues/*', withoutOffOriginFonts);
  app.all('/queues', dashboard);
  app.all('/queues/*', dashboard);

  app.openapi(
    route({
      method: 'put',
      path: '/features/{flag}',
      operationId: 'setFeatureFlag',
      tags: ['admin'],
      summary:
        'Turn a feature on or off, for one organization (orgId) or for everyone (platform operators)',
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
  return app;
}
