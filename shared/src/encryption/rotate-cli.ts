// `bun run encryption:rotate` (or the image's `rotate-keys` command): re-encrypts every value
// stored under an older key with the first key of ENCRYPTION_KEYS. Safe to run while the
// services run, and to run again.
import { ConfigError, dbConfig, encryptionConfig, loadConfig } from '../config';
import { createDatabase } from '../db';
import { createLogger } from '../logger';
import { createCipher } from './cipher';
import { rotateEncryption } from './rotate';

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
  const rotated = await rotateEncryption(database.db, cipher);
  const total = Object.values(rotated).reduce((a, b) => a + b, 0);
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
