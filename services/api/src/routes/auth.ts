import { z } from '@hono/zod-openapi';
import {
  auditRequest,
  budgetedRoute,
  createRouter,
  executor,
  featureDisabled,
  json,
  jsonBody,
  problems,
  route,
} from '@insightdesk/shared/api';
import { recordAudit } from '@insightdesk/shared/audit';
import { findUserByEmail, normalizeEmail, publicUser } from '@insightdesk/shared/auth';
import { UnauthorizedError } from '@insightdesk/shared/errors';
import { clientNetwork } from '@insightdesk/shared/http';
import {
  accountSchema,
  emailInput,
  int32,
  nameInput,
  organizationSchema,
  passwordInput,
  TEXT_LIMITS,
} from '@insightdesk/shared/shapes';
import { ownAccountAct, userTarget } from '../audited';
import { completeTwoFactorLogin } from '../commands/complete-two-factor-login';
import { confirmPasswordReset, requestPasswordReset } from '../commands/password-reset';
import { register as registerAccount } from '../commands/register';
import { verifyEmail as verifyAddress } from '../commands/verify-email';
import type { ApiDeps } from '../deps';
import { deadChallenge } from '../second-factor-throttle';

export const password = passwordInput();
const email = emailInput();
const name = nameInput();

export const tokensSchema = z
  .object({
    accessToken: z.string().max(4096),
    refreshToken: z.string().max(256),
    tokenType: z.literal('Bearer'),
    expiresIn: int32(1).openapi({ description: 'access token lifetime, seconds' }),
  })
  .openapi('Tokens');

const deviceToken = z
  .string()
  .max(256)
  .openapi({ description: 'keep it and send it with later logins' });

export const loggedIn = z
  .object({ user: accountSchema, tokens: tokensSchema, deviceToken })
  .openapi('LoggedIn');

const twoFactorChallenge = z
  .object({
    twoFactorRequired: z.literal(true),
    challenge: z
      .string()
      .max(256)
      .openapi({ description: 'send it to /auth/login/2fa with a code' }),
  })
  .openapi('TwoFactorChallenge');

/** What a password login answers. */
export const loginAnswer = z.union([loggedIn, twoFactorChallenge]);

/**
 * What the exchange of an SSO sign-in's code answers: as a login, but without a `deviceToken`
 * for a sign-in through an organization's provider, which proves nothing of the password (a
 * device token lets its holder's password logins past the account's throttle).
 */
export const providerLoginAnswer = z.union([
  z
    .object({ user: accountSchema, tokens: tokensSchema, deviceToken: deviceToken.optional() })
    .openapi('SsoLoggedIn'),
  twoFactorChallenge,
]);

const register = budgetedRoute({
  method: 'post',
  path: '/register',
  operationId: 'register',
  tags: ['auth'],
  summary: 'Create an account and its first organization',
  request: jsonBody(z.strictObject({ email, password, name, organizationName: name })),
  responses: {
    201: json(
      z.object({ user: accountSchema, organization: organizationSchema, tokens: tokensSchema }),
      'Registered',
    ),
    ...problems(409),
  },
});

const login = budgetedRoute({
  method: 'post',
  path: '/login',
  operationId: 'login',
  tags: ['auth'],
  summary: 'Exchange email and password for tokens',
  request: jsonBody(
    z.strictObject({
      email,
      password: z.string().min(1).max(TEXT_LIMITS.password.max),
      deviceToken: z.string().max(256).optional().openapi({
        description:
          'the deviceToken of an earlier successful login on this device: it may still log in while the account is under attack',
      }),
    }),
  ),
  responses: {
    200: json(
      loginAnswer,
      'Logged in, or (accounts with two-factor authentication) the challenge for the second factor',
    ),
    ...problems(401, 403),
  },
});

/** The second factor as a login sends it: a code of the authenticator, or a recovery code. */
export const secondFactorProof = {
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/)
    .max(6)
    .optional(),
  recoveryCode: z.string().trim().min(1).max(32).optional(),
};

const loginTwoFactor = budgetedRoute({
  method: 'post',
  path: '/login/2fa',
  operationId: 'completeTwoFactorLogin',
  tags: ['auth'],
  summary:
    'Complete a login with the second factor: a code of the authenticator, or a recovery code',
  request: jsonBody(
    z
      .strictObject({
        challenge: z.string().min(1).max(256),
        ...secondFactorProof,
        deviceToken: z.string().max(256).optional(),
      })
      .refine((b) => (b.code === undefined) !== (b.recoveryCode === undefined), {
        message: 'Send either code or recoveryCode.',
      }),
  ),
  responses: { 200: json(loggedIn, 'Logged in'), ...problems(401, 404) },
});

const tokenBody = z.strictObject({ token: z.string().min(1).max(512) });

const verifyEmail = route({
  method: 'post',
  path: '/verify-email',
  operationId: 'verifyEmail',
  tags: ['auth'],
  summary: 'Confirm an email address with the token of the mailed link',
  request: jsonBody(tokenBody),
  responses: { 204: { description: 'Verified' }, ...problems() },
});

const passwordReset = budgetedRoute({
  method: 'post',
  path: '/password-reset',
  operationId: 'requestPasswordReset',
  tags: ['auth'],
  summary:
    'Mail a password-reset link (the same answer, in the same time, whether or not the account exists)',
  request: jsonBody(z.strictObject({ email })),
  responses: {
    202: { description: 'If the account exists, a link is on its way' },
    ...problems(),
  },
});

