#!lua
-- Ends a recovery after Valkey lost its data (epoch.ts): the epoch is marked recovered if it is
-- still the current one, and the recovery's lease is given back if still held by this instance.
-- A loss while the recovery ran removed the epoch key (or a later epoch replaced it): then
-- nothing is marked, and that later loss gets a recovery of its own.
--
-- KEYS[1]  the epoch key          {insightdesk:epoch}:valkey       'pending <epoch>' | 'done <epoch>'
-- KEYS[2]  the recovery's lease   {insightdesk:epoch}:recovering   the instance recovering
-- ARGV[1]  'pending <epoch>' as this recovery found it
-- ARGV[2]  'done <epoch>'
-- ARGV[3]  this instance
if redis.call('GET', KEYS[2]) == ARGV[3] then redis.call('DEL', KEYS[2]) end
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2])
  return 1
end
return 0
