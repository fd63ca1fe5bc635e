-- migrate: contract
-- A message updates its ticket's updated_at and its search words; it no longer starts the
-- ticket's first-response clock. Whether a message is a public reply is decided once, where it
-- is recorded (helpdesk/src/public-reply.ts), and that reply starts the clock itself
-- (`startFirstResponse`). A contract step: the release before relies on this trigger to start it.
CREATE OR REPLACE FUNCTION tickets_search_on_message() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE tickets t SET updated_at = now() WHERE t.id = NEW.ticket_id;
  IF NOT NEW.internal THEN
    UPDATE ticket_search s SET search = ticket_words_append(s.search, NEW.body)
     WHERE s.ticket_id = NEW.ticket_id;
  END IF;
  RETURN NULL;
END
$$;
