// `bun run encryption:rotate` (or the image's `rotate-keys` command): re-encrypts every value
// stored under an older key with the first key of ENCRYPTION_KEYS, in every encrypted column a
// module declares (each table's owner declares its own, its module lists it: `encryptedColumns`).
// Safe to run while the services run, and to run again.

import { recordAudit } from '@insightdesk/shared/audit';
import { ConfigError, dbConfig, encryptionConfig, loadConfig } from '@insightdesk/shared/config';
import { createDatabase } from '@insightdesk/shared/db';
import { createCipher, rotateEncryption } from '@insightdesk/shared/encryption';
import { createLogger } from '@insightdesk/shared/logger';
import { deploymentCatalog } from '@insightdesk/shared/product';
import { product } from './product';

/** Every column whose values are encrypted at rest: each module's, in the modules' order. */
const { encryptedColumns } = deploymentCatalog(product.catalog);

let config: ReturnType<
  typeof loadConfig<{ db: typeof dbConfig; encryption: typeof encryptionConfig }>
>;
try {
  config = loadConfig({ db: dbConfig, encryption: encryptionConfig });
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(`rotate-keys: ${err.message}`);
    process.exit(1);
  }
  throw err;
}
const logger = createLogger({
  service: 'rotate-keys',
  instance: 'rotate-keys',
  level: 'warn',
  format: 'json',
});
const database = createDatabase({
  ...config.db,
  poolMax: 2,
  applicationName: 'rotate-keys',
  logger,
});
try {
  const cipher = createCipher(config.encryption.keys);
  const rotated = await rotateEncryption(database.db, cipher, encryptedColumns);
  const total = Object.values(rotated).reduce((a, b) => a + b, 0);
  await recordAudit(database.db, {
    organizationId: null,
    actor: { type: 'system' },
    action: 'encryption.keys-rotated',
    target: { type: 'encryption-key', id: cipher.currentKid },
    change: { reEncrypted: rotated },
  });
  console.log(
    `rotate-keys: ${total} value${total === 1 ? '' : 's'} re-encrypted under "${cipher.currentKid}" (${Object.entries(
      rotated,
    )
      .map(([column, n]) => `${column}: ${n}`)
      .join(', ')})`,
  );
} finally {
  await database.close();
}
