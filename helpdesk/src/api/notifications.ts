import { z } from '@hono/zod-openapi';
import {
  type ApiEnv,
  bearer,
  budgetedRoute,
  createRouter,
  executor,
  json,
  jsonBody,
  page,
  pageQuery,
  problems,
  type RouteDeps,
  reachedOrganizations,
  readLagging,
} from '@insightdesk/shared/api';
import { int32, uuid } from '@insightdesk/shared/shapes';
import type { Context } from 'hono';
import { listNotifications, markNotificationsRead } from '../notifications';
import { notificationSchema } from '../schemas';

/**
 * `/api/v1/me/notifications…` (behind the signed-in `/me` router): the user's notifications, of
 * the organizations the session reaches.
 */
export function notificationRoutes(deps: RouteDeps) {
  const app = createRouter();
  const readerOf = async (c: Context<ApiEnv>) => ({
    userId: c.get('userId'),
    organizations: await reachedOrganizations(c, deps),
  });

  app.openapi(
    budgetedRoute({
      method: 'get',
      path: '/notifications',
      operationId: 'listNotifications',
      tags: ['account'],
      summary: 'Your notifications, newest first, and how many are unread',
      security: bearer,
      request: {
        query: z.object({
          ...pageQuery,
          unread: z
            .stringbool()
            .optional()
            .openapi({ type: 'boolean', description: 'only the unread ones' }),
        }),
      },
      responses: {
        200: json(
          page(notificationSchema).extend({ unreadCount: int32() }),
          'A page of notifications',
        ),
        ...problems(401),
      },
    }),
    async (c) => {
      const reader = await readerOf(c);
      return c.json(
        await readLagging(c, deps, (db) => listNotifications(db, reader, c.req.valid('query'))),
        200,
      );
    },
  );

  app.openapi(
    budgetedRoute({
      method: 'post',
      path: '/notifications/read',
      operationId: 'markNotificationsRead',
      tags: ['account'],
      summary: 'Mark notifications read: some (`ids`) or all',
      security: bearer,
      request: jsonBody(
        z.union([
          z.strictObject({ ids: z.array(uuid()).min(1).max(100) }),
          z.strictObject({ all: z.literal(true) }),
        ]),
      ),
      responses: {
        200: json(z.object({ unreadCount: int32() }), 'What is left unread'),
        ...problems(401),
      },
    }),
    async (c) => {
      const unreadCount = await markNotificationsRead(
        executor(c, deps),
        await readerOf(c),
        c.req.valid('json'),
      );
      return c.json({ unreadCount }, 200);
    },
  );

  return app;
}
