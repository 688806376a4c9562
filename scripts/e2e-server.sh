#!/usr/bin/env bash
# Starts the release server for the browser tests: port $1, clock pinned to $2,
# a fresh SQLite file (demo data with its made-up survey answers seeded on
# start) with one admin account. Used by end2end/playwright.config.ts.
# PORO_BINARY and LEPTOS_SITE_ROOT may point at another build (the service
# worker's update test serves a second build on the same port).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
port="$1"
now="$2"
db_dir="$(mktemp -d)"
trap 'rm -rf "$db_dir"' EXIT
cd "$PORO_ROOT"
export DATABASE_URL="sqlite://$db_dir/e2e.db"
# The first admin, as an operator would create it (end2end/tests/staff.spec.ts signs in with it).
binary="${PORO_BINARY:-$CARGO_TARGET_DIR/release/porozmawiajmy}"
printf '%s\n' "haslo-administratora-2028" | RUST_LOG=warn \
  "$binary" create-admin --email admin@krakow.test --name "Ada Administratorka" >/dev/null
RUST_LOG="${RUST_LOG:-warn}" \
LEPTOS_SITE_ADDR="127.0.0.1:$port" \
PORO_PUBLIC_URL="http://127.0.0.1:$port" \
PORO_NOW="$now" \
PORO_SEED_DEMO=true \
  "$binary"
