import { oidcConfig } from '../auth/oidc/config';
import { oidcProviderSecretColumns } from './oidc-providers';

/**
 * Sign-in with OpenID Connect (docs/sso.md): its configuration, the providers' client secrets
 * (encrypted), and the look at proven domains' DNS records again, hourly.
 */
export const ssoModule = {
  name: 'sso',
  config: { oidc: oidcConfig },
  schedules: [
    { id: 'recheck-domains', job: 'recheck-domains', every: 60 * 60_000, since: '1.1.0-dev' },
  ],
  encryptedColumns: oidcProviderSecretColumns,
} as const;
