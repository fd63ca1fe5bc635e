import { defineConfigGroup } from '../define';
import { keyRing } from '../variables';

/** 32-byte keys in base64; the first encrypts, all decrypt. */
const encryptionKeys = keyRing(
  (kid, text) => ({ kid, key: new Uint8Array(Buffer.from(text, 'base64')) }),
  (k) => k.key.length === 32,
  'kid:base64key pairs (kid 1-32 of [A-Za-z0-9_-], a 32-byte key in base64)',
);

export const encryptionConfig = defineConfigGroup({
  env: {
    ENCRYPTION_KEYS: encryptionKeys.describe(
      'keys for secrets stored in the database (AES-256-GCM), kid:base64key[,kid:base64key…]; the first encrypts, all decrypt; `bun run encryption:rotate` re-encrypts under the first (make one: openssl rand -base64 32)',
    ),
  },
  secrets: ['ENCRYPTION_KEYS'],
  devDefaults: { ENCRYPTION_KEYS: 'dev-1:aW5zaWdodGRlc2stZGV2ZWxvcG1lbnQta2V5LW9ubHk=' },
  map: (e) => ({ keys: e.ENCRYPTION_KEYS }),
});
