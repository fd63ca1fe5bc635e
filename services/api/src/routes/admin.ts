import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { HonoAdapter } from '@bull-board/hono';
import { createRoute, z } from '@hono/zod-openapi';
import type { AccessTokens, SessionGuard } from '@insightdesk/shared/auth';
import { findUserById } from '@insightdesk/shared/auth';
import type { Executor } from '@insightdesk/shared/db';
import { ForbiddenError, NotFoundError, UnauthorizedError } from '@insightdesk/shared/errors';
import { type Features, featureFlags, isFeatureFlag } from '@insightdesk/shared/features';
import type { QueueHandle } from '@insightdesk/shared/queues';
import type { MiddlewareHandler } from 'hono';
import { serveStatic } from 'hono/bun';
import { getCookie, setCookie } from 'hono/cookie';
import type { ApiEnv } from '../env';
import { bearer, createRouter, json, jsonBody, problems } from '../openapi';

const COOKIE = 'insightdesk_admin';
const BASE = '/api/admin/queues';

/**
 * Platform operators only: the users whose ids (or, outside production, emails) are in PLATFORM_ADMINS (jobs span every
 * organization, so no organization role, not even owner, is enough). The token comes as a Bearer
 * header, or — for the browser — as a cookie set by `POST /api/admin/session`.
 */
function platformAdmins(deps: {
  tokens: AccessTokens;
  guard: SessionGuard;
  db: Executor;
  admins: readonly string[];
}): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const bearer = c.req.header('authorization')?.match(/^Bearer (\S+)$/)?.[1];
    const token = bearer ?? getCookie(c, COOKIE);
    if (!token) throw new UnauthorizedError('missing_token', 'Sign in as a platform operator.');
    const claims = await deps.tokens.verify(token);
    await deps.guard.check(claims);
    const user = await findUserById(deps.db, claims.userId);
    if (
      !user ||
      !(deps.admins.includes(user.id) || deps.admins.includes(user.email.toLowerCase()))
    ) {
      throw new ForbiddenError(
        'platform_admins_only',
        'The queue dashboard is for platform operators.',
      );
    }
    c.set('userId', user.id);
    await next();
  };
}

const flagParams = z.object({ flag: z.string().min(1).max(64) });

/** Platform operators' routes: bull-board at /api/admin/queues, feature flags. */
export function adminRoutes(deps: {
  tokens: AccessTokens;
  guard: SessionGuard;
  db: Executor;
  admins: readonly string[];
  queues: readonly QueueHandle[];
  features: Features;
}) {
  const app = createRouter();
  const board = new HonoAdapter(serveStatic);
  createBullBoard({
    queues: deps.queues.map((q) => new BullMQAdapter(q.queue)),
    serverAdapter: board,
  });
  board.setBasePath(BASE);

  app.use('*', platformAdmins(deps));
  // Exchanges the Bearer token for a cookie the dashboard's pages and API calls carry.
  app.post('/session', async (c) => {
    const token = c.req.header('authorization')?.match(/^Bearer (\S+)$/)?.[1] ?? '';
    const { expiresAt } = await deps.tokens.verify(token);
    setCookie(c, COOKIE, token, {
      path: '/api/admin',
      httpOnly: true,
      secure: true,
      sameSite: 'Strict',
      maxAge: Math.max(0, expiresAt - Math.floor(Date.now() / 1000)),
    });
    return c.body(null, 204);
  });
  app.route('/queues', board.registerPlugin());

  app.openapi(
    createRoute({
      method: 'put',
      path: '/features/{flag}',
      tags: ['admin'],
      summary:
        'Turn a feature on or off, for one organization (orgId) or for everyone (platform operators)',
      security: bearer,
      request: {
        params: flagParams,
        ...jsonBody(z.strictObject({ orgId: z.uuid().optional(), enabled: z.boolean() })),
      },
      responses: {
        200: json(
          z.object({ flag: z.string(), orgId: z.uuid().nullable(), enabled: z.boolean() }),
          'Set; every instance follows within seconds',
        ),
        ...problems(401, 403, 404),
      },
    }),
    async (c) => {
      const { flag } = c.req.valid('param');
      const { orgId, enabled } = c.req.valid('json');
      if (!isFeatureFlag(flag)) throw new NotFoundError('unknown_feature', 'No such feature.');
      if (orgId !== undefined && !featureFlags[flag].perOrganization)
        throw new NotFoundError('not_per_organization', 'This feature is the same for everyone.');
      const override = { flag, orgId: orgId ?? null, enabled };
      await deps.features.set(override, c.get('userId'));
      return c.json(override, 200);
    },
  );
  return app;
}
