#!lua flags=allow-oom
-- Releases a memoize lock if it still holds this caller's token (cache/index.ts). It only frees
-- memory, so it may run while memory is full (allow-oom).
--
-- KEYS[1]  the lock        {insightdesk:cache}:lock:<key>
-- ARGV[1]  the token the caller set it with
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
