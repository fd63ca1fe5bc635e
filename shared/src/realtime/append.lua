#!lua
-- Appends one relayed event to its organization's stream and publishes it to the ws instances,
-- in one atomic step, idempotent by outbox id (stream.ts, appendEvent).
--
-- KEYS[1]  the organization's stream              insightdesk:events:{<org>}
-- KEYS[2]  its relayed outbox ids (sorted set)    insightdesk:events:{<org>}:relayed-ids
-- KEYS[3]  the bytes of its entries (counter)     insightdesk:events:{<org>}:bytes
-- ARGV[1]  outbox id         ARGV[2]  entry (JSON)          ARGV[3]  org id
-- ARGV[4]  max length        ARGV[5]  max bytes             ARGV[6]  relayed window
-- ARGV[7]  relayed TTL (s)   ARGV[8]  traceparent ('' none) ARGV[9]  the relay channel
-- ARGV[10] idle TTL (ms): an organization with no event for this long loses its stream
--
-- Entry fields: 'o' the outbox id, 'e' the entry (wire.ts, ENTRY_FIELDS). The relay message is
-- {"id":…,"o":…,"orgId":…,"tp":…,"entry":<entry>} by concatenation rather than cjson: the entry
-- goes out byte for byte as stored (cjson would re-encode it, and turns [] into {}), and a stream
-- id, uuids and a traceparent need no escaping. The outbox id lets the ws instances drop a second
-- copy of an event appended again after Valkey lost the relayed ids (ws/src/first-ids.ts). Returns the new event id, or '' when this outbox
-- row was appended already.
--
-- The stream keeps the newest entries within a count and a byte budget (a running total of the
-- entries' sizes, recomputed once when missing). Trimming does not record what it removed
-- (Redis 7.0), so this sets max-deleted-entry-id itself: readSince answers resync by it.
-- A stream that starts (for the first time, or again after it expired idle or Valkey lost it)
-- vouches for nothing before its first event: its max-deleted-entry-id is set just below it.
-- Every append pushes the idle expiry of the stream and its byte count forward.
if redis.call('ZSCORE', KEYS[2], ARGV[1]) then return '' end
local entry, orgId, tp = ARGV[2], ARGV[3], ARGV[8]
local maxLength, maxBytes = tonumber(ARGV[4]), tonumber(ARGV[5])
local function size(fields)
  for i = 1, #fields, 2 do
    if fields[i] == 'e' then return #fields[i + 1] end
  end
  return 0
end
local bytes = 0
local fresh = redis.call('EXISTS', KEYS[1]) == 0
if fresh then
  redis.call('DEL', KEYS[3])
elseif redis.call('EXISTS', KEYS[3]) == 1 then
  bytes = tonumber(redis.call('GET', KEYS[3]))
else
  for _, e in ipairs(redis.call('XRANGE', KEYS[1], '-', '+')) do bytes = bytes + size(e[2]) end
end
local id = redis.call('XADD', KEYS[1], '*', 'o', ARGV[1], 'e', entry)
if fresh then
  local ms, seq = string.match(id, '^(%d+)-(%d+)$')
  local before = tonumber(seq) > 0 and (ms .. '-' .. string.format('%.0f', tonumber(seq) - 1))
    or (string.format('%.0f', tonumber(ms) - 1) .. '-18446744073709551615')
  redis.call('XSETID', KEYS[1], id, 'MAXDELETEDID', before)
end
redis.call('ZADD', KEYS[2], ARGV[1], ARGV[1])
redis.call('ZREMRANGEBYRANK', KEYS[2], 0, -tonumber(ARGV[6]) - 1)
redis.call('EXPIRE', KEYS[2], ARGV[7])
bytes = bytes + #entry
local length = redis.call('XLEN', KEYS[1])
local function over() return length > 1 and (length > maxLength or bytes > maxBytes) end
if over() then
  local last
  while over() do
    local batch = redis.call('XRANGE', KEYS[1], last and ('(' .. last) or '-', '+', 'COUNT', 16)
    for _, e in ipairs(batch) do
      if not over() then break end
      bytes = bytes - size(e[2])
      length = length - 1
      last = e[1]
    end
  end
  local keep = redis.call('XRANGE', KEYS[1], '(' .. last, '+', 'COUNT', 1)[1][1]
  redis.call('XTRIM', KEYS[1], 'MINID', keep)
  redis.call('XSETID', KEYS[1], id, 'MAXDELETEDID', last)
end
redis.call('SET', KEYS[3], math.max(bytes, 0), 'PX', ARGV[10])
redis.call('PEXPIRE', KEYS[1], ARGV[10])
redis.call('PUBLISH', ARGV[9],
  '{"id":"' .. id .. '","o":"' .. ARGV[1] .. '","orgId":"' .. orgId .. '","tp":"' .. tp
    .. '","entry":' .. entry .. '}')
return id
