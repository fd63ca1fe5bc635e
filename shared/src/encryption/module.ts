import { encryptionConfig } from '../config/groups';

/** Envelope encryption of secrets at rest: its keys (each encrypted column is its owner's). */
export const encryptionModule = {
  name: 'encryption',
  config: { encryption: encryptionConfig },
} as const;
