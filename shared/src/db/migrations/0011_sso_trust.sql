-- What an organization's identity provider may speak for (docs/sso.md, "Trust model"): the domains
-- an organization proved with a DNS TXT record, one organization per proven domain; who made each
-- identity link (the account holder's proof, or the provider alone); the organization a session
-- started through a provider reaches; how a provider authenticates the client. Expand only: new
-- table, nullable columns and constant defaults, a NOT NULL dropped.
CREATE TABLE "organization_domains" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"domain" text NOT NULL,
	"challenge" text NOT NULL,
	"verified_at" timestamp (3) with time zone,
	"checked_at" timestamp (3) with time zone,
	"missed_checks" integer DEFAULT 0 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "organization_domains" ADD CONSTRAINT "organization_domains_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organization_domains" ADD CONSTRAINT "organization_domains_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "organization_domains_org_domain_key" ON "organization_domains" USING btree ("org_id","domain");--> statement-breakpoint
CREATE UNIQUE INDEX "organization_domains_proven_key" ON "organization_domains" USING btree ("domain") WHERE "verified_at" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "organization_domains_created_by_idx" ON "organization_domains" USING btree ("created_by");--> statement-breakpoint
CREATE INDEX "organization_domains_checked_idx" ON "organization_domains" USING btree ("checked_at") WHERE "verified_at" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "oidc_identities" ADD COLUMN "linked_by" text DEFAULT 'provider' NOT NULL;--> statement-breakpoint
ALTER TABLE "oidc_identities" ADD COLUMN "org_id" uuid;--> statement-breakpoint
ALTER TABLE "refresh_tokens" ADD COLUMN "reach_org" uuid;--> statement-breakpoint
ALTER TABLE "refresh_tokens" ADD COLUMN "reach_account" boolean DEFAULT true NOT NULL;--> statement-breakpoint
-- squawk-ignore require-concurrent-index-creation -- a partial index on the column added above, null in every row: the build reads refresh_tokens once and indexes nothing; sign-ins wait for that read
CREATE INDEX "refresh_tokens_reach_org_idx" ON "refresh_tokens" USING btree ("reach_org") WHERE "reach_org" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "oidc_providers" ADD COLUMN "client_auth" text DEFAULT 'client_secret_basic' NOT NULL;--> statement-breakpoint
ALTER TABLE "oidc_providers" ADD COLUMN "client_key" text;--> statement-breakpoint
-- squawk-ignore ban-drop-not-null -- the release before writes every provider with a secret and reads only those; a provider set to private_key_jwt (no secret) fails sign-in on a 1.0.0 api: set such providers once none is left (CHANGELOG.md)
ALTER TABLE "oidc_providers" ALTER COLUMN "client_secret" DROP NOT NULL;
--> statement-breakpoint
-- Links made before a link needed its holder: those the audit log shows made by a sign-in that
-- created the account (provisioned) or by the holder's password (owner) keep working; the others
-- (an existing member, an unverified account taken over: the provider's word alone) are removed,
-- and their holders link again with their own proof.
UPDATE "oidc_identities" AS i
   SET "linked_by" = CASE a."change"->>'account' WHEN 'created' THEN 'provisioned' ELSE 'owner' END,
       "org_id" = a."organization_id"
  FROM "audit_log" AS a
 WHERE a."action" = 'sso.identity-linked'
   AND a."change"->>'account' IN ('created', 'password proven')
   AND a."actor_id" = i."user_id"
   AND a."change"->>'subject' = i."subject"
   AND a."change"->>'issuer' = i."issuer";--> statement-breakpoint
DELETE FROM "oidc_identities" WHERE "linked_by" = 'provider';--> statement-breakpoint
-- Sessions of accounts with a provider link, started before sessions had a reach (every one
-- reached the whole account), end once: the next sign-in starts one that reaches what it may.
UPDATE "refresh_tokens" SET "revoked_at" = now()
 WHERE "revoked_at" IS NULL AND "reach_org" IS NULL
   AND "user_id" IN (SELECT "user_id" FROM "oidc_identities"
                     UNION SELECT "actor_id" FROM "audit_log"
                            WHERE "action" = 'auth.login' AND "change"->>'method' = 'sso');--> statement-breakpoint
UPDATE "users" SET "session_epoch" = "session_epoch" + 1
 WHERE "id" IN (SELECT "user_id" FROM "oidc_identities"
                UNION SELECT "actor_id" FROM "audit_log"
                       WHERE "action" = 'auth.login' AND "change"->>'method' = 'sso');
