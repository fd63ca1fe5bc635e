-- Wakes the outbox relay when events commit: one NOTIFY per inserting statement, delivered at
-- commit (and not at all on rollback). Doing it in a trigger saves every writer a round trip.
CREATE FUNCTION outbox_notify() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('insightdesk_outbox', '');
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER outbox_notify
AFTER INSERT ON outbox
FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify();
