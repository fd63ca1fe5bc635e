import type { Redis } from '../valkey';
import { luaScript, runScript } from '../valkey/scripts';

/**
 * Fair share between organizations on open-source BullMQ (whose group fairness is a paid
 * add-on), as start-time fair queuing over BullMQ priorities:
 *
 * - each queue has a virtual clock, the tag of the last job a worker started;
 * - a new job of organization O gets the tag max(clock, last tag of O) + 1, stored as its priority
 *   (BullMQ runs lower priorities first, equal ones in order);
 *
 * so an organization that adds 5,000 jobs gets tags 1…5,000 while another's next job gets a tag
 * just above the clock: it runs after at most one job of each busy organization, not after the
 * whole burst. Urgent jobs (someone waits for them) take priority 1, ahead of every tag.
 *
 * BullMQ takes priorities up to 2^21: the clock restarts from 0 once the queue has nothing
 * prioritized left and the clock passed REBASE (organizations' tags restart with it).
 */
export const MAX_PRIORITY = 2_097_152;
export const REBASE = 1_000_000;
export const URGENT_PRIORITY = 1;

/** The tags the scripts keep are priorities above the urgent one. */
export const priorityOfTag = (tag: number) => tag + URGENT_PRIORITY;
/** The tag a started job's priority stands for (null: an urgent job, which moves no clock). */
export const tagOfPriority = (priority: number) =>
  priority <= URGENT_PRIORITY ? null : priority - URGENT_PRIORITY;

const TAG = luaScript('insightdeskFairTag', new URL('./fair-share-tag.lua', import.meta.url), 3);
const ADVANCE = luaScript(
  'insightdeskFairAdvance',
  new URL('./fair-share-advance.lua', import.meta.url),
  2,
);

export function fairShare(connection: Redis, queueName: string, prefix: string) {
  // Under BullMQ's prefix, hash tag included: the script's keys (BullMQ's prioritized set among
  // them) share a slot on a Valkey cluster.
  const base = `${prefix}:fair:${queueName}`;
  const prioritized = `${prefix}:${queueName}:prioritized`;
  const lastTags = `${base}:last-tags`;
  return {
    /** The priority for the next job of `group` (an organization). */
    async tag(group: string): Promise<number> {
      const tag = await runScript(
        connection,
        TAG,
        [`${base}:clock`, prioritized, lastTags],
        [REBASE, MAX_PRIORITY - URGENT_PRIORITY, group],
      );
      return priorityOfTag(Number(tag));
    },
    /** A worker started a job with this priority: the clock moves on. */
    async started(priority: number): Promise<void> {
      const tag = tagOfPriority(priority);
      if (tag === null) return;
      await runScript(connection, ADVANCE, [`${base}:clock`, lastTags], [tag]);
    },
  };
}
