-- A notification keeps the subject its ticket had when it was made (what its recipient was
-- told), instead of reading the ticket's current one. Existing rows take today's subject.
ALTER TABLE "notifications" ADD COLUMN "ticket_subject" text;--> statement-breakpoint
UPDATE "notifications" n SET "ticket_subject" = t."subject" FROM "tickets" t WHERE t."id" = n."ticket_id";--> statement-breakpoint
ALTER TABLE "notifications" ALTER COLUMN "ticket_subject" SET NOT NULL;
