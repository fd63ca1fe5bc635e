export { type Cipher, createCipher, DecryptionError, type EncryptionKey } from './cipher';
export { encryptedColumns } from './columns';
export { rotateEncryption } from './rotate';
