CREATE TYPE "public"."export_status" AS ENUM('running', 'ready', 'failed');--> statement-breakpoint
CREATE TABLE "exports" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"requested_by" uuid,
	"status" "export_status" DEFAULT 'running' NOT NULL,
	"file_key" text,
	"lines" integer,
	"bytes" bigint,
	"sha256" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp (3) with time zone
);
--> statement-breakpoint
ALTER TABLE "exports" ADD CONSTRAINT "exports_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exports" ADD CONSTRAINT "exports_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "exports_org_idx" ON "exports" USING btree ("org_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "exports_one_running_key" ON "exports" USING btree ("org_id") WHERE status = 'running';