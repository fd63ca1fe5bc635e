#!/bin/sh
# Picks the service: the first argument, else $SERVICE. Platforms that run the image without a
# command of yours (Railway) take a variable SERVICE=api|ws|worker|inbound that you set on each service:
# no platform sets it.
set -e
service="${1:-${SERVICE:-api}}"
case "$service" in
  api|ws|worker|inbound) exec bun "services/$service/src/main.ts" ;;
  migrate) exec bun services/api/src/migrate-cli.ts ;;
  rotate-keys) exec bun services/api/src/rotate-keys-cli.ts ;;
  *) echo "unknown service '$service' (expected api, ws, worker, inbound, migrate or rotate-keys)" >&2; exit 64 ;;
esac
