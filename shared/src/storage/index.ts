import type { ConfigOf, storageConfig } from '../config';
import { createCloudinaryStorage } from './cloudinary';
import { createLocalStorage } from './local';
import { createS3Storage } from './s3';
import type { Storage } from './types';

// The Azure driver is loaded only where it is configured (its SDK costs ~40 ms of every start):
// `@insightdesk/shared/storage/azure`.
export type { AzureSettings } from './azure';
export { createCloudinaryStorage } from './cloudinary';
export { attachmentDisposition } from './disposition';
export { createLocalStorage, type LocalFiles } from './local';
export { createS3Storage, type S3Settings } from './s3';
export {
  purgeScratch,
  ScratchFileTooLarge,
  type ScratchWriter,
  type ScratchWriterOptions,
  scratchDir,
  scratchPath,
  scratchWriter,
} from './scratch';
export type { Storage } from './types';

export type StorageSettings = ConfigOf<{ storage: typeof storageConfig }>['storage'];

/**
 * The configured provider; the api also gets the local one's URL verifier (it serves its files).
 * A provider's SDK is loaded only when it is the one configured.
 */
export async function createStorage(
  settings: StorageSettings,
  publicUrl: string,
): Promise<{ storage: Storage; local: ReturnType<typeof createLocalStorage> | undefined }> {
  if (settings.driver === 'cloudinary') {
    if (!settings.cloudinaryUrl) throw new Error('STORAGE_DRIVER=cloudinary needs CLOUDINARY_URL');
    return {
      storage: createCloudinaryStorage(settings.cloudinaryUrl) as Storage,
      local: undefined,
    };
  }
  if (settings.driver === 's3') {
    if (!settings.s3) throw new Error('STORAGE_DRIVER=s3 needs S3_BUCKET and its keys');
    return { storage: createS3Storage(settings.s3), local: undefined };
  }
  if (settings.driver === 'azure') {
    if (!settings.azure)
      throw new Error('STORAGE_DRIVER=azure needs AZURE_STORAGE_ACCOUNT and its key');
    const { createAzureStorage } = await import('./azure');
    return { storage: createAzureStorage(settings.azure), local: undefined };
  }
  const local = createLocalStorage({
    dir: settings.dir,
    publicUrl,
    secret: settings.signingSecret,
  });
  return { storage: local as Storage, local };
}

/** Where an attachment's bytes and its thumbnail live. */
export const attachmentKey = (orgId: string, attachmentId: string) => `${orgId}/${attachmentId}`;
export const thumbnailKey = (orgId: string, attachmentId: string) =>
  `${orgId}/${attachmentId}.thumb.webp`;
