-- Retention as configured, where the services' role cannot change it (docs/audit.md, "Who may
-- remove audit rows"): one row, written by the owner of the schema after each migration run from
-- AUDIT_RETENTION_DAYS (shared/src/audit/retention.ts); 0 keeps every row forever. No session
-- setting lets a DELETE through the audit log's trigger any more: a row leaves only when it is
-- older than the configured retention and at or behind its chain's anchor, and an anchor moves
-- only forward, onto a row older than that retention, so only a prefix of a chain ever goes and
-- the rows kept verify from the anchor. Expand only: a new table, new triggers, functions replaced
-- under their signatures (the release before this one still calls audit_prune(days); an argument
-- now only ever keeps more than the setting).
CREATE TABLE "audit_settings" (
	"id" boolean PRIMARY KEY DEFAULT true NOT NULL,
	"retention_days" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "audit_settings_one_row" CHECK ("audit_settings"."id"),
	CONSTRAINT "audit_settings_retention_days" CHECK ("audit_settings"."retention_days" >= 0)
);
--> statement-breakpoint
INSERT INTO "audit_settings" ("id", "retention_days") VALUES (true, 0);
--> statement-breakpoint
REVOKE ALL ON "audit_settings" FROM PUBLIC;
--> statement-breakpoint
-- Only the table's owner writes the setting, whatever grants another role holds (the release
-- before this one grants the services' role every table of the schema), and its one row stays.
CREATE FUNCTION audit_settings_owner_only() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  IF TG_OP IN ('DELETE', 'TRUNCATE')
     OR NOT pg_has_role((SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'USAGE') THEN
    RAISE EXCEPTION 'audit_settings: % refused: only the owner of the schema sets retention', TG_OP
      USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER audit_settings_owner_only BEFORE INSERT OR UPDATE OR DELETE ON audit_settings
  FOR EACH ROW EXECUTE FUNCTION audit_settings_owner_only();
--> statement-breakpoint
CREATE TRIGGER audit_settings_no_truncate BEFORE TRUNCATE ON audit_settings
  FOR EACH STATEMENT EXECUTE FUNCTION audit_settings_owner_only();
--> statement-breakpoint
-- The moment before which retention may remove a row: none (null) while retention is 0.
CREATE FUNCTION audit_retention_cutoff() RETURNS timestamptz LANGUAGE sql STABLE
SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT now() - make_interval(days => retention_days) FROM audit_settings
   WHERE id AND retention_days > 0
$$;
--> statement-breakpoint
-- UPDATE and TRUNCATE are refused whoever asks. A DELETE passes only for a row older than the
-- configured retention and at or behind its chain's anchor (which audit_prune sets first and
-- audit_anchors_guard checks): what retention drops, nothing else, whatever the session says.
CREATE OR REPLACE FUNCTION audit_log_immutable() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  cutoff timestamptz;
  anchored bigint;
BEGIN
  IF TG_OP = 'DELETE' THEN
    cutoff := audit_retention_cutoff();
    SELECT seq INTO anchored FROM audit_anchors
     WHERE chain = coalesce(OLD.organization_id::text, 'deployment');
    IF OLD.at < cutoff AND OLD.seq <= anchored THEN
      RETURN OLD;
    END IF;
  END IF;
  RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = '42501';
END $$;
--> statement-breakpoint
-- An anchor is where verification starts, so it could hide rows: it only moves forward, onto a
-- row of its chain (seq and hash) older than the configured retention, every row before it older
-- too — the prefix audit_prune drops next — and it is never removed.
CREATE FUNCTION audit_anchors_guard() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  cutoff timestamptz := audit_retention_cutoff();
  org uuid;
  since bigint := 0;
  on_old_row boolean;
  passes_young boolean;
