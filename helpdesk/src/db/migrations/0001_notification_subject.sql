-- A notification keeps the subject its ticket had when it was made (what its recipient was
-- told), instead of reading the ticket's current one. Existing rows take today's subject.
ALTER TABLE "notifications" ADD COLUMN "ticket_subject" text;--> statement-breakpoint
UPDATE "notifications" n SET "ticket_subject" = t."subject" FROM "tickets" t WHERE t."id" = n."ticket_id";--> statement-breakpoint
-- squawk-ignore adding-not-nullable-field -- released in 1.0.0 and applied by every database since; set right after the backfill above, in its transaction: a notification without the subject never existed
ALTER TABLE "notifications" ALTER COLUMN "ticket_subject" SET NOT NULL;
