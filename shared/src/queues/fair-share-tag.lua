#!lua
-- The priority of the next job of one group (an organization): start-time fair queuing over
-- BullMQ's priorities (fair-share.ts). Returns the group's new tag.
--
-- KEYS[1]  the queue's virtual clock             {insightdesk}:bull:fair:<queue>:clock
-- KEYS[2]  BullMQ's prioritized set of the queue  {insightdesk}:bull:<queue>:prioritized
-- KEYS[3]  the groups' last tags (sorted set)     {insightdesk}:bull:fair:<queue>:last-tags
-- ARGV[1]  rebase: past this clock, and with nothing prioritized left, the clock restarts from 0
-- ARGV[2]  the highest tag BullMQ takes as a priority
-- ARGV[3]  the group: a member of that set, not a key (declared as a key it would hash to its own
--          slot and a cluster would refuse the script: CROSSSLOT)
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
