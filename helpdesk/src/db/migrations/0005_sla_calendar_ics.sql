ALTER TABLE "sla_calendars" ADD COLUMN "ics_url" text;--> statement-breakpoint
ALTER TABLE "sla_calendars" ADD COLUMN "ics_holidays" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "sla_calendars" ADD COLUMN "ics_status" jsonb;