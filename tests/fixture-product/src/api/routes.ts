import { z } from '@hono/zod-openapi';
import {
  bearer,
  createRouter,
  executor,
  idParam,
  json,
  jsonBody,
  orgAccess,
  orgParams,
  pageQuery,
  problems,
  protectedRoute,
  readLagging,
  scopeOf,
} from '@insightdesk/shared/api';
import type { ProductRouteDeps } from '@insightdesk/shared/product';
import type { fixtureCatalog } from '../catalog';
import { createItem, getItem, listItems } from '../items';
import { itemSchema, titleInput } from '../schemas';

/**
 * `/api/v1/orgs/{orgId}/items…`: any member creates, lists and reads an organization's items
 * (behind the protected router: a token, the user's budget, Idempotency-Key on POST).
 */
export function itemRoutes(deps: ProductRouteDeps<typeof fixtureCatalog>) {
  const app = createRouter();
  const members = [orgAccess(deps.memberships, 'requester')];

  app.openapi(
    protectedRoute({
      method: 'post',
      path: '/{orgId}/items',
      operationId: 'createItem',
      tags: ['items'],
      summary: 'Create an item (you are its owner)',
      security: bearer,
      middleware: members,
      request: { params: orgParams, ...jsonBody(z.strictObject({ title: titleInput() })) },
      responses: { 201: json(itemSchema, 'Created'), ...problems(401, 403, 404) },
    }),
    async (c) => {
      const { title } = c.req.valid('json');
      return c.json(await createItem(executor(c, deps), scopeOf(c), title), 201);
    },
  );

  app.openapi(
    protectedRoute({
      method: 'get',
      path: '/{orgId}/items',
      operationId: 'listItems',
      tags: ['items'],
      summary: 'Items, newest first',
      security: bearer,
      middleware: members,
      request: {
        params: orgParams,
        query: z.object({ limit: pageQuery.limit }),
      },
      responses: {
        200: json(z.object({ items: z.array(itemSchema).max(100) }), 'The newest items'),
        ...problems(401, 404),
      },
    }),
    async (c) => {
      const { orgId } = scopeOf(c);
      const { limit } = c.req.valid('query');
      const items = await readLagging(c, deps, (db) => listItems(db, orgId, limit));
      return c.json({ items }, 200);
    },
  );

  app.openapi(
    protectedRoute({
      method: 'get',
      path: '/{orgId}/items/{itemId}',
      operationId: 'getItem',
      tags: ['items'],
      summary: 'An item',
      security: bearer,
      middleware: members,
      request: { params: z.object({ orgId: idParam, itemId: idParam }) },
      responses: { 200: json(itemSchema, 'The item'), ...problems(401, 404) },
    }),
    async (c) => {
      const { orgId } = scopeOf(c);
      return c.json(await getItem(executor(c, deps), orgId, c.req.valid('param').itemId), 200);
    },
  );

  return app;
}