BEGIN
  IF TG_OP IN ('DELETE', 'TRUNCATE') THEN
    RAISE EXCEPTION 'audit_anchors: % refused', TG_OP USING ERRCODE = '42501';
  END IF;
  IF TG_OP = 'UPDATE' THEN
    IF NEW.chain IS DISTINCT FROM OLD.chain OR NEW.seq <= OLD.seq THEN
      RAISE EXCEPTION 'audit_anchors: an anchor only moves forward' USING ERRCODE = '42501';
    END IF;
    since := OLD.seq;
  END IF;
  IF NEW.chain <> 'deployment' THEN
    org := NEW.chain::uuid;
  END IF;
  IF org IS NULL THEN
    SELECT at < cutoff AND hash = NEW.hash INTO on_old_row FROM audit_log
     WHERE organization_id IS NULL AND seq = NEW.seq;
    SELECT bool_or(at >= cutoff) INTO passes_young FROM audit_log
     WHERE organization_id IS NULL AND seq > since AND seq <= NEW.seq;
  ELSE
    SELECT at < cutoff AND hash = NEW.hash INTO on_old_row FROM audit_log
     WHERE organization_id = org AND seq = NEW.seq;
    SELECT bool_or(at >= cutoff) INTO passes_young FROM audit_log
     WHERE organization_id = org AND seq > since AND seq <= NEW.seq;
  END IF;
  IF on_old_row IS NOT TRUE OR passes_young IS NOT FALSE THEN
    RAISE EXCEPTION 'audit_anchors: an anchor is set only on a row older than the configured retention'
      USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER audit_anchors_guard BEFORE INSERT OR UPDATE OR DELETE ON audit_anchors
  FOR EACH ROW EXECUTE FUNCTION audit_anchors_guard();
--> statement-breakpoint
CREATE TRIGGER audit_anchors_no_truncate BEFORE TRUNCATE ON audit_anchors
  FOR EACH STATEMENT EXECUTE FUNCTION audit_anchors_guard();
--> statement-breakpoint
-- Retention, the one way rows leave: SECURITY DEFINER (runs as the owner of the schema), so the
-- services' role, which may only INSERT and SELECT, can call it; what it removes is the
-- configured retention's, not the caller's: nothing while it is 0, and an argument only ever keeps
-- more days. Per chain it anchors the last row of the oldest rows up to the first one younger than
-- the retention (a prefix: never a row from the middle), then drops the rows up to the anchor;
-- the triggers above hold it to exactly that. One run at a time: a second waits for the first and
-- then finds the anchors it set.
CREATE OR REPLACE FUNCTION audit_prune(retention_days integer DEFAULT NULL) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  configured integer;
  cutoff timestamptz;
  bound record;
  last_hash text;
  n bigint;
  total bigint := 0;
BEGIN
  IF audit_prune.retention_days < 1 THEN
    RAISE EXCEPTION 'audit_prune: retention_days must be 1 or more' USING ERRCODE = '22023';
  END IF;
  SELECT s.retention_days INTO configured FROM audit_settings s WHERE s.id;
  IF coalesce(configured, 0) = 0 THEN
    RETURN 0;
  END IF;
  PERFORM pg_advisory_xact_lock(hashtext('insightdesk:audit:prune'));
  cutoff := now() - make_interval(days => greatest(configured, audit_prune.retention_days));
  FOR bound IN
    SELECT organization_id, last_seq FROM (
      SELECT organization_id, min(seq) AS first_seq,
             coalesce(min(seq) FILTER (WHERE at >= cutoff) - 1, max(seq)) AS last_seq
        FROM audit_log GROUP BY organization_id) chains
     WHERE last_seq >= first_seq
  LOOP
    IF bound.organization_id IS NULL THEN
      SELECT hash INTO last_hash FROM audit_log
       WHERE organization_id IS NULL AND seq = bound.last_seq;
      SELECT count(*) INTO n FROM audit_log
       WHERE organization_id IS NULL AND seq <= bound.last_seq;
    ELSE
      SELECT hash INTO last_hash FROM audit_log
       WHERE organization_id = bound.organization_id AND seq = bound.last_seq;
      SELECT count(*) INTO n FROM audit_log
       WHERE organization_id = bound.organization_id AND seq <= bound.last_seq;
    END IF;
    INSERT INTO audit_anchors AS a (chain, seq, hash, dropped, updated_at)
    VALUES (coalesce(bound.organization_id::text, 'deployment'), bound.last_seq, last_hash, n, now())
    ON CONFLICT (chain) DO UPDATE
      SET seq = excluded.seq, hash = excluded.hash, dropped = a.dropped + excluded.dropped,
          updated_at = excluded.updated_at;
    IF bound.organization_id IS NULL THEN
      DELETE FROM audit_log WHERE organization_id IS NULL AND seq <= bound.last_seq;
    ELSE
      DELETE FROM audit_log
       WHERE organization_id = bound.organization_id AND seq <= bound.last_seq;
    END IF;
    total := total + n;
  END LOOP;
  RETURN total;
END $$;
