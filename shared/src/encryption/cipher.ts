import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** One key of ENCRYPTION_KEYS: an id stored with every value, and 32 bytes for AES-256. */
export interface EncryptionKey {
  readonly kid: string;
  readonly key: Uint8Array;
}

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class DecryptionError extends Error {
  constructor(reason: string) {
    super(`cannot decrypt: ${reason}`);
    this.name = 'DecryptionError';
  }
}

export interface Cipher {
  /** The id of the key that encrypts (the first configured). */
  readonly currentKid: string;
  /**
   * AES-256-GCM under the current key. `context` (which row and column the value belongs to) is
   * authenticated, not stored: a value copied to another row does not decrypt there.
   */
  encrypt(plaintext: string, context: string): string;
  decrypt(envelope: string, context: string): string;
  /** The key id a stored value was encrypted under. */
  kidOf(envelope: string): string | undefined;
}

/**
 * Values are stored as `v1.<kid>.<iv>.<ciphertext>.<tag>` (base64url): the key id travels with
 * the value, so every configured key decrypts and the first one encrypts; rotation re-encrypts
 * whatever is not under the first key yet (rotate.ts).
 */
export function createCipher(keys: readonly EncryptionKey[]): Cipher {
  const [current] = keys;
  if (!current) throw new Error('no encryption key configured');
  const byKid = new Map(keys.map((k) => [k.kid, k.key]));
  const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');

  return {
    currentKid: current.kid,
    encrypt(plaintext, context) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', current.key, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(Buffer.from(context));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [VERSION, current.kid, b64(iv), b64(body), b64(cipher.getAuthTag())].join('.');
    },
    decrypt(envelope, context) {
      const [version, kid = '', iv, body, tag, extra] = envelope.split('.');
      if (version !== VERSION || !iv || body === undefined || !tag || extra !== undefined)
        throw new DecryptionError('not an encrypted value');
      const key = byKid.get(kid);
      if (!key) throw new DecryptionError(`unknown key "${kid}"`);
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'), {
          authTagLength: TAG_BYTES,
        });
        decipher.setAAD(Buffer.from(context));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([
          decipher.update(Buffer.from(body, 'base64url')),
          decipher.final(),
        ]).toString('utf8');
      } catch {
        throw new DecryptionError('authentication failed');
      }
    },
    kidOf(envelope) {
      const [version, kid] = envelope.split('.');
      return version === VERSION ? kid : undefined;
    },
  };
}
