-- migrate: contract, no-transaction
-- The words' index without the organization goes: this release's search reads
-- ticket_search_org_idx (0014); the release before searched every organization's words.
DROP INDEX CONCURRENTLY IF EXISTS "ticket_search_idx";
