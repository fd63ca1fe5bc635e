-- A ticket's words are one tsvector, and a tsvector holds at most 1 MB of distinct words. A
-- thread past that (43 messages of 20,000 characters of distinct tokens: pasted logs, or a
-- requester filling their own ticket) made every later public message on it fail, and its
-- retitling too (the subject's trigger re-read the whole thread). The words now stop growing at
-- the limit: a message whose words do not fit is written all the same, its words left out of the
-- search; a new subject replaces the old one's words and keeps the thread's, without reading
-- the messages again.
CREATE FUNCTION ticket_words_append(words tsvector, body text) RETURNS tsvector
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
  RETURN words || setweight(to_tsvector('english', body), 'B');
EXCEPTION WHEN program_limit_exceeded THEN
  RETURN words;
END
$$;
--> statement-breakpoint
CREATE FUNCTION ticket_words_retitle(words tsvector, subject text) RETURNS tsvector
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
  RETURN setweight(to_tsvector('english', subject), 'A') || ts_filter(words, '{b}');
EXCEPTION WHEN program_limit_exceeded THEN
  RETURN words;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION tickets_search_on_ticket() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO ticket_search (ticket_id, search)
    VALUES (NEW.id, ticket_words_retitle(''::tsvector, NEW.subject))
    ON CONFLICT (ticket_id)
    DO UPDATE SET search = ticket_words_retitle(ticket_search.search, NEW.subject);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION tickets_search_on_message() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE tickets t
     SET updated_at = now(),
         first_response_at = CASE
           WHEN NOT NEW.internal AND NEW.author_id IS NOT NULL
                AND NEW.author_id IS DISTINCT FROM t.requester_id
             THEN coalesce(t.first_response_at, now())
           ELSE t.first_response_at END
   WHERE t.id = NEW.ticket_id;
  IF NOT NEW.internal THEN
    UPDATE ticket_search s SET search = ticket_words_append(s.search, NEW.body)
     WHERE s.ticket_id = NEW.ticket_id;
  END IF;
  RETURN NULL;
END
$$;
