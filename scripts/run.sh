#!/usr/bin/env bash
# Quick start: set up, build (release) and serve the app at
# http://127.0.0.1:3000 on an embedded SQLite file (data/porozmawiajmy.db),
# created, migrated and filled with Kraków's demo data on first start.
# LEPTOS_SITE_ADDR and DATABASE_URL override the address and the database.
set -euo pipefail
here="$(dirname "${BASH_SOURCE[0]}")"
bash "$here/setup.sh"
bash "$here/build.sh"
source "$here/env.sh"
cd "$PORO_ROOT"
# Local development serves plain HTTP: say so, or cookies would be `Secure`
# (the default) and the browser would drop them. Behind HTTPS set
# PORO_PUBLIC_URL=https://… instead.
export PORO_PUBLIC_URL="${PORO_PUBLIC_URL:-http://${LEPTOS_SITE_ADDR:-127.0.0.1:3000}}"
poro_step "Serving on http://${LEPTOS_SITE_ADDR:-127.0.0.1:3000} (Ctrl-C stops)"
exec "$CARGO_TARGET_DIR/release/porozmawiajmy"
