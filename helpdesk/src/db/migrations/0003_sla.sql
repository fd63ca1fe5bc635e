-- squawk-ignore require-enum-value-ordering -- the kinds have no order: appended at the end on purpose
ALTER TYPE "public"."notification_kind" ADD VALUE 'sla_warning';--> statement-breakpoint
-- squawk-ignore require-enum-value-ordering -- the kinds have no order: appended at the end on purpose
ALTER TYPE "public"."notification_kind" ADD VALUE 'sla_breached';--> statement-breakpoint
CREATE TABLE "sla_calendars" (
	"org_id" uuid PRIMARY KEY NOT NULL,
	"time_zone" text NOT NULL,
	"weekly" jsonb NOT NULL,
	"holidays" jsonb NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sla_firings" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"ticket_id" uuid NOT NULL,
	"policy_id" uuid,
	"target" text NOT NULL,
	"cycle" text NOT NULL,
	"kind" text NOT NULL,
	"due_at" timestamp (3) with time zone NOT NULL,
	"fired_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sla_policies" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"name" text NOT NULL,
	"position" integer NOT NULL,
	"is_default" boolean DEFAULT false NOT NULL,
	"priorities" jsonb NOT NULL,
	"paused_statuses" jsonb NOT NULL,
	"first_response_minutes" integer,
	"next_response_minutes" integer,
	"resolution_minutes" integer,
	"warning_minutes" integer,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ticket_slas" (
	"ticket_id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"policy_id" uuid,
	"policy_name" text,
	"first_response_due_at" timestamp (3) with time zone,
	"next_response_due_at" timestamp (3) with time zone,
	"resolution_due_at" timestamp (3) with time zone,
	"breached" jsonb NOT NULL,
	"timers" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"job_id" text,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ticket_status_changes" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "ticket_status_changes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"ticket_id" uuid NOT NULL,
	"status" "ticket_status" NOT NULL,
	"at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "sla_calendars" ADD CONSTRAINT "sla_calendars_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sla_firings" ADD CONSTRAINT "sla_firings_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sla_firings" ADD CONSTRAINT "sla_firings_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sla_firings" ADD CONSTRAINT "sla_firings_policy_id_sla_policies_id_fk" FOREIGN KEY ("policy_id") REFERENCES "public"."sla_policies"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sla_policies" ADD CONSTRAINT "sla_policies_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_slas" ADD CONSTRAINT "ticket_slas_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_slas" ADD CONSTRAINT "ticket_slas_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_slas" ADD CONSTRAINT "ticket_slas_policy_id_sla_policies_id_fk" FOREIGN KEY ("policy_id") REFERENCES "public"."sla_policies"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_status_changes" ADD CONSTRAINT "ticket_status_changes_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "sla_firings_once_key" ON "sla_firings" USING btree ("ticket_id","target","cycle","kind");--> statement-breakpoint
CREATE INDEX "sla_firings_org_idx" ON "sla_firings" USING btree ("org_id","fired_at");--> statement-breakpoint
CREATE UNIQUE INDEX "sla_policies_org_name_key" ON "sla_policies" USING btree ("org_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "sla_policies_one_default_key" ON "sla_policies" USING btree ("org_id") WHERE is_default;--> statement-breakpoint
CREATE INDEX "sla_policies_org_position_idx" ON "sla_policies" USING btree ("org_id","position");--> statement-breakpoint
CREATE INDEX "ticket_slas_org_idx" ON "ticket_slas" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "ticket_status_changes_ticket_idx" ON "ticket_status_changes" USING btree ("ticket_id","at","id");--> statement-breakpoint
CREATE FUNCTION tickets_status_history() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' OR NEW.status IS DISTINCT FROM OLD.status THEN
    INSERT INTO ticket_status_changes (ticket_id, status, at) VALUES (NEW.id, NEW.status, now());
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER tickets_status_history AFTER INSERT OR UPDATE OF status ON tickets
  FOR EACH ROW EXECUTE FUNCTION tickets_status_history();--> statement-breakpoint
-- The tickets there are: created open, and in their current status since their last change.
INSERT INTO ticket_status_changes (ticket_id, status, at)
  SELECT id, 'open', created_at FROM tickets;--> statement-breakpoint
INSERT INTO ticket_status_changes (ticket_id, status, at)
  SELECT id, status, updated_at FROM tickets WHERE status <> 'open';
