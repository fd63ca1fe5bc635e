import { defineJobs, defineQueue } from '@insightdesk/shared/queues';
import { canonicalId } from '@insightdesk/shared/shapes';
import { z } from 'zod';

const id = canonicalId;

/** Its own queue: each new item is stamped by the worker (once recorded, however often run). */
export const itemsQueue = defineQueue({
  name: 'items',
  jobs: { stamp: z.object({ orgId: id(), itemId: id() }) },
  defaults: { attempts: 5, backoff: { type: 'exponential', delay: 1000 } },
});

/** Its mail on the platform's queue: the owner hears of each new item (sent once). */
export const fixtureEmailJobs = defineJobs({
  jobs: { 'item-created': z.object({ orgId: id(), itemId: id() }) },
});
