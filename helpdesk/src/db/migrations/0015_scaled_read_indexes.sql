-- migrate: no-transaction
-- Two reads that grew with the data (bench/data-scale.ts):
-- - a search read every organization's matches of its words, then kept its own: now the GIN
--   index holds the organization beside the words (0014);
-- - the service levels' re-planning walked every ticket by id to find an organization's
--   unresolved ones, a batch at a time: now an index holds only the unresolved tickets, by
--   organization and id, the order the batches read them in.
CREATE INDEX CONCURRENTLY IF NOT EXISTS "ticket_search_org_idx" ON "ticket_search" USING gin ("org_id", "search");--> statement-breakpoint
CREATE INDEX CONCURRENTLY IF NOT EXISTS "tickets_org_unresolved_idx" ON "tickets" USING btree ("org_id", "id") WHERE status NOT IN ('solved', 'closed');
