-- An organization's SLA policies read under its settings lock, taken shared first
-- (helpdesk/src/sla/policies.ts, lockSlaSettings), from within any statement: a reply's message
-- statement calls it before it inserts the message, instead of a lock and a read of their own
-- ahead of it. VOLATILE and PL/pgSQL: its read takes its own snapshot once the lock is granted,
-- though the calling statement's was taken before the lock was waited for, so a recomputation
-- that held the lock exclusively is seen as committed.
CREATE FUNCTION sla_policies_locked(org uuid, lock_key text) RETURNS SETOF sla_policies
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  PERFORM pg_advisory_xact_lock_shared(hashtext(lock_key));
  RETURN QUERY SELECT * FROM sla_policies WHERE org_id = org;
END
$$;
