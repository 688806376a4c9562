#!/usr/bin/env bash
# Starts the release server for the browser tests: port $1, clock pinned to $2,
# a fresh SQLite file (demo data seeded on start) with one admin account. Used by end2end/playwright.config.ts.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
port="$1"
now="$2"
db_dir="$(mktemp -d)"
trap 'rm -rf "$db_dir"' EXIT
cd "$PORO_ROOT"
export DATABASE_URL="sqlite://$db_dir/e2e.db"
# The first admin, as an operator would create it (end2end/tests/staff.spec.ts signs in with it).
printf '%s\n' "haslo-administratora-2028" | RUST_LOG=warn \
  "$CARGO_TARGET_DIR/release/porozmawiajmy" create-admin --email admin@krakow.test --name "Ada Administratorka" >/dev/null
LEPTOS_SITE_ADDR="127.0.0.1:$port" \
PORO_NOW="$now" \
PORO_SEED_DEMO=true \
  "$CARGO_TARGET_DIR/release/porozmawiajmy"
