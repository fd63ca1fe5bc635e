import { z } from '@hono/zod-openapi';
import {
  type ApiEnv,
  accountAccess,
  auditedBy,
  bearer,
  budgetedRoute,
  createRouter,
  executor,
  json,
  jsonBody,
  problems,
  requireFeature,
} from '@insightdesk/shared/api';
import {
  findUserById,
  publicUser,
  RECOVERY_CODES,
  twoFactor,
  type UserRow,
} from '@insightdesk/shared/auth';
import type { Executor } from '@insightdesk/shared/db';
import { ConflictError, ForbiddenError, UnauthorizedError } from '@insightdesk/shared/errors';
import { accountSchema, organizationSchema, role } from '@insightdesk/shared/shapes';
import { membershipsOfUser } from '@insightdesk/shared/tenancy';
import type { Context } from 'hono';
import { accountAudit } from '../audited';
import { changePassword, endAllSessions } from '../commands/change-password';
import { resendVerification } from '../commands/verify-email';
import type { ApiDeps } from '../deps';
import { requireVerifiedEmail } from '../middleware/verified-email';
import { credentialCheckKey, currentPassword, requireCurrentPassword } from '../reauthentication';
import { password } from './auth';

/**
 * The document's bound on `/me`'s memberships (not a limit the API enforces: organizations are
 * joined by invitation and created under a daily quota, far below it).
 */
const MAX_MEMBERSHIPS = 1000;

const me = budgetedRoute({
  method: 'get',
  path: '/',
  operationId: 'getMe',
  tags: ['account'],
  summary: 'The current user and their memberships',
  security: bearer,
  responses: {
    200: json(
      z.object({
        user: accountSchema,
        memberships: z
          .array(z.object({ organization: organizationSchema, role }))
          .max(MAX_MEMBERSHIPS),
      }),
      'Who you are',
    ),
    ...problems(401),
  },
});

const code = z
  .string()
  .trim()
  .regex(/^\d{6}$/, 'A 6-digit code of your authenticator app.')
  .max(6);

const recoveryCodesSchema = z
  .object({
    recoveryCodes: z.array(z.string().max(32)).max(RECOVERY_CODES).openapi({
      description: 'single-use codes for when the app is lost; shown only now',
    }),
  })
  .openapi('RecoveryCodes');

/**
 * `/api/v1/me` (behind `authenticate`): the account, its password, sessions and second factor
 * (a product adds its own routes under `/me`).
 */
