#!lua
-- A worker started a job: the queue's virtual clock moves on to its tag (fair-share.ts). A group
-- whose last tag the clock reached is as good as absent (its next tag is the clock's + 1 either
-- way): it is dropped, so the set holds only organizations with jobs ahead of the clock — an
-- organization that stops sending jobs leaves nothing behind.
--
-- KEYS[1]  the queue's virtual clock             {insightdesk}:bull:fair:<queue>:clock
-- KEYS[2]  the groups' last tags (sorted set)    {insightdesk}:bull:fair:<queue>:last-tags
-- ARGV[1]  the started job's tag
local clock = tonumber(redis.call('GET', KEYS[1]) or '0')
if tonumber(ARGV[1]) > clock then
  clock = tonumber(ARGV[1])
  redis.call('SET', KEYS[1], ARGV[1])
end
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', clock)
return 1
