-- migrate: no-transaction
-- Two reads that grew with the data (bench/data-scale.ts):
-- - a search read every organization's matches of its words, then kept its own: now the GIN
--   index holds the organization beside the words (0013), without a pending list (fastupdate
--   off): every search would read that list whole, and every reply fills it, writing its ticket's
--   words again;
-- - the service levels' re-planning walked every ticket by id to find an organization's
--   unresolved ones, a batch at a time: now an index holds only the unresolved tickets, by
--   organization and id, the order the batches read them in;
-- - a notification list counted its reader's unread notifications by reading each one's row for
--   its organization: now the unread ones' index holds the organization beside the user (the
--   count reads the index alone), and replaces the one that held the user only.
-- First the words' rows written before 0013 get their organization, 5,000 at a time in ticket
-- order, each batch committed: a reply's trigger waits on a batch's rows for one batch at most,
-- never for the whole table. Safe to run again (it fills what is still empty).
DO $$
DECLARE
  done uuid := '00000000-0000-0000-0000-000000000000';
  upto uuid;
BEGIN
  LOOP
    SELECT ticket_id INTO upto FROM (
      SELECT ticket_id FROM ticket_search WHERE ticket_id > done ORDER BY ticket_id LIMIT 5000
    ) page ORDER BY ticket_id DESC LIMIT 1;
    EXIT WHEN upto IS NULL;
    UPDATE ticket_search s SET org_id = t.org_id
      FROM tickets t
     WHERE t.id = s.ticket_id AND s.ticket_id > done AND s.ticket_id <= upto
       AND s.org_id IS NULL;
    COMMIT;
    done := upto;
  END LOOP;
END
$$;--> statement-breakpoint
CREATE INDEX CONCURRENTLY IF NOT EXISTS "ticket_search_org_idx" ON "ticket_search" USING gin ("org_id", "search") WITH (fastupdate = off);--> statement-breakpoint
CREATE INDEX CONCURRENTLY IF NOT EXISTS "tickets_org_unresolved_idx" ON "tickets" USING btree ("org_id", "id") WHERE status NOT IN ('solved', 'closed');--> statement-breakpoint
CREATE INDEX CONCURRENTLY IF NOT EXISTS "notifications_unread_org_idx" ON "notifications" USING btree ("user_id", "org_id") WHERE read_at is null;--> statement-breakpoint
DROP INDEX CONCURRENTLY IF EXISTS "notifications_unread_idx";