export function meRoutes(deps: ApiDeps) {
  const app = createRouter();
  const { limits } = deps;
  // What acts on the account itself: not for a session confined to an organization that does
  // not manage the account (403 step_up_required).
  const account = [accountAccess()];
  const twoFactorOn = [...account, requireFeature(deps.features, 'two-factor')];
  const twoFactorSetup = [...twoFactorOn, requireVerifiedEmail(deps)];
  const recordAccountAct = accountAudit(deps);

  async function currentUser(c: Context<ApiEnv>, db: Executor): Promise<UserRow> {
    const user = await findUserById(db, c.get('userId'));
    if (!user) throw new UnauthorizedError('invalid_token', 'The account no longer exists.');
    return user;
  }

  app.openapi(me, async (c) => {
    const db = executor(c, deps);
    const user = await currentUser(c, db);
    // A session confined to one organization sees that membership only.
    const { org } = c.get('claims').reach;
    const memberships = await membershipsOfUser(db, user.id);
    return c.json(
      {
        user: publicUser(user),
        memberships:
          org === null ? memberships : memberships.filter((m) => m.organization.id === org),
      },
      200,
    );
  });

  app.openapi(
    budgetedRoute({
      method: 'post',
      path: '/verify-email',
      operationId: 'resendVerificationEmail',
      tags: ['account'],
      summary: 'Mail the email-verification link again (a few times an hour)',
      security: bearer,
      middleware: account,
      responses: { 202: { description: 'On its way' }, ...problems(401, 403, 409) },
    }),
    async (c) => {
      const user = await currentUser(c, executor(c, deps));
      await resendVerification(deps, executor(c, deps), user, () =>
        limits.consume(c, limits.accountEmails, user.id),
      );
      return c.body(null, 202);
    },
  );

  app.openapi(
    budgetedRoute({
      method: 'post',
      path: '/password',
      operationId: 'changePassword',
      tags: ['account'],
      summary: 'Change your password; every other session ends',
      security: bearer,
      middleware: account,
      request: jsonBody(z.strictObject({ currentPassword, newPassword: password })),
      responses: { 204: { description: 'Changed' }, ...problems(401, 403) },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const userId = c.get('userId');
      await requireCurrentPassword(c, deps, body.currentPassword);
      await changePassword(deps, executor(c, deps), userId, {
        newPassword: body.newPassword,
        keep: c.get('claims').family ?? null,
        audit: auditedBy(c, deps),
      });
      await limits.reset(limits.credentialChecks, credentialCheckKey(c));
      return c.body(null, 204);
    },
  );

  app.openapi(
    budgetedRoute({
      method: 'delete',
      path: '/sessions',
      operationId: 'endAllSessions',
      tags: ['account'],
      summary: 'Log out everywhere: every session of the account ends, this one included',
      security: bearer,
      middleware: account,
      responses: { 204: { description: 'Every session ended' }, ...problems(401, 403) },
    }),
    async (c) => {
      await endAllSessions(deps, executor(c, deps), c.get('userId'), auditedBy(c, deps));
      return c.body(null, 204);
    },
  );

  app.openapi(
    budgetedRoute({
      method: 'post',
      path: '/2fa/setup',
      operationId: 'setUpTwoFactor',
      tags: ['account'],
      summary:
        'Start two-factor authentication: a new TOTP secret for your authenticator app (your current password required)',
      security: bearer,
      middleware: twoFactorSetup,
      request: jsonBody(z.strictObject({ currentPassword })),
      responses: {
        200: json(
          z.object({
            secret: z.string().max(64).openapi({ description: 'base32, for typing into the app' }),
            otpauthUrl: z
              .string()
              .max(512)
              .openapi({ description: 'otpauth:// URI, for a QR code' }),
          }),
          'The secret (confirm it with /me/2fa/enable)',
        ),
        ...problems(401, 403, 404, 409),
      },
    }),
    async (c) => {
      await requireCurrentPassword(c, deps, c.req.valid('json').currentPassword);
      const result = await twoFactor.setup(executor(c, deps), deps.cipher, c.get('userId'));
      if (result === 'already_enabled') {
        throw new ConflictError('two_factor_enabled', 'Two-factor authentication is already on.');
      }
      return c.json(result, 200);
    },
  );

  app.openapi(
    budgetedRoute({
      method: 'post',
      path: '/2fa/enable',
      operationId: 'enableTwoFactor',
      tags: ['account'],
      summary:
        'Turn two-factor authentication on with a code of the app and your current password; answers recovery codes',
      security: bearer,
      middleware: twoFactorSetup,
      request: jsonBody(z.strictObject({ code, currentPassword })),
      responses: {
        200: json(recoveryCodesSchema, 'On'),
        ...problems(401, 403, 404, 409),
      },
    }),
    async (c) => {
      const userId = c.get('userId');
      const body = c.req.valid('json');
      await requireCurrentPassword(c, deps, body.currentPassword);
      const result = await executor(c, deps).transaction(async (tx) => {
        const enabled = await twoFactor.enable(tx, deps.cipher, userId, body.code);
        if (Array.isArray(enabled))
          await recordAccountAct(tx, c, userId, 'auth.two-factor-enabled');
        return enabled;
      });
      if (result === 'no_setup')
        throw new ConflictError('two_factor_not_set_up', 'Call /me/2fa/setup first.');
      if (result === 'already_enabled')
        throw new ConflictError('two_factor_enabled', 'Two-factor authentication is already on.');
      if (result === 'invalid_code')
        throw new ForbiddenError('invalid_code', 'The code is wrong, expired or already used.');
      await limits.reset(limits.credentialChecks, credentialCheckKey(c));
      return c.json({ recoveryCodes: result }, 200);
    },
  );

  app.openapi(
    budgetedRoute({
      method: 'post',
      path: '/2fa/recovery-codes',
      operationId: 'regenerateRecoveryCodes',
      tags: ['account'],
      summary:
        'New recovery codes for a current code of the app (the old ones stop working; shown only now)',
      security: bearer,
      middleware: twoFactorOn,
      request: jsonBody(z.strictObject({ code })),
      responses: {
        200: json(recoveryCodesSchema, 'The new codes'),
        ...problems(401, 403, 404, 409),
      },
    }),
    async (c) => {
      const userId = c.get('userId');
      await limits.consume(c, limits.credentialChecks, credentialCheckKey(c));
      const result = await executor(c, deps).transaction(async (tx) => {
        const codes = await twoFactor.regenerateRecoveryCodes(
          tx,
          deps.cipher,
          userId,
          c.req.valid('json').code,
        );
        if (Array.isArray(codes))
          await recordAccountAct(tx, c, userId, 'auth.recovery-codes-regenerated');
        return codes;
      });
      if (result === 'not_enabled')
        throw new ConflictError('two_factor_disabled', 'Two-factor authentication is off.');
      if (result === 'invalid_code')
        throw new ForbiddenError('invalid_code', 'The code is wrong, expired or already used.');
      await limits.reset(limits.credentialChecks, credentialCheckKey(c));
      return c.json({ recoveryCodes: result }, 200);
    },
  );

  app.openapi(
    budgetedRoute({
      method: 'delete',
      path: '/2fa',
      operationId: 'disableTwoFactor',
      tags: ['account'],
      summary: 'Turn two-factor authentication off (a current code, or a recovery code)',
      security: bearer,
      middleware: twoFactorOn,
      request: jsonBody(
        z
          .strictObject({
            code: code.optional(),
            recoveryCode: z.string().trim().max(32).optional(),
          })
          .refine((b) => (b.code === undefined) !== (b.recoveryCode === undefined), {
            message: 'Send either code or recoveryCode.',
          }),
      ),
      responses: { 204: { description: 'Off' }, ...problems(401, 403, 404) },
    }),
    async (c) => {
      const userId = c.get('userId');
      await limits.consume(c, limits.credentialChecks, credentialCheckKey(c));
      const done = await executor(c, deps).transaction(async (tx) => {
        if (!(await twoFactor.verify(tx, deps.cipher, userId, c.req.valid('json')))) return false;
        await twoFactor.disable(tx, userId);
        await recordAccountAct(tx, c, userId, 'auth.two-factor-disabled', {
          with: c.req.valid('json').code === undefined ? 'recovery code' : 'code',
        });
        return true;
      });
      if (!done)
        throw new ForbiddenError('invalid_code', 'The code is wrong, expired or already used.');
      await limits.reset(limits.credentialChecks, credentialCheckKey(c));
      return c.body(null, 204);
    },
  );

  return app;
}
