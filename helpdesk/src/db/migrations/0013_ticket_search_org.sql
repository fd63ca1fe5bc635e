-- A ticket's search words carry its organization, so that a search reads the organization's
-- words only (0014's index on both) instead of every organization's matches. The trigger writes
-- it with the words from now on; 0014 fills the rows already there, in batches. btree_gin lets
-- one GIN index hold the uuid beside the words; it is a trusted extension, which the database's
-- owner may create.
CREATE EXTENSION IF NOT EXISTS btree_gin;--> statement-breakpoint
ALTER TABLE "ticket_search" ADD COLUMN IF NOT EXISTS "org_id" uuid;--> statement-breakpoint
CREATE OR REPLACE FUNCTION tickets_search_on_ticket() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO ticket_search (ticket_id, org_id, search)
    VALUES (NEW.id, NEW.org_id, ticket_words_retitle(''::tsvector, NEW.subject))
    ON CONFLICT (ticket_id)
    DO UPDATE SET search = ticket_words_retitle(ticket_search.search, NEW.subject),
                  org_id = EXCLUDED.org_id;
  RETURN NULL;
END
$$;
