-- Members' roles become names the deployment declares (tenancy/roles.ts: the platform's owner and
-- admin, then its product's), no longer a database enum the platform fixes. Expand: a text
-- column beside each enum column, filled from it; while the release before still runs, a trigger
-- keeps the two alike whichever of them a statement writes. The contract step
-- (0013_role_names_contract) drops the enum columns and the enum.
ALTER TABLE "memberships" ADD COLUMN "role_name" text;--> statement-breakpoint
ALTER TABLE "invitations" ADD COLUMN "role_name" text;--> statement-breakpoint
ALTER TABLE "oidc_providers" ADD COLUMN "jit_role_name" text;--> statement-breakpoint
-- A name the enum lacks (a role only this release's product declares) leaves the enum column null.
CREATE FUNCTION "role_as_enum"(name text) RETURNS member_role
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN name = ANY (enum_range(NULL::member_role)::text[]) THEN name::member_role END
$$;--> statement-breakpoint
CREATE FUNCTION "role_name_follows_role"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  -- The release before writes "role"; this one writes "role_name" (the enum still needs a value).
  IF TG_OP = 'INSERT' THEN
    IF NEW.role_name IS NULL THEN
      NEW.role_name := NEW.role::text;
    ELSE
      NEW.role := role_as_enum(NEW.role_name);
    END IF;
  ELSIF NEW.role IS DISTINCT FROM OLD.role THEN
    NEW.role_name := NEW.role::text;
  ELSIF NEW.role_name IS DISTINCT FROM OLD.role_name THEN
    NEW.role := role_as_enum(NEW.role_name);
  END IF;
  RETURN NEW;
END
$$;--> statement-breakpoint
CREATE FUNCTION "jit_role_name_follows_jit_role"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.jit_role_name IS NULL THEN
      NEW.jit_role_name := NEW.jit_role::text;
    ELSE
      NEW.jit_role := role_as_enum(NEW.jit_role_name);
    END IF;
  ELSIF NEW.jit_role IS DISTINCT FROM OLD.jit_role THEN
    NEW.jit_role_name := NEW.jit_role::text;
  ELSIF NEW.jit_role_name IS DISTINCT FROM OLD.jit_role_name THEN
    NEW.jit_role := role_as_enum(NEW.jit_role_name);
  END IF;
  RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER "memberships_role_name" BEFORE INSERT OR UPDATE ON "memberships"
  FOR EACH ROW EXECUTE FUNCTION "role_name_follows_role"();--> statement-breakpoint
CREATE TRIGGER "invitations_role_name" BEFORE INSERT OR UPDATE ON "invitations"
  FOR EACH ROW EXECUTE FUNCTION "role_name_follows_role"();--> statement-breakpoint
CREATE TRIGGER "oidc_providers_jit_role_name" BEFORE INSERT OR UPDATE ON "oidc_providers"
  FOR EACH ROW EXECUTE FUNCTION "jit_role_name_follows_jit_role"();--> statement-breakpoint
-- squawk-ignore ban-drop-not-null -- the release before writes and reads the enum column of every row it knows; a role only this release declares has no enum value
ALTER TABLE "memberships" ALTER COLUMN "role" DROP NOT NULL;--> statement-breakpoint
-- squawk-ignore ban-drop-not-null -- as for memberships
ALTER TABLE "invitations" ALTER COLUMN "role" DROP NOT NULL;--> statement-breakpoint
UPDATE "memberships" SET "role_name" = "role"::text WHERE "role_name" IS NULL;--> statement-breakpoint
UPDATE "invitations" SET "role_name" = "role"::text WHERE "role_name" IS NULL;--> statement-breakpoint
UPDATE "oidc_providers" SET "jit_role_name" = "jit_role"::text
 WHERE "jit_role" IS NOT NULL AND "jit_role_name" IS NULL;
