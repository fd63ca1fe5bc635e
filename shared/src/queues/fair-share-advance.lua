#!lua
-- A worker started a job: the queue's virtual clock moves on to its tag (fair-share.ts).
--
-- KEYS[1]  the queue's virtual clock   {insightdesk}:bull:fair:<queue>:clock
-- ARGV[1]  the started job's tag
local clock = tonumber(redis.call('GET', KEYS[1]) or '0')
if tonumber(ARGV[1]) > clock then redis.call('SET', KEYS[1], ARGV[1]) end
return 1
