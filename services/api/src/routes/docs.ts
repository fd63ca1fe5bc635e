import type { OpenAPIHono } from '@hono/zod-openapi';
import { Scalar } from '@scalar/hono-api-reference';
import type { ApiEnv } from '../env';

/**
 * `/api/openapi.json`, generated from the zod schemas that validate the requests, and an
 * interactive reference at `/api/docs`.
 */
export function mountDocs(app: OpenAPIHono<ApiEnv>) {
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
  });
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'InsightDesk API',
      version: '1.0.0',
      description:
        'Multi-tenant help desk. Errors are application/problem+json (RFC 9457); lists are ' +
        'cursor-paginated; POST accepts Idempotency-Key (except the credential routes: /auth/*, /invitations/accept).',
    },
    servers: [{ url: '/api' }],
  });
  app.get('/docs', Scalar({ url: '/api/openapi.json', pageTitle: 'InsightDesk API' }));
}
