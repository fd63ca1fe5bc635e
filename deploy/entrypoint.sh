#!/bin/sh
# Picks the service: the first argument, else $SERVICE. Platforms that run the image without a
# command of yours (Railway) take a variable SERVICE=api|ws|worker|inbound that you set on each service:
# no platform sets it.
# DATABASE_OWNER_URL (the schema's owner, docs/deployment.md#database-roles) is for `migrate`
# alone: where a platform hands every process the same secrets (Fly.io's app secrets, Railway's
# service variables that its pre-deploy `migrate` reads too), the services never see it; and the
# api, which could not migrate as the services' role, leaves migrations to `migrate` unless told.
set -e
service="${1:-${SERVICE:-api}}"
case "$service" in
  api|ws|worker|inbound)
    if [ -n "${DATABASE_OWNER_URL:-}" ]; then export DB_MIGRATE_ON_START="${DB_MIGRATE_ON_START:-false}"; fi
    unset DATABASE_OWNER_URL
    # The image runs the bundle its build made (tools/build-services.ts); a checkout, the sources.
    if [ -f "dist/$service/main.js" ]; then exec bun "dist/$service/main.js"; fi
    exec bun "services/$service/src/main.ts" ;;
  # `migrate [--phase expand|contract]`: expand by default (docs/deployment.md#upgrading-without-a-pause).
  migrate) if [ "$#" -gt 0 ]; then shift; fi; exec bun services/api/src/migrate-cli.ts "$@" ;;
  rotate-keys) exec bun services/api/src/rotate-keys-cli.ts ;;
  *) echo "unknown service '$service' (expected api, ws, worker, inbound, migrate or rotate-keys)" >&2; exit 64 ;;
esac
