ALTER TABLE "email_deliveries" ALTER COLUMN "sent_at" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "email_deliveries" ALTER COLUMN "sent_at" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "email_deliveries" ADD COLUMN "claim_token" uuid;--> statement-breakpoint
ALTER TABLE "email_deliveries" ADD COLUMN "claimed_until" timestamp (3) with time zone;