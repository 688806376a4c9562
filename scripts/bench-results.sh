#!/usr/bin/env bash
# Survey results at scale (release build): fills a new SQLite file with
# BENCH_ANSWERS made-up answers (default one million, through the same
# storage path and triggers as real ones), then measures with wrk
# (32 connections) the results pages and the open-data file, next to
# /offline (a page with no data). Prints the load time, the database size,
# requests per second and p50/p99 latency (target for the pages: p99 <= 20 ms
# — "instant at a million answers" — and 100x under a full recount, timed
# in the same run). Needs the release build (scripts/build.sh).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$PORO_ROOT"
command -v wrk >/dev/null 2>&1 || bash "$(dirname "${BASH_SOURCE[0]}")/bench-pages.sh" --install-only
answers="${BENCH_ANSWERS:-1000000}"
seconds="${BENCH_SECONDS:-5}"
connections="${BENCH_CONNECTIONS:-32}"
# The demo round's survey is open now (real clock): results are public.
RUST_LOG=error poro_bench_server "${BENCH_PORT:-3193}"
base="$PORO_BENCH_BASE"
start=$(date +%s)
DATABASE_URL="$PORO_BENCH_DB" RUST_LOG=warn \
  "$CARGO_TARGET_DIR/release/porozmawiajmy" demo-answers --count "$answers" >/dev/null
loaded=$(( $(date +%s) - start ))
size=$(du -sh "$PORO_BENCH_DIR" | cut -f1)

# One wrk run with $2 connections: prints "rate p50 p99 non-2xx".
measure() {
  local out rate p50 p99 errors
  out="$(wrk -t"$(( $2 < 2 ? 1 : 2 ))" -c"$2" -d"${seconds}s" --latency "$base$1")"
  rate=$(printf '%s\n' "$out" | awk '/^Requests\/sec/ {print $2}')
  p50=$(printf '%s\n' "$out" | awk '$1 == "50%" {print $2}')
  p99=$(printf '%s\n' "$out" | awk '$1 == "99%" {print $2}')
  errors=$(printf '%s\n' "$out" | awk '/Non-2xx/ {print $NF}')
  printf '%s %s %s %s\n' "$rate" "$p50" "$p99" "${errors:-0}"
}

printf 'Release build, %s answers stored in %ss (database %s), wrk -t2 -c%s -d%ss, %s, %s cores\n' \
  "$answers" "$loaded" "$size" "$connections" "$seconds" "$(date -u +%Y-%m-%d)" "$(nproc)"
curl -sf "$base/wyniki/dane/wyniki.json" | python3 -c '
import json, sys
views = json.load(sys.stdin)["views"]
print("answers per district:", ", ".join("%s %d" % (v["district"], v["answers"]) for v in views[:-1]), "| all", views[-1]["answers"])'
# A full recount of every tally from the answers, for comparison.
recount_start=$(date +%s%N)
DATABASE_URL="$PORO_BENCH_DB" RUST_LOG=error "$CARGO_TARGET_DIR/release/porozmawiajmy" recount --check
recount_ms=$(( ($(date +%s%N) - recount_start) / 1000000 ))
printf 'full recount: %s ms\n' "$recount_ms"
# One request at a time (what one reader waits), then 32 at once (a full
# hall reloading together).
for conns in 1 "$connections"; do
printf '\n%s connection(s)\n%-40s %10s %9s %9s %s\n' "$conns" page 'req/s' p50 p99 'verdict (p99 <= 20 ms and 100x under the recount)'
for page in /offline /wyniki /wyniki/II "/wyniki/V?temat=greenery&kolejnosc=ankieta" \
  "/wyniki/porownanie?co=temat.transport" /wyniki/dane/wyniki.csv /wyniki/dane/dzielnica-III.json; do
  read -r rate p50 p99 errors < <(measure "$page" "$conns")
  verdict=$(awk -v p="$p99" -v r="$recount_ms" 'BEGIN {
    v = p + 0; if (p ~ /us$/) v = v / 1000; else if (p ~ /ms$/) v = v; else if (p ~ /s$/) v = v * 1000;
    printf "%s, %.0fx under the recount", (v <= 20 && v * 100 <= r) ? "ok" : "MISSED", r / v }')
  [ "$errors" = 0 ] || verdict="$verdict ($errors non-2xx)"
  printf '%-40s %10s %9s %9s %s\n' "$page" "$rate" "$p50" "$p99" "$verdict"
done
done
