#!lua
-- Takes one of an endpoint's attempt slots (per-endpoint concurrency, slots.ts): expired leases
-- (their attempt died with its worker) are dropped first. Returns 1 when taken, 0 when all are busy.
--
-- KEYS[1]  the endpoint's leases (sorted set: token → lease end, ms)  insightdesk:webhook-slots:{<endpoint id>}
-- ARGV[1]  now (ms)
-- ARGV[2]  this attempt's lease end (ms)
-- ARGV[3]  this attempt's token
-- ARGV[4]  slots per endpoint
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[4]) then
  return 0
end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[3])
redis.call('PEXPIREAT', KEYS[1], ARGV[2])
return 1
