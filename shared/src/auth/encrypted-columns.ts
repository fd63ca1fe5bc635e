import type { EncryptedColumn } from '../encryption';
import { oidcProviderSecretColumns } from '../tenancy/oidc-providers';
import { webhookSecretColumns } from '../webhooks/endpoints';
import { replaceTotpSecret, totpSecretsNotUnder } from './users';

/**
 * Every column whose values are encrypted at rest, declared once: rotation walks this list, so
 * a new secret column is covered by adding it here (and encrypting with its context).
 */
export const encryptedColumns: readonly [EncryptedColumn, ...EncryptedColumn[]] = [
  {
    name: 'users.totp_secret',
    context: (id) => `users.totp_secret:${id}`,
    notUnder: totpSecretsNotUnder,
    replace: replaceTotpSecret,
  },
  ...webhookSecretColumns,
  ...oidcProviderSecretColumns,
];
