export { type Cipher, createCipher, DecryptionError, type EncryptionKey } from './cipher';
export type { EncryptedColumn } from './columns';
export { rotateEncryption } from './rotate';
