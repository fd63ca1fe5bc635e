import type { RouteDeps } from '@insightdesk/shared/api';
import {
  type LoginChallenges,
  type OidcClient,
  type OidcFlows,
  oidcConfig,
  type PasswordHasher,
  type Sessions,
} from '@insightdesk/shared/auth';
import {
  auditConfig,
  authConfig,
  dbConfig,
  encryptionConfig,
  httpConfig,
  platformConfig,
  rateLimitConfig,
  storageConfig,
  valkeyConfig,
} from '@insightdesk/shared/config';
import type { Executor } from '@insightdesk/shared/db';
import type { Cipher } from '@insightdesk/shared/encryption';
import type { DnsResolver, Network } from '@insightdesk/shared/net';
import type { ApiProduct, FileMeta } from '@insightdesk/shared/product';
import type { QueueHandle } from '@insightdesk/shared/queues';
import type { ServiceKit } from '@insightdesk/shared/service';
import type { LocalFiles } from '@insightdesk/shared/storage';
import { webhookConfig } from '@insightdesk/shared/webhooks';
import type { LoginThrottle } from './login-throttle';
import type { SecondFactorThrottle } from './second-factor-throttle';

/** The api's config groups (with the deployment's flags: `features`, main.ts). */
export const apiGroups = {
  http: httpConfig,
  db: dbConfig,
  audit: auditConfig,
  valkey: valkeyConfig,
  auth: authConfig,
  encryption: encryptionConfig,
  rateLimit: rateLimitConfig,
  storage: storageConfig,
  platform: platformConfig,
  webhooks: webhookConfig,
  oidc: oidcConfig,
};

export type ApiConfig = ServiceKit<typeof apiGroups>['config'];

/**
 * Everything the api's own routes and commands need, built once in main.ts and handed down: what
 * any route may use (`RouteDeps`, a product's too) and what only the platform's routes use.
 */
export interface ApiDeps extends RouteDeps {
  readonly passwords: PasswordHasher;
  readonly sessions: Sessions;
  /** Encryption of secrets at rest (TOTP secrets). */
  readonly cipher: Cipher;
  readonly loginChallenges: LoginChallenges;
  readonly loginThrottle: LoginThrottle;
  readonly secondFactorThrottle: SecondFactorThrottle;
  /** `secret` signs every mailed link: invitations, email verification, password reset. */
  readonly invitations: { readonly secret: string; readonly ttlHours: number };
  /** The local driver's URL verifier and paths (it is the api that serves those files). */
  readonly localFiles?: LocalFiles;
  /** What a stored file is (the product knows its own files). */
  readonly fileMeta: (db: Executor, key: string) => Promise<FileMeta | null>;
  /** What a member's removal means for the product's data, in the removal's transaction. */
  readonly membershipEnded: ApiProduct['membershipEnded'];
  /** Producers' handles for the dashboard and the health report. */
  readonly queues: readonly QueueHandle[];
  readonly platformAdmins: readonly string[];
  readonly webhooks: {
    /** The deployment's webhook event types (shared/src/webhooks/event-types.ts). */
    readonly eventTypes: readonly string[];
    readonly secretGraceSeconds: number;
    /** What a URL may name at registration (an address literal, a port): see `registrationProblem`. */
    readonly allowedNetworks: readonly Network[];
    readonly allowedPorts: readonly number[];
  };
  /** Sign-in with OpenID Connect (the `oauth` flag; docs/sso.md). */
  readonly oidc: {
    readonly client: OidcClient;
    readonly flows: OidcFlows;
    readonly deploymentProviders: ApiConfig['oidc']['providers'];
    /** Our callback, registered with every provider: PUBLIC_URL/api/v1/auth/oidc/callback. */
    readonly redirectUri: string;
    /** Where the callback sends the browser, with #code=… */
    readonly appCallbackUrl: string;
    /** Development and test: plain-http issuers (a provider on loopback). */
    readonly allowHttp: boolean;
    /** The system's DNS, where domains' proof records are read (OIDC_DNS_RECORDS_FILE first). */
    readonly resolver: DnsResolver;
  };
}
