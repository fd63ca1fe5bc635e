CREATE TYPE "public"."inbound_auth_policy" AS ENUM('accept', 'flag', 'reject');--> statement-breakpoint
CREATE TYPE "public"."inbound_status" AS ENUM('received', 'processed', 'dropped', 'held', 'refused');--> statement-breakpoint
CREATE TABLE "contacts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"bounced_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inbound_emails" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"message_key" text NOT NULL,
	"mail_from" text NOT NULL,
	"rcpt_to" text NOT NULL,
	"remote_address" text NOT NULL,
	"helo" text NOT NULL,
	"raw" "bytea" NOT NULL,
	"size" integer NOT NULL,
	"status" "inbound_status" DEFAULT 'received' NOT NULL,
	"outcome" text,
	"authentication" jsonb,
	"ticket_id" uuid,
	"message_id" uuid,
	"received_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"processed_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "inbound_settings" (
	"org_id" uuid PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"auth_policy" "inbound_auth_policy" DEFAULT 'flag' NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
-- squawk-ignore ban-drop-not-null -- released in 1.0.0 and applied by every database since; only a contact's ticket, message or attachment (inbound mail, new in this migration) has no member: the release before never met one
ALTER TABLE "attachments" ALTER COLUMN "uploaded_by" DROP NOT NULL;--> statement-breakpoint
-- squawk-ignore ban-drop-not-null -- released in 1.0.0 and applied by every database since; only a contact's ticket, message or attachment (inbound mail, new in this migration) has no member: the release before never met one
ALTER TABLE "messages" ALTER COLUMN "author_id" DROP NOT NULL;--> statement-breakpoint
-- squawk-ignore ban-drop-not-null -- released in 1.0.0 and applied by every database since; only a contact's ticket, message or attachment (inbound mail, new in this migration) has no member: the release before never met one
ALTER TABLE "tickets" ALTER COLUMN "requester_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "attachments" ADD COLUMN "uploaded_by_contact" uuid;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "author_contact_id" uuid;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "contact_id" uuid;--> statement-breakpoint
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbound_emails" ADD CONSTRAINT "inbound_emails_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbound_emails" ADD CONSTRAINT "inbound_emails_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbound_emails" ADD CONSTRAINT "inbound_emails_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbound_settings" ADD CONSTRAINT "inbound_settings_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "contacts_org_email_key" ON "contacts" USING btree ("org_id",lower("email"));--> statement-breakpoint
CREATE UNIQUE INDEX "inbound_emails_org_message_key" ON "inbound_emails" USING btree ("org_id","message_key");--> statement-breakpoint
CREATE INDEX "inbound_emails_org_received_idx" ON "inbound_emails" USING btree ("org_id","received_at");--> statement-breakpoint
CREATE INDEX "inbound_emails_org_sender_idx" ON "inbound_emails" USING btree ("org_id",lower("mail_from"),"received_at");--> statement-breakpoint
CREATE UNIQUE INDEX "inbound_settings_slug_key" ON "inbound_settings" USING btree (lower("slug"));--> statement-breakpoint
-- squawk-ignore adding-foreign-key-constraint, constraint-missing-not-valid -- released in 1.0.0 and applied by every database since; the column is new, null in every row: validation reads the table once and checks nothing
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_uploaded_by_contact_contacts_id_fk" FOREIGN KEY ("uploaded_by_contact") REFERENCES "public"."contacts"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
-- squawk-ignore adding-foreign-key-constraint, constraint-missing-not-valid -- released in 1.0.0 and applied by every database since; the column is new, null in every row: validation reads the table once and checks nothing
ALTER TABLE "messages" ADD CONSTRAINT "messages_author_contact_id_contacts_id_fk" FOREIGN KEY ("author_contact_id") REFERENCES "public"."contacts"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
-- squawk-ignore adding-foreign-key-constraint, constraint-missing-not-valid -- released in 1.0.0 and applied by every database since; the column is new, null in every row: validation reads the table once and checks nothing
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
-- squawk-ignore constraint-missing-not-valid -- released in 1.0.0 and applied by every database since; every row had exactly one of the two (the new column null): validated in one read of the table
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_one_uploader" CHECK (num_nonnulls("attachments"."uploaded_by", "attachments"."uploaded_by_contact") = 1);--> statement-breakpoint
-- squawk-ignore constraint-missing-not-valid -- released in 1.0.0 and applied by every database since; every row had exactly one of the two (the new column null): validated in one read of the table
ALTER TABLE "messages" ADD CONSTRAINT "messages_one_author" CHECK (num_nonnulls("messages"."author_id", "messages"."author_contact_id") = 1);--> statement-breakpoint
-- squawk-ignore constraint-missing-not-valid -- released in 1.0.0 and applied by every database since; every row had exactly one of the two (the new column null): validated in one read of the table
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_one_requester" CHECK (num_nonnulls("tickets"."requester_id", "tickets"."contact_id") = 1);--> statement-breakpoint
-- The first-response rule with tickets opened by email: an answer is a member's public message
-- (a contact's mail never answers) by someone other than the requester (`isPublicReply`).
CREATE OR REPLACE FUNCTION tickets_search_on_message() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE tickets t
     SET updated_at = now(),
         first_response_at = CASE
           WHEN NOT NEW.internal AND NEW.author_id IS NOT NULL
                AND NEW.author_id IS DISTINCT FROM t.requester_id
             THEN coalesce(t.first_response_at, now())
           ELSE t.first_response_at END,
         search = CASE
           WHEN NEW.internal THEN t.search
           ELSE coalesce(t.search, ''::tsvector) || setweight(to_tsvector('english', NEW.body), 'B') END
   WHERE t.id = NEW.ticket_id;
  RETURN NULL;
END
$$;
