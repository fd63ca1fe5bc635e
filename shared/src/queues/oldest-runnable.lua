#!lua flags=no-writes
-- Since when the oldest runnable job of one BullMQ queue has been runnable (ms since the epoch),
-- or -1 when none is. Runnable: waiting (the list's oldest end), prioritized (the first
-- ARGV[3] a worker would take: every one a fair share interleaves would be a scan of the set),
-- or delayed and already due (a delayed job is moved to wait by a worker: with none running it
-- stays in the delayed set, due). A job's runnable moment is its creation, or the start of its
-- last attempt (a retry, a stalled job put back), plus its delay.
--
-- KEYS[1]  the queue's wait list            <prefix>:<queue>:wait
-- KEYS[2]  its prioritized set              <prefix>:<queue>:prioritized
-- KEYS[3]  its delayed set                  <prefix>:<queue>:delayed
-- ARGV[1]  the job hashes' key prefix       <prefix>:<queue>:
-- ARGV[2]  now (ms since the epoch)
-- ARGV[3]  how many of the prioritized jobs to look at
local function since(id)
  local fields = redis.call('HMGET', ARGV[1] .. id, 'timestamp', 'processedOn', 'delay')
  local created = tonumber(fields[1])
  if created == nil then return nil end
  local started = tonumber(fields[2]) or 0
  return math.max(created, started) + (tonumber(fields[3]) or 0)
end

local oldest = -1
local function consider(at)
  if at ~= nil and (oldest < 0 or at < oldest) then oldest = at end
end

local waiting = redis.call('LRANGE', KEYS[1], -1, -1)
if waiting[1] then consider(since(waiting[1])) end
for _, id in ipairs(redis.call('ZRANGE', KEYS[2], 0, tonumber(ARGV[3]) - 1)) do
  consider(since(id))
end
-- A delayed job's score is its due time times 0x1000 (BullMQ's getDelayedScore).
local due = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', (tonumber(ARGV[2]) + 1) * 0x1000 - 1,
  'WITHSCORES', 'LIMIT', 0, 1)
if due[2] then consider(math.floor(tonumber(due[2]) / 0x1000)) end
-- Ages in the past only: a job whose delay is not over yet is not runnable.
if oldest > tonumber(ARGV[2]) then return -1 end
return oldest
