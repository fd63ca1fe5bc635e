-- The ticket counter was a column of the platform's `organizations` (ticket_seq) before the
-- split; it is the help desk's, in a table of its own. A database migrated by the single history
-- still has the column: its values are copied here, then the column is dropped (the product takes
-- back what it had put in a platform table). A fresh database has no such column.
CREATE TABLE "ticket_counters" (
	"org_id" uuid PRIMARY KEY NOT NULL,
	"last_number" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "ticket_counters" ADD CONSTRAINT "ticket_counters_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM information_schema.columns
              WHERE table_schema = current_schema() AND table_name = 'organizations'
                AND column_name = 'ticket_seq') THEN
    INSERT INTO ticket_counters (org_id, last_number)
      SELECT id, ticket_seq FROM organizations WHERE ticket_seq > 0;
    ALTER TABLE organizations DROP COLUMN ticket_seq;
  END IF;
END
$$;
