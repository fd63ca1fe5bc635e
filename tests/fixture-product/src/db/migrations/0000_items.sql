-- The fixture product's tables: items of an organization, and the stamps its queue's job
-- writes on them.
CREATE TABLE "items" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL REFERENCES "organizations"("id") ON DELETE CASCADE,
	"owner_id" uuid NOT NULL REFERENCES "users"("id"),
	"title" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "items_org_created_idx" ON "items" USING btree ("org_id","created_at" DESC,"id" DESC);
--> statement-breakpoint
CREATE INDEX "items_owner_idx" ON "items" USING btree ("owner_id");
--> statement-breakpoint
CREATE TABLE "item_stamps" (
	"item_id" uuid PRIMARY KEY NOT NULL REFERENCES "items"("id") ON DELETE CASCADE,
	"runs" integer DEFAULT 1 NOT NULL,
	"stamped_at" timestamp with time zone DEFAULT now() NOT NULL
);
