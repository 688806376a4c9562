#!/usr/bin/env bash
# Prints what a phone downloads for the home page of the release build:
# each resource's size as served (brotli, then gzip) and the total.
# Budget: <= 250 KB compressed. Needs the release build (scripts/build.sh).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$PORO_ROOT"
port="${BENCH_PORT:-3190}"
db_dir="$(mktemp -d)"
LEPTOS_SITE_ADDR="127.0.0.1:$port" DATABASE_URL="sqlite://$db_dir/bench.db" RUST_LOG=warn \
  "$CARGO_TARGET_DIR/release/porozmawiajmy" &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$db_dir"' EXIT
for _ in $(seq 1 100); do
  curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break
  sleep 0.1
done
base="http://127.0.0.1:$port"
html="$(curl -s "$base/")"
assets=$(printf '%s' "$html" | grep -oE '/pkg/[A-Za-z0-9._-]+\.(js|wasm|css)' | sort -u)
for encoding in br gzip; do
  total=0
  printf '\nencoding: %s\n' "$encoding"
  for path in / $assets; do
    size=$(curl -s -H "Accept-Encoding: $encoding" -o /dev/null -w '%{size_download}' "$base$path")
    raw=$(curl -s -o /dev/null -w '%{size_download}' "$base$path")
    printf '  %-60s %8d bytes (raw %d)\n' "$path" "$size" "$raw"
    total=$((total + size))
  done
  printf '  %-60s %8d bytes = %d KB (budget 250 KB)\n' "TOTAL" "$total" $((total / 1024))
done
