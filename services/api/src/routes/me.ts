import { createRoute, z } from '@hono/zod-openapi';
import { findUserById, publicUser } from '@insightdesk/shared/auth';
import { UnauthorizedError } from '@insightdesk/shared/errors';
import {
  membershipsOfUser,
  organizationSchema,
  role,
  userSchema,
} from '@insightdesk/shared/helpdesk';
import type { ApiDeps } from '../deps';
import { executor } from '../deps';
import { bearer, createRouter, json, problems } from '../openapi';

const me = createRoute({
  method: 'get',
  path: '/',
  tags: ['account'],
  summary: 'The current user and their memberships',
  security: bearer,
  responses: {
    200: json(
      z.object({
        user: userSchema,
        memberships: z.array(z.object({ organization: organizationSchema, role })),
      }),
      'Who you are',
    ),
    ...problems(401),
  },
});

/** `/api/v1/me` (behind `authenticate`). */
export function meRoutes(deps: ApiDeps) {
  const app = createRouter();
  app.openapi(me, async (c) => {
    const db = executor(c, deps);
    const user = await findUserById(db, c.get('userId'));
    if (!user) throw new UnauthorizedError('invalid_token', 'The account no longer exists.');
    return c.json(
      { user: publicUser(user), memberships: await membershipsOfUser(db, user.id) },
      200,
    );
  });
  return app;
}
