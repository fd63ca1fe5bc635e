import { createRoute, z } from '@hono/zod-openapi';
import { findUserByEmail, insertUser, normalizeEmail, publicUser } from '@insightdesk/shared/auth';
import { isUniqueViolation } from '@insightdesk/shared/db';
import { ConflictError, UnauthorizedError } from '@insightdesk/shared/errors';
import { createOrganization, organizationSchema, userSchema } from '@insightdesk/shared/helpdesk';
import { clientAddress } from '@insightdesk/shared/http';
import type { ApiDeps } from '../deps';
import { executor } from '../deps';
import { createRouter, json, jsonBody, problems } from '../openapi';

export const password = z.string().min(10).max(256);
const email = z.email().max(254);
const name = z.string().trim().min(1).max(100);

export const tokensSchema = z
  .object({
    accessToken: z.string(),
    refreshToken: z.string(),
    tokenType: z.literal('Bearer'),
    expiresIn: z.number().int().openapi({ description: 'access token lifetime, seconds' }),
  })
  .openapi('Tokens');

const register = createRoute({
  method: 'post',
  path: '/register',
  tags: ['auth'],
  summary: 'Create an account and its first organization',
  request: jsonBody(z.strictObject({ email, password, name, organizationName: name })),
  responses: {
    201: json(
      z.object({ user: userSchema, organization: organizationSchema, tokens: tokensSchema }),
      'Registered',
    ),
    ...problems(409),
  },
});

const login = createRoute({
  method: 'post',
  path: '/login',
  tags: ['auth'],
  summary: 'Exchange email and password for tokens',
  request: jsonBody(
    z.strictObject({
      email,
      password: z.string().min(1).max(256),
      deviceToken: z.string().max(256).optional().openapi({
        description:
          'the deviceToken of an earlier successful login on this device: it may still log in while the account is under attack',
      }),
    }),
  ),
  responses: {
    200: json(
      z.object({
        user: userSchema,
        tokens: tokensSchema,
        deviceToken: z.string().openapi({ description: 'keep it and send it with later logins' }),
      }),
      'Logged in',
    ),
    ...problems(401),
  },
});

const refreshBody = z.strictObject({ refreshToken: z.string().min(1).max(256) });

const refresh = createRoute({
  method: 'post',
  path: '/refresh',
  tags: ['auth'],
  summary: 'Rotate a refresh token (a spent one revokes its whole family)',
  request: jsonBody(refreshBody),
  responses: { 200: json(z.object({ tokens: tokensSchema }), 'New tokens'), ...problems(401) },
});

const logout = createRoute({
  method: 'post',
  path: '/logout',
  tags: ['auth'],
  summary: 'End the session of a refresh token',
  request: jsonBody(refreshBody),
  responses: { 204: { description: 'Logged out' }, ...problems() },
});

const invalidCredentials = () =>
  new UnauthorizedError('invalid_credentials', 'Email or password is wrong.');

/** `/api/v1/auth`: public routes (no access token), rate limited per address and per account. */
export function authRoutes(deps: ApiDeps) {
  const { limits, passwords, sessions } = deps;
  const app = createRouter();

  app.openapi(register, async (c) => {
    await limits.consume(
      c,
      limits.registerPerIp,
      clientAddress(c.req.raw, c.env, deps.clientIpHeader),
    );
    const body = c.req.valid('json');
    const passwordHash = await passwords.hash(body.password);
    try {
      const result = await executor(c, deps).transaction(async (tx) => {
        const user = await insertUser(tx, { email: body.email, name: body.name, passwordHash });
        const organization = await createOrganization(tx, user.id, body.organizationName);
        const tokens = await sessions.start(tx, user.id);
        return { user: publicUser(user), organization, tokens };
      });
      return c.json(result, 201);
    } catch (err) {
      if (isUniqueViolation(err, 'users_email_key')) {
        throw new ConflictError('email_taken', 'An account with this email already exists.');
      }
      throw err;
    }
  });

  // Unknown email and wrong password take the same path and the same time (a verification
  // against a dummy hash) and give the same answer. The throttle charges the attempt before the
  // (slow) verification; see login-throttle.ts for the scheme.
  app.openapi(login, async (c) => {
    const body = c.req.valid('json');
    const account = normalizeEmail(body.email);
    const address = clientAddress(c.req.raw, c.env, deps.clientIpHeader);
    const user = await findUserByEmail(executor(c, deps), account);
    await deps.loginThrottle.admit(c, {
      account,
      address,
      ...(user ? { userId: user.id } : {}),
      ...(body.deviceToken ? { deviceToken: body.deviceToken } : {}),
    });
    const ok = user
      ? await passwords.verify(body.password, user.passwordHash)
      : await passwords.verifyNothing(body.password);
    if (!user || !ok) throw invalidCredentials();
    const deviceToken = await deps.loginThrottle.succeeded({ account, address, userId: user.id });
    const tokens = await sessions.start(executor(c, deps), user.id);
    return c.json({ user: publicUser(user), tokens, deviceToken }, 200);
  });

  app.openapi(refresh, async (c) => {
    const tokens = await sessions.refresh(c.req.valid('json').refreshToken);
    return c.json({ tokens }, 200);
  });

  app.openapi(logout, async (c) => {
    await sessions.end(c.req.valid('json').refreshToken);
    return c.body(null, 204);
  });

  return app;
}
