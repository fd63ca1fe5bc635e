import { purgeScratch } from '@insightdesk/shared/storage';
import type { PlatformWorkerModule } from './deps';

/** Stored files: what jobs left in the scratch directory, a day old, removed. */
export const storageWorker: PlatformWorkerModule = {
  name: 'storage',
  start: ({ scratchDir }) => ({
    purges: [{ name: 'scratchFiles', run: () => purgeScratch(scratchDir) }],
  }),
};
