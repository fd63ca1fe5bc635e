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
import {
  endLinksOfProvider,
  newClientKey,
  revokeConfinedSessions,
  VOUCHED_DOMAIN,
} from '@insightdesk/shared/auth';
import { NotFoundError, ValidationError } from '@insightdesk/shared/errors';
import { ROLE_NAME, timestamp } from '@insightdesk/shared/shapes';
import {
  CLIENT_AUTH_METHODS,
  deleteSsoSettings,
  getSsoSettings,
  hasClientKey,
  lockedIssuerOf,
  provenDomainsOf,
  putSsoSettings,
  type RoleLadder,
} from '@insightdesk/shared/tenancy';
import type { ApiDeps } from '../deps';
import { credentialCheckKey, currentPassword, requireCurrentPassword } from '../reauthentication';

const publicJwk = z
  .record(z.string().max(64), z.string().max(1024))
  .openapi({ description: 'a public JWK (RFC 7517)' });

const ssoSettings = z
  .object({
    issuer: z.string().max(512),
    clientId: z.string().max(512),
    clientAuth: z.enum(CLIENT_AUTH_METHODS),
    clientSecretSet: z.boolean().openapi({ description: 'a secret is stored (never shown)' }),
    clientJwks: z
      .object({ keys: z.array(publicJwk).max(4) })
      .nullable()
      .openapi({
        description:
          'private_key_jwt: the key set to register with the provider (also served at /api/v1/auth/oidc/{orgId}/jwks)',
      }),
    vouchedDomains: z.array(z.string().max(253)).max(50),
    jitRole: z.string().regex(ROLE_NAME).max(32).nullable(),
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

/** What an owner sets; `roles`: the deployment's (the provisioning role is any but owner). */
const settingsBody = (roles: RoleLadder) =>
  z.strictObject({
    currentPassword,
    issuer,
    clientId: z.string().trim().min(1).max(512),
    clientAuth: z.enum(CLIENT_AUTH_METHODS).default('client_secret_basic').openapi({
      description:
        'how the client authenticates at the token endpoint; private_key_jwt: a key pair is made here, register its public key set (clientJwks) with the provider',
    }),
    clientSecret: z.string().min(1).max(2048).optional().openapi({
      description:
        'client_secret_basic and client_secret_post: required the first time; left out, the stored one is kept',
    }),
    vouchedDomains: z
      .array(z.string().max(253).regex(VOUCHED_DOMAIN, 'a lower-case domain such as example.com'))
      .max(50)
      .default([])
      .openapi({
        description:
          'domains the provider vouches for: each one proven by this organization (POST …/domains, then …/verify)',
      }),
    jitRole: z
      .enum(roles.names.filter((name) => name !== 'owner') as [string, ...string[]])
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
  // "SSO required" does not gate these: an owner whose provider is down or misconfigured signs
  // in with their password and fixes or removes it (with the current password). Admins read the
  // settings; only owners change who may sign in as the organization's members.
  const feature = requireFeature(deps.features, 'oauth');
  const readGuard = [orgAccess(deps.memberships, 'admin', { ssoRequired: 'exempt' }), feature];
  const guard = [orgAccess(deps.memberships, 'owner', { ssoRequired: 'exempt' }), feature];

  app.openapi(
    protectedRoute({
      method: 'get',
      path: '/{orgId}/sso',
      operationId: 'getSsoSettings',
      tags: ['organizations'],
      summary: "The organization's sign-in provider (admins; the client secret is never shown)",
      security: bearer,
      middleware: readGuard,
      request: { params: orgParams },
      responses: { 200: json(ssoSettings, 'The settings'), ...problems(401, 403, 404) },
    }),
    async (c) => {
      const settings = await getSsoSettings(executor(c, deps), deps.cipher, scopeOf(c));
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
        "Set the organization's sign-in provider: issuer, client, vouched domains, provisioning role, SSO required (owners; current password); a new issuer ends the old one's links and sessions",
      security: bearer,
      middleware: guard,
      request: { params: orgParams, ...jsonBody(settingsBody(deps.memberships.roles)) },
      responses: { 200: json(ssoSettings, 'Saved'), ...problems(401, 403, 404) },
    }),
    async (c) => {
      const body = c.req.valid('json');
      if (!deps.oidc.allowHttp && !body.issuer.startsWith('https://')) {
        throw new ValidationError([{ path: 'issuer', message: 'An issuer is an https URL.' }]);
      }
      await requireCurrentPassword(c, deps, body.currentPassword);
      await deps.limits.reset(deps.limits.credentialChecks, credentialCheckKey(c));
      // An admin's URL, fetched by our servers: vetted like a webhook's (SSRF), then read.
      const problem = await deps.oidc.client.issuerProblem(body.issuer);
      if (problem) {
        throw new ValidationError([
          { path: 'issuer', message: `This issuer cannot be used: ${problem}.` },
        ]);
      }
      const { currentPassword: _, ...input } = body;
      const scope = scopeOf(c);
      const db = executor(c, deps);
      const vouchedDomains = [...new Set(input.vouchedDomains)];
      const proven = new Set(await provenDomainsOf(db, scope.orgId));
      const unproven = vouchedDomains.flatMap((domain, i) =>
        proven.has(domain)
          ? []
          : [
              {
                path: `vouchedDomains.${i}`,
                message: `${domain} is not a domain this organization proved: claim it (POST …/domains) and verify its DNS record first.`,
              },
            ],
      );
      if (unproven.length > 0) throw new ValidationError(unproven);
      // private_key_jwt: a key pair made here, once (its public half is registered at the
      // provider; the private half never leaves the server).
      const clientKey =
        input.clientAuth === 'private_key_jwt' && !(await hasClientKey(db, scope.orgId))
          ? await newClientKey()
          : undefined;
      const { saved, ended } = await db.transaction(async (tx) => {
        // Another issuer: the old one's links end, and the sessions it started (a provider
        // replaced is one no longer trusted to speak for anyone here).
        const previous = await lockedIssuerOf(tx, scope.orgId);
        const replaced = previous !== null && previous !== input.issuer;
        const linksEnded = replaced ? await endLinksOfProvider(tx, scope.orgId, previous) : 0;
        const ended = replaced ? await revokeConfinedSessions(tx, scope.orgId, 'all') : [];
        const stored = await putSsoSettings(tx, deps.cipher, scope, {
          ...input,
          clientKey,
          vouchedDomains,
        });
        if (!stored) {
          throw new ValidationError([
            {
              path: 'clientSecret',
              message: `Required to set up a provider with ${input.clientAuth}.`,
            },
          ]);
        }
        const { clientSecretSet: _set, clientJwks: _jwks, updatedAt: _at, ...settings } = stored;
        // What the settings are now, and whether the secret was replaced (never the secret).
        await recordAudit(tx, {
          organizationId: scope.orgId,
          ...auditedBy(c, deps),
          action: 'sso.settings-changed',
          target: { type: 'organization', id: scope.orgId },
          change: {
            ...settings,
            clientSecretReplaced: input.clientSecret !== undefined,
            ...(replaced ? { linksEnded, sessionsEnded: ended.length } : {}),
          },
        });
        return { saved: stored, ended };
      });
      await deps.memberships.forgetSsoRequired(scope.orgId);
      for (const session of ended) await deps.sessionGuard.announce(session);
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
        "Remove the organization's sign-in provider (owners; current password): its links and the sessions it started end",
      security: bearer,
      middleware: guard,
      request: { params: orgParams, ...jsonBody(z.strictObject({ currentPassword })) },
      responses: { 204: { description: 'Removed' }, ...problems(401, 403, 404) },
    }),
    async (c) => {
      await requireCurrentPassword(c, deps, c.req.valid('json').currentPassword);
      await deps.limits.reset(deps.limits.credentialChecks, credentialCheckKey(c));
      const scope = scopeOf(c);
      const ended = await executor(c, deps).transaction(async (tx) => {
        const issuer = await deleteSsoSettings(tx, scope);
        if (issuer === null) throw notConfigured();
        // Its links and the sessions it started end with it.
        const linksEnded = await endLinksOfProvider(tx, scope.orgId, issuer);
        const sessions = await revokeConfinedSessions(tx, scope.orgId, 'all');
        await recordAudit(tx, {
          organizationId: scope.orgId,
          ...auditedBy(c, deps),
          action: 'sso.settings-removed',
          target: { type: 'organization', id: scope.orgId },
          change: { linksEnded, sessionsEnded: sessions.length },
        });
        return sessions;
      });
      await deps.memberships.forgetSsoRequired(scope.orgId);
      for (const session of ended) await deps.sessionGuard.announce(session);
      return c.body(null, 204);
    },
  );

  return app;
}
