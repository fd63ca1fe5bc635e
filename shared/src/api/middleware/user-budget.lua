#!lua
-- Adds the requests api instances admitted since their last sync to the per-user budgets of one
-- window, and answers each user's total so far (user-budget.ts). One key per window, so one call
-- carries every user an instance has seen in a sync interval, and a cluster keeps it on one node.
--
-- KEYS[1]  the window's counts   {insightdesk:rl:user}:<window index>   (hash: user id → requests)
-- ARGV[1]  milliseconds to keep it (the rest of the window and a margin)
-- ARGV[2…] pairs: user id, requests to add
local totals = {}
for i = 2, #ARGV, 2 do
  totals[#totals + 1] = redis.call('HINCRBY', KEYS[1], ARGV[i], ARGV[i + 1])
end
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return totals
