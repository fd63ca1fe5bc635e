import { z } from '@hono/zod-openapi';
import {
  auditedBy,
  bearer,
  createRouter,
  executor,
  json,
  jsonBody,
  orgAccess,
  orgParams,
  problems,
  protectedRoute,
  requireFeature,
  scopeOf,
} from '@insightdesk/shared/api';
import { recordAudit } from '@insightdesk/shared/audit';
import { VOUCHED_DOMAIN } from '@insightdesk/shared/auth';
import { NotFoundError, ValidationError } from '@insightdesk/shared/errors';
import { role, timestamp } from '@insightdesk/shared/shapes';
import { deleteSsoSettings, getSsoSettings, putSsoSettings } from '@insightdesk/shared/tenancy';
import type { ApiDeps } from '../deps';
import { credentialCheckKey, currentPassword, requireCurrentPassword } from '../reauthentication';

const ssoSettings = z
  .object({
    issuer: z.string().max(512),
    clientId: z.string().max(512),
    clientSecretSet: z.literal(true).openapi({ description: 'the secret is stored, never shown' }),
    vouchedDomains: z.array(z.string().max(253)).max(50),
    jitRole: role.nullable(),
    ssoRequired: z.boolean(),
    updatedAt: timestamp(),
  })
  .openapi('SsoSettings');

const issuer = z
  .url({ protocol: /^https?$/ })
  .max(512)
  .refine((u) => {
    const url = new URL(u);
    return !url.username && !url.password && !url.search && !url.hash;
  }, 'An issuer URL has no credentials, query or fragment.')
  .openapi({ description: "the provider's issuer (its discovery document is under it)" });

const settingsBody = z.strictObject({
  currentPassword,
  issuer,
  clientId: z.string().trim().min(1).max(512),
  clientSecret: z
    .string()
    .min(1)
    .max(2048)
    .optional()
    .openapi({ description: 'required the first time; left out, the stored one is kept' }),
  vouchedDomains: z
    .array(z.string().max(253).regex(VOUCHED_DOMAIN, 'a lower-case domain such as example.com'))
    .max(50)
    .default([]),
  jitRole: z
    .enum(['admin', 'agent', 'requester'])
    .nullable()
    .default(null)
    .openapi({ description: 'the role of people provisioned on first sign-in; null: nobody is' }),
  ssoRequired: z.boolean().default(false),
});

const notConfigured = () =>
  new NotFoundError('sso_not_configured', 'This organization has no sign-in provider.');

/**
 * `/api/v1/orgs/{orgId}/sso`: the organization's OpenID provider, for its admins (404 while the
 * `oauth` flag is off). Changing or removing it takes the current password
 * (re-authentication): it decides who can sign in as the organization's members.
 */
export function ssoSettingsRoutes(deps: ApiDeps) {
  const app = createRouter();
  const guard = [orgAccess(deps.memberships, 'admin'), requireFeature(deps.features, 'oauth')];

  app.openapi(
    protectedRoute({
      method: 'get',
      path: '/{orgId}/sso',
      operationId: 'getSsoSettings',
      tags: ['organizations'],
      summary: "The organization's sign-in provider (admins; the client secret is never shown)",
      security: bearer,
      middleware: guard,
      request: { params: orgParams },
      responses: { 200: json(ssoSettings, 'The settings'), ...problems(401, 403, 404) },
    }),
    async (c) => {
      const settings = await getSsoSettings(executor(c, deps), scopeOf(c));
      if (!settings) throw notConfigured();
      return c.json(settings, 200);
    },
  );

  app.openapi(
    protectedRoute({
      method: 'put',
      path: '/{orgId}/sso',
      operationId: 'putSsoSettings',
      tags: ['organizations'],
      summary:
        "Set the organization's sign-in provider: issuer, client, vouched domains, provisioning role, SSO required (admins; current password)",
      security: bearer,
      middleware: guard,
      request: { params: orgParams, ...jsonBody(settingsBody) },
      responses: { 200: json(ssoSettings, 'Saved'), ...problems(401, 403, 404) },
    }),
    async (c) => {
      const body = c.req.valid('json');
      if (!deps.oidc.allowHttp && !body.issuer.startsWith('https://')) {
        throw new ValidationError([{ path: 'issuer', message: 'An issuer is an https URL.' }]);
      }
      await requireCurrentPassword(c, deps, body.currentPassword);
      await deps.limits.reset(deps.limits.credentialChecks, credentialCheckKey(c));
      const { currentPassword: _, ...input } = body;
      const scope = scopeOf(c);
      const saved = await executor(c, deps).transaction(async (tx) => {
        const stored = await putSsoSettings(tx, deps.cipher, scope, {
          ...input,
          vouchedDomains: [...new Set(input.vouchedDomains)],
        });
        if (!stored) {
          throw new ValidationError([
            { path: 'clientSecret', message: 'Required to set up a provider.' },
          ]);
        }
        const { clientSecretSet: _set, updatedAt: _at, ...settings } = stored;
        // What the settings are now, and whether the secret was replaced (never the secret).
        await recordAudit(tx, {
          organizationId: scope.orgId,
          ...auditedBy(c, deps),
          action: 'sso.settings-changed',
          target: { type: 'organization', id: scope.orgId },
          change: { ...settings, clientSecretReplaced: input.clientSecret !== undefined },
        });
        return stored;
      });
      return c.json(saved, 200);
    },
  );

  app.openapi(
    protectedRoute({
      method: 'post',
      path: '/{orgId}/sso/remove',
      operationId: 'removeSsoSettings',
      tags: ['organizations'],
      summary:
        "Remove the organization's sign-in provider (admins; current password): members sign in with passwords again",
      security: bearer,
      middleware: guard,
      request: { params: orgParams, ...jsonBody(z.strictObject({ currentPassword })) },
      responses: { 204: { description: 'Removed' }, ...problems(401, 403, 404) },
    }),
    async (c) => {
      await requireCurrentPassword(c, deps, c.req.valid('json').currentPassword);
      await deps.limits.reset(deps.limits.credentialChecks, credentialCheckKey(c));
      const scope = scopeOf(c);
      await executor(c, deps).transaction(async (tx) => {
        if (!(await deleteSsoSettings(tx, scope))) throw notConfigured();
        await recordAudit(tx, {
          organizationId: scope.orgId,
          ...auditedBy(c, deps),
          action: 'sso.settings-removed',
          target: { type: 'organization', id: scope.orgId },
        });
      });
      return c.body(null, 204);
    },
  );

  return app;
}
