import { storageConfig } from '../config/groups';

/** Stored files (local, S3 or Azure) and their signed URLs. */
export const storageModule = {
  name: 'storage',
  config: { storage: storageConfig },
} as const;
