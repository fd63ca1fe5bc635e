CREATE TABLE "audit_anchors" (
	"chain" text PRIMARY KEY NOT NULL,
	"seq" bigint NOT NULL,
	"hash" text NOT NULL,
	"dropped" bigint DEFAULT 0 NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid,
	"seq" bigint NOT NULL,
	"at" timestamp (3) with time zone NOT NULL,
	"actor_type" text NOT NULL,
	"actor_id" uuid,
	"action" text NOT NULL,
	"target_type" text,
	"target_id" text,
	"address" text,
	"user_agent" text,
	"request_id" text,
	"change" jsonb NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL,
	CONSTRAINT "audit_log_chain_seq" UNIQUE NULLS NOT DISTINCT("organization_id","seq")
);
--> statement-breakpoint
CREATE INDEX "audit_log_list_idx" ON "audit_log" USING btree ("organization_id","at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "audit_log" USING btree ("at");--> statement-breakpoint
-- What PostgreSQL enforces whatever role writes (the services' role also lacks the privileges:
-- shared/src/db/roles.ts). Each insert must follow its chain's head (the row before it, or the
-- anchor left by retention) and be dated now; rows are never updated; only audit_prune deletes.
CREATE FUNCTION audit_log_link() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  head_seq bigint;
  head_hash text;
BEGIN
  IF NEW.organization_id IS NULL THEN
    SELECT seq, hash INTO head_seq, head_hash FROM audit_log
     WHERE organization_id IS NULL ORDER BY seq DESC LIMIT 1;
  ELSE
    SELECT seq, hash INTO head_seq, head_hash FROM audit_log
     WHERE organization_id = NEW.organization_id ORDER BY seq DESC LIMIT 1;
  END IF;
  IF head_seq IS NULL THEN
    SELECT seq, hash INTO head_seq, head_hash FROM audit_anchors
     WHERE chain = coalesce(NEW.organization_id::text, 'deployment');
  END IF;
  IF NEW.seq IS DISTINCT FROM coalesce(head_seq, 0) + 1
     OR NEW.prev_hash IS DISTINCT FROM coalesce(head_hash, repeat('0', 64)) THEN
    RAISE EXCEPTION 'audit_log: row % of chain % does not follow the chain''s head',
      NEW.seq, coalesce(NEW.organization_id::text, 'deployment') USING ERRCODE = '23514';
  END IF;
  IF NEW.hash !~ '^[0-9a-f]{64}$' THEN
    RAISE EXCEPTION 'audit_log: hash is not a SHA-256 in hex' USING ERRCODE = '23514';
  END IF;
  IF NEW.at < now() - interval '5 minutes' OR NEW.at > clock_timestamp() + interval '5 minutes' THEN
    RAISE EXCEPTION 'audit_log: a row is dated when it is written' USING ERRCODE = '23514';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER audit_log_link BEFORE INSERT ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_link();
--> statement-breakpoint
CREATE FUNCTION audit_log_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('insightdesk.audit_prune', true) = 'on' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = '42501';
END $$;
--> statement-breakpoint
CREATE TRIGGER audit_log_immutable BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_immutable();
--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_immutable();
--> statement-breakpoint
-- Retention, the one way rows leave: SECURITY DEFINER (runs as the owner of the schema, the
-- migrations' role), so the services' role, which may only INSERT and SELECT, can call it. It
-- drops, per chain, the oldest rows up to the first one younger than the retention (a prefix:
-- never a row from the middle), at least one day's worth kept, and records the seq and hash of
-- the last row dropped as the chain's anchor, where verification starts.
CREATE FUNCTION audit_prune(retention_days integer) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  cutoff timestamptz;
  bound record;
  last_hash text;
  n bigint;
  total bigint := 0;
BEGIN
  IF retention_days IS NULL OR retention_days < 1 THEN
    RAISE EXCEPTION 'audit_prune: retention_days must be 1 or more' USING ERRCODE = '22023';
  END IF;
  cutoff := now() - make_interval(days => retention_days);
  PERFORM set_config('insightdesk.audit_prune', 'on', true);
  FOR bound IN
    SELECT organization_id,
           coalesce(min(seq) FILTER (WHERE at >= cutoff) - 1, max(seq)) AS last_seq
      FROM audit_log GROUP BY organization_id HAVING bool_or(at < cutoff)
  LOOP
    IF bound.organization_id IS NULL THEN
      SELECT hash INTO last_hash FROM audit_log
       WHERE organization_id IS NULL AND seq = bound.last_seq;
      DELETE FROM audit_log WHERE organization_id IS NULL AND seq <= bound.last_seq;
    ELSE
      SELECT hash INTO last_hash FROM audit_log
       WHERE organization_id = bound.organization_id AND seq = bound.last_seq;
      DELETE FROM audit_log
       WHERE organization_id = bound.organization_id AND seq <= bound.last_seq;
    END IF;
    GET DIAGNOSTICS n = ROW_COUNT;
    CONTINUE WHEN n = 0;
    INSERT INTO audit_anchors AS a (chain, seq, hash, dropped, updated_at)
    VALUES (coalesce(bound.organization_id::text, 'deployment'), bound.last_seq, last_hash, n, now())
    ON CONFLICT (chain) DO UPDATE
      SET seq = excluded.seq, hash = excluded.hash, dropped = a.dropped + excluded.dropped,
          updated_at = excluded.updated_at;
    total := total + n;
  END LOOP;
  PERFORM set_config('insightdesk.audit_prune', 'off', true);
  RETURN total;
END $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION audit_prune(integer) FROM PUBLIC;
