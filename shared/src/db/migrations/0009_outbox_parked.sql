-- The relay's dead letters: a row it cannot relay (a payload its declaration no longer admits, an
-- undeclared type, effects that fail for the row's own sake) moves here, so that it no longer holds
-- up every row behind it (a poison row stopped the relay for everyone: shared/src/events/outbox.ts).
CREATE TABLE "outbox_parked" (
	"id" bigint PRIMARY KEY NOT NULL,
	"org_id" uuid,
	"type" text NOT NULL,
	"payload" jsonb NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"trace_parent" text,
	"attempts" integer NOT NULL,
	"why" text NOT NULL,
	"reason" text NOT NULL,
	"parked_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "outbox_parked_at_idx" ON "outbox_parked" USING btree ("parked_at");