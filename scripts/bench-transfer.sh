#!/usr/bin/env bash
# Prints what a phone downloads on a first visit to each resident page of
# the release build — the HTML and every /pkg asset it names, as served
# (brotli, then gzip) — and the total per page against the 150 KB budget.
# Also checks that the staff panel's code is not in what residents get.
# Needs the release build (scripts/build.sh).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$PORO_ROOT"
poro_bench_server "${BENCH_PORT:-3190}"
base="$PORO_BENCH_BASE"
budget=$((150 * 1024))
printf 'Release build, first visit (nothing cached), %s\n' "$(date -u +%Y-%m-%d)"
for page in / /ankieta /wyniki /spotkania /postulaty; do
  html="$(curl -s "$base$page")"
  assets=$(printf '%s' "$html" | grep -oE '(/pkg/[A-Za-z0-9._-]+\.(js|wasm|css)|/(start|calendar|results|live|console|events)\.js|/pages\.css)' | sort -u)
  for encoding in br gzip; do
    total=0
    printf '\n%s  (%s)\n' "$page" "$encoding"
    for path in "$page" $assets; do
      size=$(curl -s -H "Accept-Encoding: $encoding" -o /dev/null -w '%{size_download}' "$base$path")
      raw=$(curl -s -o /dev/null -w '%{size_download}' "$base$path")
      printf '  %-60s %8d bytes (raw %d)\n' "$path" "$size" "$raw"
      total=$((total + size))
    done
    verdict=$([ "$total" -le "$budget" ] && echo "within" || echo "OVER")
    printf '  %-60s %8d bytes = %d KB (%s the 150 KB budget)\n' "TOTAL" "$total" $((total / 1024)) "$verdict"
  done
done
# The staff panel's server functions and texts must not be in the browser code.
wasm=$(ls target/site/pkg/*.wasm | head -1)
printf '\nstaff code in %s:\n' "$wasm"
for marker in admin/staff/create admin/staff/role official/queue moderation/overview staff/logout \
  admin/meetings/move admin/meetings/create staff/meetings/held; do
  if grep -q -a -F "$marker" "$wasm"; then
    printf '  %-30s PRESENT\n' "$marker"
  else
    printf '  %-30s absent\n' "$marker"
  fi
done
