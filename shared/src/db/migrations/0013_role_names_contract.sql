-- migrate: contract
-- The enum columns go, with the trigger that kept them alike and the enum itself: the release
-- before reads "role", so this runs once none of its instances is left. A role's name is
-- spelled like the deployment's roles (tenancy/roles.ts), checked from here on (rows already
-- there: 0014); which names the deployment declares the services check where a role comes in.
DROP TRIGGER "memberships_role_name" ON "memberships";--> statement-breakpoint
DROP TRIGGER "invitations_role_name" ON "invitations";--> statement-breakpoint
DROP TRIGGER "oidc_providers_jit_role_name" ON "oidc_providers";--> statement-breakpoint
DROP FUNCTION "role_name_follows_role"();--> statement-breakpoint
DROP FUNCTION "jit_role_name_follows_jit_role"();--> statement-breakpoint
DROP FUNCTION "role_as_enum"(text);--> statement-breakpoint
ALTER TABLE "memberships" DROP COLUMN "role";--> statement-breakpoint
ALTER TABLE "invitations" DROP COLUMN "role";--> statement-breakpoint
ALTER TABLE "oidc_providers" DROP COLUMN "jit_role";--> statement-breakpoint
DROP TYPE "member_role";--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_role_name_spelled"
  CHECK ("role_name" ~ '^[a-z][a-z0-9-]{0,31}$' AND "role_name" IS NOT NULL) NOT VALID;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_role_name_spelled"
  CHECK ("role_name" ~ '^[a-z][a-z0-9-]{0,31}$' AND "role_name" IS NOT NULL) NOT VALID;--> statement-breakpoint
ALTER TABLE "oidc_providers" ADD CONSTRAINT "oidc_providers_jit_role_name_spelled"
  CHECK ("jit_role_name" ~ '^[a-z][a-z0-9-]{0,31}$') NOT VALID;
