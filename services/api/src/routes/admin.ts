import type { ApiEnv } from '@insightdesk/shared/api';
import { bearerToken, createRouter } from '@insightdesk/shared/api';
import type { MiddlewareHandler } from 'hono';
import { setCookie } from 'hono/cookie';
import type { ApiDeps } from '../deps';
import { OPERATOR_COOKIE, platformOperators } from '../middleware/platform-operators';
import { addFeatureFlagRoute, deprecatedFeatureFlagPath } from './feature-flags';

const BASE = '/api/admin/queues';

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

/**
 * Platform operators' routes: bull-board at /api/admin/queues; the feature flags' old path
 * (moved to /api/v1/admin/features, feature-flags.ts), answering for one release.
 */
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

  app.use('/features/*', deprecatedFeatureFlagPath);
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

  addFeatureFlagRoute(app, deps, { deprecated: true });
  return app;
}
