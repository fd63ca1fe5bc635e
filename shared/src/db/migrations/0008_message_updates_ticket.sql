-- A new message changes its ticket once: its search vector (public messages only), its
-- updated_at, and — the first public answer by someone other than the requester — its
-- first_response_at (the response clock the analytics read). One UPDATE in the trigger instead of
-- one there and another from the api: a round trip and a row version less per message.
CREATE OR REPLACE FUNCTION tickets_search_on_message() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE tickets t
     SET updated_at = now(),
         first_response_at = CASE
           WHEN NOT NEW.internal AND NEW.author_id <> t.requester_id
             THEN coalesce(t.first_response_at, now())
           ELSE t.first_response_at END,
         search = CASE
           WHEN NEW.internal THEN t.search
           ELSE coalesce(t.search, ''::tsvector) || setweight(to_tsvector('english', NEW.body), 'B') END
   WHERE t.id = NEW.ticket_id;
  RETURN NULL;
END
$$;
