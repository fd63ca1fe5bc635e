-- Full-text search over a ticket's subject (weight A) and its public messages (weight B).
-- Internal notes are deliberately left out: a requester's search must not reveal their words.
CREATE FUNCTION tickets_search_vector(ticket_id uuid, subject text) RETURNS tsvector
LANGUAGE sql STABLE AS $$
  SELECT setweight(to_tsvector('english', coalesce(subject, '')), 'A') ||
         setweight(to_tsvector('english', coalesce(
           (SELECT string_agg(m.body, ' ') FROM messages m WHERE m.ticket_id = $1 AND NOT m.internal), ''
         )), 'B')
$$;
--> statement-breakpoint
CREATE FUNCTION tickets_search_on_ticket() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.search := tickets_search_vector(NEW.id, NEW.subject);
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER tickets_search_on_ticket
BEFORE INSERT OR UPDATE OF subject ON tickets
FOR EACH ROW EXECUTE FUNCTION tickets_search_on_ticket();
--> statement-breakpoint
CREATE FUNCTION tickets_search_on_message() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NOT NEW.internal THEN
    UPDATE tickets
       SET search = coalesce(search, ''::tsvector) || setweight(to_tsvector('english', NEW.body), 'B')
     WHERE id = NEW.ticket_id;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER tickets_search_on_message
AFTER INSERT ON messages
FOR EACH ROW EXECUTE FUNCTION tickets_search_on_message();
