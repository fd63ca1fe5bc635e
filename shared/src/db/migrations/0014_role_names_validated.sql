-- migrate: contract, no-transaction
-- The rows already there are checked against the spelling constraints 0013 added (reads and
-- writes go on meanwhile); then the names are NOT NULL, which the validated check proves without
-- another scan. Each statement may run again.
-- squawk-ignore prefer-robust-stmts -- validating a validated constraint, or setting NOT NULL on a NOT NULL column, does nothing: safe to run again
ALTER TABLE "memberships" VALIDATE CONSTRAINT "memberships_role_name_spelled";--> statement-breakpoint
-- squawk-ignore prefer-robust-stmts -- validating a validated constraint, or setting NOT NULL on a NOT NULL column, does nothing: safe to run again
ALTER TABLE "memberships" ALTER COLUMN "role_name" SET NOT NULL;--> statement-breakpoint
-- squawk-ignore prefer-robust-stmts -- validating a validated constraint, or setting NOT NULL on a NOT NULL column, does nothing: safe to run again
ALTER TABLE "invitations" VALIDATE CONSTRAINT "invitations_role_name_spelled";--> statement-breakpoint
-- squawk-ignore prefer-robust-stmts -- validating a validated constraint, or setting NOT NULL on a NOT NULL column, does nothing: safe to run again
ALTER TABLE "invitations" ALTER COLUMN "role_name" SET NOT NULL;--> statement-breakpoint
-- squawk-ignore prefer-robust-stmts -- validating a validated constraint, or setting NOT NULL on a NOT NULL column, does nothing: safe to run again
ALTER TABLE "oidc_providers" VALIDATE CONSTRAINT "oidc_providers_jit_role_name_spelled";
