import { createOidcClient, createOidcFlows } from '@insightdesk/shared/auth';
import type { EventCatalog } from '@insightdesk/shared/events';
import type { Logger } from '@insightdesk/shared/logger';
import { parseNetworks, systemResolver } from '@insightdesk/shared/net';
import type { ApiModule } from '@insightdesk/shared/product';
import type { Redis } from '@insightdesk/shared/valkey';
import { webhookEventTypes } from '@insightdesk/shared/webhooks';
import type { ApiConfig, ApiDeps } from './deps';
import { adminRoutes } from './routes/admin';
import { accountAuditRoutes, auditRoutes, operatorAuditRoutes } from './routes/audit';
import { authRoutes } from './routes/auth';
import { domainRoutes } from './routes/domains';
import { featureFlagRoutes } from './routes/feature-flags';
import { featureRoutes } from './routes/features';
import { fileRoutes } from './routes/files';
import { identityRoutes } from './routes/identities';
import { invitationRoutes } from './routes/invitations';
import { meRoutes } from './routes/me';
import { oidcRoutes } from './routes/oidc';
import { orgRoutes } from './routes/orgs';
import { queueControlRoutes } from './routes/queue-control';
import { ssoSettingsRoutes } from './routes/sso-settings';
import { webhookRoutes } from './routes/webhooks';

/** One of the platform's modules, in the api: its routers by prefix of the layout (app.ts). */
export type PlatformApiModule = ApiModule<ApiDeps>;

/** Accounts: registration, login, tokens (`/auth`), the signed-in user (`/me`). */
const accountsApi: PlatformApiModule = {
  name: 'accounts',
  routes: (deps) => ({ '/v1/auth': [authRoutes(deps)], '/v1/me': [meRoutes(deps)] }),
};

/**
 * Tenancy: invitations, organizations and their members, and what an organization sets for its
 * sign-in (SSO settings, proven domains: tenancy's tables).
 */
const tenancyApi: PlatformApiModule = {
  name: 'tenancy',
  routes: (deps) => ({
    '/v1/invitations': [invitationRoutes(deps)],
    '/v1/orgs': [orgRoutes(deps), ssoSettingsRoutes(deps), domainRoutes(deps)],
  }),
};

/** Feature flags: what is on for a user, and the operators' overrides. */
const featuresApi: PlatformApiModule = {
  name: 'features',
  routes: (deps) => ({
    '/v1/features': [featureRoutes(deps)],
    '/v1/admin': [featureFlagRoutes(deps)],
  }),
};

/** Queues: the operators' controls and dashboard. */
const queuesApi: PlatformApiModule = {
  name: 'queues',
  routes: (deps) => ({ '/v1/admin': [queueControlRoutes(deps)], '/admin': [adminRoutes(deps)] }),
};

/** What the webhooks' routes need: the deployment's event types, the secrets' grace, the URL guard. */
export const webhooksDeps = (config: ApiConfig, events: EventCatalog): ApiDeps['webhooks'] => ({
  eventTypes: webhookEventTypes(events),
  secretGraceSeconds: config.webhooks.secretGraceSeconds,
  allowedNetworks: parseNetworks(config.webhooks.allowedNetworks, 'WEBHOOK_ALLOWED_NETWORKS'),
  allowedPorts: config.webhooks.allowedPorts,
});

const webhooksApi: PlatformApiModule = {
  name: 'webhooks',
  routes: (deps) => ({ '/v1/orgs/:orgId/webhooks': [webhookRoutes(deps)] }),
};

/** The audit log: an account's, an organization's, the operators'. */
const auditApi: PlatformApiModule = {
  name: 'audit',
  routes: (deps) => ({
    '/v1/me': [accountAuditRoutes(deps)],
    '/v1/admin': [operatorAuditRoutes(deps)],
    '/v1/orgs': [auditRoutes(deps)],
  }),
};

/** What sign-in with OpenID Connect needs: its client, its flows' state, the providers, DNS. */
export function ssoDeps(config: ApiConfig, valkey: Redis, logger: Logger): ApiDeps['oidc'] {
  return {
    client: createOidcClient({
      httpTimeoutMs: config.oidc.httpTimeoutMs,
      jwksCooldownSeconds: config.oidc.jwksCooldownSeconds,
      allowHttp: !config.app.isStrict,
      guard: {
        allowedNetworks: parseNetworks(config.oidc.allowedNetworks, 'OIDC_ALLOWED_NETWORKS'),
        allowedPorts: [],
      },
      logger,
    }),
    flows: createOidcFlows(valkey),
    deploymentProviders: config.oidc.providers,
    allowHttp: !config.app.isStrict,
    redirectUri: new URL('/api/v1/auth/oidc/callback', config.app.publicUrl).href,
    appCallbackUrl:
      config.oidc.appCallbackUrl ?? new URL('/sso/callback', config.app.publicUrl).href,
    resolver: systemResolver(config.oidc.dnsRecordsFile),
  };
}

/** Sign-in with OpenID Connect, and an account's linked identities. */
const ssoApi: PlatformApiModule = {
  name: 'sso',
  routes: (deps) => ({
    '/v1/auth/oidc': [oidcRoutes(deps)],
    '/v1/me': [identityRoutes(deps)],
  }),
};

/** Stored files, behind their signed URLs. */
const storageApi: PlatformApiModule = {
  name: 'storage',
  routes: (deps) => ({ '/v1/files': [fileRoutes(deps)] }),
};

/**
 * The platform's modules with routes, in order: under one prefix their routers are mounted in
 * this order (and the document lists their operations so), the product's last.
 */
export const platformApiModules: readonly PlatformApiModule[] = [
  accountsApi,
  tenancyApi,
  featuresApi,
  queuesApi,
  webhooksApi,
  auditApi,
  ssoApi,
  storageApi,
];