const passwordResetConfirm = route({
  method: 'post',
  path: '/password-reset/confirm',
  operationId: 'confirmPasswordReset',
  tags: ['auth'],
  summary: 'Choose a new password with the mailed link (once); every session ends',
  request: jsonBody(z.strictObject({ token: z.string().min(1).max(512), password })),
  responses: { 204: { description: 'Password changed' }, ...problems() },
});

const refreshBody = z.strictObject({ refreshToken: z.string().min(1).max(256) });

const refresh = route({
  method: 'post',
  path: '/refresh',
  operationId: 'refreshSession',
  tags: ['auth'],
  summary: 'Rotate a refresh token (a spent one revokes its whole family)',
  request: jsonBody(refreshBody),
  responses: { 200: json(z.object({ tokens: tokensSchema }), 'New tokens'), ...problems(401) },
});

const logout = route({
  method: 'post',
  path: '/logout',
  operationId: 'logout',
  tags: ['auth'],
  summary: 'End the session of a refresh token',
  request: jsonBody(refreshBody),
  responses: { 204: { description: 'Logged out' }, ...problems() },
});

export const invalidCredentials = () =>
  new UnauthorizedError('invalid_credentials', 'Email or password is wrong.');

/** `/api/v1/auth`: public routes (no access token), rate limited per address and per account. */
export function authRoutes(deps: ApiDeps) {
  const { limits, passwords, sessions, features } = deps;
  const app = createRouter();

  // A taken email answers 409: see the README ("Registration and enumeration") for why, and for
  // the budgets (per address, /64 for IPv6) that bound how many addresses one can probe.
  app.openapi(register, async (c) => {
    const address = clientNetwork(c.req.raw, c.env, deps.clientIpHeader);
    await limits.consume(c, limits.registerPerIp, address);
    // Each registration makes an organization: bounded per address and day as well.
    await limits.consume(c, limits.orgsPerAddress, address);
    const registered = await registerAccount(
      deps,
      executor(c, deps),
      c.req.valid('json'),
      auditRequest(c, deps),
    );
    return c.json(registered, 201);
  });

  // Unknown email and wrong password take the same path and the same time (a verification
  // against a dummy hash) and give the same answer. The throttle charges the attempt before the
  // (slow) verification; see login-throttle.ts for the scheme.
  app.openapi(login, async (c) => {
    const body = c.req.valid('json');
    const account = normalizeEmail(body.email);
    const address = clientNetwork(c.req.raw, c.env, deps.clientIpHeader);
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
    const request = auditRequest(c, deps);
    if (!user || !ok) {
      // Bounded by the throttle above: a flood is refused before it reaches the log.
      await recordAudit(executor(c, deps), {
        organizationId: null,
        actor: { type: 'anonymous' },
        request,
        action: 'auth.login-failed',
        target: user ? userTarget(user.id) : null,
        change: { reason: user ? 'wrong password' : 'unknown account' },
      });
      throw invalidCredentials();
    }
    const deviceToken = await deps.loginThrottle.succeeded({ account, address, userId: user.id });
    if (features.isEnabled('two-factor') && user.totpEnabledAt !== null) {
      return c.json(
        { twoFactorRequired: true as const, challenge: deps.loginChallenges.issue(user.id) },
        200,
      );
    }
    const tokens = await executor(c, deps).transaction(async (tx) => {
      const started = await sessions.start(tx, user.id);
      await recordAudit(tx, ownAccountAct(user.id, 'auth.login', request));
      return started;
    });
    return c.json({ user: publicUser(user), tokens, deviceToken }, 200);
  });

  app.openapi(loginTwoFactor, async (c) => {
    if (!features.isEnabled('two-factor')) throw featureDisabled();
    const body = c.req.valid('json');
    const challenge = deps.loginChallenges.verify(body.challenge);
    if (!challenge) throw deadChallenge();
    const { userId, reach } = challenge;
    const address = clientNetwork(c.req.raw, c.env, deps.clientIpHeader);
    // Six digits do not survive unlimited guesses: see second-factor-throttle.ts.
    const attempt = { userId, challengeId: challenge.id, address };
    await deps.secondFactorThrottle.admit(c, {
      ...attempt,
      ...(body.deviceToken ? { deviceToken: body.deviceToken } : {}),
    });
    const result = await completeTwoFactorLogin(
      deps,
      executor(c, deps),
      userId,
      body,
      auditRequest(c, deps),
      reach,
    );
    await deps.secondFactorThrottle.succeeded(attempt);
    const deviceToken = await deps.loginThrottle.succeeded({
      account: normalizeEmail(result.user.email),
      address,
      userId,
    });
    return c.json({ user: publicUser(result.user), tokens: result.tokens, deviceToken }, 200);
  });

  app.openapi(verifyEmail, async (c) => {
    await verifyAddress(deps, executor(c, deps), c.req.valid('json').token);
    return c.body(null, 204);
  });

  // The answer leaves before the account is even looked up: known and unknown emails take the
  // same time and get the same answer. (A crash in between loses one request; the user asks
  // again.) Each account gets a few links an hour, each address the registration budget.
  app.openapi(passwordReset, async (c) => {
    await limits.consume(
      c,
      limits.registerPerIp,
      clientNetwork(c.req.raw, c.env, deps.clientIpHeader),
    );
    const account = normalizeEmail(c.req.valid('json').email);
    void requestPasswordReset(deps, executor(c, deps), account).catch((err) =>
      c
        .get('baseLogger')
        .warn({ err, requestId: c.get('requestId') }, 'password reset not recorded'),
    );
    return c.body(null, 202);
  });

  app.openapi(passwordResetConfirm, async (c) => {
    await confirmPasswordReset(deps, executor(c, deps), c.req.valid('json'), auditRequest(c, deps));
    return c.body(null, 204);
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
