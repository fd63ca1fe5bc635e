import { type Redis, STRICT_LUA } from '../valkey';

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
const MAX_PRIORITY = 2_097_152;
const REBASE = 1_000_000;
export const URGENT_PRIORITY = 1;

/**
 * KEYS: clock, BullMQ's prioritized set, the groups' last tags (a sorted set: group → tag). ARGV:
 * rebase, max, group. The group (an organization id) is a member of that set, not a key: declared
 * as a key it would hash to its own slot and a cluster would refuse the script (CROSSSLOT).
 */
const TAG = `${STRICT_LUA}
local clock = tonumber(redis.call('GET', KEYS[1]) or '0')
if clock > tonumber(ARGV[1]) and redis.call('ZCARD', KEYS[2]) == 0 then
  redis.call('SET', KEYS[1], 0)
  redis.call('DEL', KEYS[3])
  clock = 0
end
local last = tonumber(redis.call('ZSCORE', KEYS[3], ARGV[3]) or '0')
local tag = math.max(clock, last) + 1
if tag > tonumber(ARGV[2]) then tag = tonumber(ARGV[2]) end
redis.call('ZADD', KEYS[3], tag, ARGV[3])
return tag
`;

/**
 * KEYS: clock, the groups' last tags. ARGV: the started job's tag. A group whose last tag the
 * clock reached is as good as absent (its next tag is the clock's + 1 either way): it is dropped,
 * so the set holds only organizations with jobs ahead of the clock — an organization that stops
 * sending jobs leaves nothing behind.
 */
const ADVANCE = `${STRICT_LUA}
local clock = tonumber(redis.call('GET', KEYS[1]) or '0')
if tonumber(ARGV[1]) > clock then
  clock = tonumber(ARGV[1])
  redis.call('SET', KEYS[1], ARGV[1])
end
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', clock)
return 1
`;

export function fairShare(connection: Redis, queueName: string, prefix: string) {
  // Under BullMQ's prefix, hash tag included: the script's keys (BullMQ's prioritized set among
  // them) share a slot on a Valkey cluster.
  const base = `${prefix}:fair:${queueName}`;
  const prioritized = `${prefix}:${queueName}:prioritized`;
  const lastTags = `${base}:last-tags`;
  return {
    /** The priority for the next job of `group` (an organization). */
    async tag(group: string): Promise<number> {
      const tag = await connection.eval(
        TAG,
        3,
        `${base}:clock`,
        prioritized,
        lastTags,
        String(REBASE),
        String(MAX_PRIORITY - 1),
        group,
      );
      return Number(tag) + URGENT_PRIORITY;
    },
    /** A worker started a job with this priority: the clock moves on. */
    async started(priority: number): Promise<void> {
      if (priority <= URGENT_PRIORITY) return;
      await connection.eval(
        ADVANCE,
        2,
        `${base}:clock`,
        lastTags,
        String(priority - URGENT_PRIORITY),
      );
    },
  };
}
