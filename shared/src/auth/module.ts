import { authConfig } from '../config/groups';
import { accountEvents } from './events';
import { totpSecretColumn } from './users';

/** Accounts, sessions, second factors: their configuration, events and TOTP secrets (encrypted). */
export const accountsModule = {
  name: 'accounts',
  config: { auth: authConfig },
  events: accountEvents,
  encryptedColumns: [totpSecretColumn],
} as const;
