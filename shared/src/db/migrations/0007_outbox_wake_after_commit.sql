-- The relay is woken after a writer's commit (shared/src/db/wake.ts), no longer by a trigger.
-- A NOTIFY in a transaction takes PostgreSQL's one lock on the notification queue at commit and
-- holds it through the commit's WAL flush: every transaction writing the outbox — nearly every
-- write — committed one at a time, cluster-wide (bench/README.md, nineteenth stop).
DROP TRIGGER IF EXISTS outbox_notify ON outbox;--> statement-breakpoint
DROP FUNCTION IF EXISTS outbox_notify();
