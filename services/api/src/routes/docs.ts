import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { ApiEnv } from '@insightdesk/shared/api';
import { Scalar } from '@scalar/hono-api-reference';

const BUNDLE_PATH = '/api/docs/api-reference.js';

/**
 * The API reference's browser bundle, served from our own origin (never a CDN: the page shares
 * its origin with the cookie-authenticated queue dashboard): one file, which
 * tools/api-reference-bundle.ts takes out of the `@scalar/api-reference` package (./stack for a
 * checkout, the Dockerfile for the image), without installing that package's dependencies.
 */
function findBundle(): string | undefined {
  const bundle = fileURLToPath(new URL('../../assets/api-reference.js', import.meta.url));
  return existsSync(bundle) ? bundle : undefined;
}

/** Everything the page loads comes from here; its one inline script carries the nonce. */
function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'self' 'nonce-${nonce}'`,
    // The reference sets styles at run time (theme variables, positioning).
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    // "Try it" calls this API, and nothing else.
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

type DocumentConfig = Parameters<OpenAPIHono<ApiEnv>['getOpenAPI31Document']>[0];
type Tags = readonly { readonly name: string; readonly description: string }[];

/** The document's own parts; the paths and schemas come from the routes. */
const documentConfig = (productTags: Tags): DocumentConfig => ({
  openapi: '3.1.0',
  info: {
    title: 'InsightDesk API',
    version: '1.0.0',
    license: { name: 'MIT', url: 'https://spdx.org/licenses/MIT.html' },
    description:
      'Multi-tenant help desk. Errors are application/problem+json (RFC 9457); lists are ' +
      'cursor-paginated; POST accepts Idempotency-Key (except the credential routes: /auth/*, /invitations/accept, /me/*, and the webhooks ones, whose answers may carry a secret).',
  },
  servers: [{ url: '/api', 'x-internal': false }],
  // Declared once, in the order the reference lists them.
  tags: [
    { name: 'auth', description: 'Accounts, logins and tokens (no token needed)' },
    {
      name: 'account',
      description: 'The signed-in user: profile, password, two-factor, notifications',
    },
    { name: 'organizations', description: 'Organizations you belong to' },
    { name: 'members', description: 'Members, roles and invitations' },
    {
      name: 'webhooks',
      description: 'Outbound webhooks: endpoints, signing secrets, the delivery log (admins)',
    },
    {
      name: 'audit',
      description:
        'The audit log of security and administrative acts, hash-chained per organization',
    },
    ...productTags,
    { name: 'admin', description: 'Platform operators only: queues and feature flags' },
  ],
});

/**
 * `/api/openapi.json`, generated from the zod schemas that validate the requests, and an
 * interactive reference at `/api/docs`.
 */
export function mountDocs(
  app: OpenAPIHono<ApiEnv>,
  /** The product's, listed between the platform's own and the operators'. */
  productTags: Tags,
) {
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description:
      'Access token (a JWT following RFC8725: HS256 only, keys by kid, short-lived) from ' +
      '/v1/auth/login or /v1/auth/refresh. Platform operators use the same token: their authority ' +
      'is a claim checked on the server.',
  });
  // Generated once, at the first request (every route is registered by then): generating it
  // walks every schema, half a second of CPU on a busy machine, for a document that never changes.
  let document: string | undefined;
  app.get('/openapi.json', (c) => {
    document ??= JSON.stringify(app.getOpenAPI31Document(documentConfig(productTags)));
    return c.body(document, 200, { 'Content-Type': 'application/json' });
  });

  const bundle = findBundle();
  app.get('/docs/api-reference.js', (c) => {
    if (!bundle) return c.notFound();
    return new Response(Bun.file(bundle), {
      headers: {
        'Content-Type': 'text/javascript; charset=utf-8',
        'Cache-Control': 'public, max-age=86400',
        'X-Content-Type-Options': 'nosniff',
      },
    });
  });
  app.get('/docs', async (c, next) => {
    const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
    const page = await Scalar<ApiEnv>({
      url: '/api/openapi.json',
      pageTitle: 'InsightDesk API',
      cdn: BUNDLE_PATH,
      nonce,
      withDefaultFonts: false,
      telemetry: false,
    })(c, next);
    if (!page) return c.notFound();
    // The bundle's zod probes whether eval works (`Function('')`), which our CSP reports as a
    // violation; told to run without JIT it never tries (zod reads this global config).
    const html = (await page.text()).replace(
      '</head>',
      `<script nonce="${nonce}">globalThis.__zod_globalConfig = { jitless: true };</script></head>`,
    );
    return c.html(html, 200, {
      'Content-Security-Policy': contentSecurityPolicy(nonce),
      'Cache-Control': 'no-store',
    });
  });
}
