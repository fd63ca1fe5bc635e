#!lua
-- Registers a socket unless its user already has `limit` live ones (user-sockets.ts). Entries are
-- scored by their expiry: the owning instance keeps pushing it forward, a crashed instance's
-- entries lapse. Returns 1 when registered, 0 when over the limit.
--
-- KEYS[1]  the user's sockets (sorted set)   insightdesk:ws:sockets:{<user>}
-- ARGV[1]  now (ms)    ARGV[2]  expiry (ms)    ARGV[3]  socket id    ARGV[4]  limit    ARGV[5]  TTL (ms)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if not redis.call('ZSCORE', KEYS[1], ARGV[3])
  and redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[4]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return 1
