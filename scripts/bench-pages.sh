#!/usr/bin/env bash
# Server rendering speed of the resident pages on the release build: wrk
# with 32 connections against /, /ankieta, /wyniki, /spotkania and
# /postulaty, next to /offline — a page of the same binary, same shell,
# rendered by Leptos with no data (the baseline) — and /healthz (no
# rendering at all). Prints requests per second, p50 and p99 latency, and
# each page's rate as a share of the baseline's (target: >= 30 %, p99 <= 20 ms).
# Needs the release build (scripts/build.sh); installs wrk from Debian.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$PORO_ROOT"
if ! command -v wrk >/dev/null 2>&1; then
  poro_step "Installing wrk from Debian"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq wrk >/dev/null
fi
[ "${1:-}" = --install-only ] && exit 0
seconds="${BENCH_SECONDS:-10}"
connections="${BENCH_CONNECTIONS:-32}"
poro_bench_server "${BENCH_PORT:-3191}"
base="$PORO_BENCH_BASE"

# One wrk run: prints "rate p50_ms p99_ms".
measure() {
  local out
  out="$(wrk -t2 -c"$connections" -d"${seconds}s" --latency "$base$1")"
  local rate p50 p99 errors
  rate=$(printf '%s\n' "$out" | awk '/^Requests\/sec/ {print $2}')
  p50=$(printf '%s\n' "$out" | awk '$1 == "50%" {print $2}')
  p99=$(printf '%s\n' "$out" | awk '$1 == "99%" {print $2}')
  errors=$(printf '%s\n' "$out" | awk '/Non-2xx/ {print $NF}')
  printf '%s %s %s %s\n' "$rate" "$(to_ms "$p50")" "$(to_ms "$p99")" "${errors:-0}"
}

# wrk prints latencies as 812.00us, 3.21ms or 1.02s.
to_ms() {
  case "$1" in
    *us) awk -v v="${1%us}" 'BEGIN {printf "%.2f", v / 1000}' ;;
    *ms) awk -v v="${1%ms}" 'BEGIN {printf "%.2f", v}' ;;
    *s) awk -v v="${1%s}" 'BEGIN {printf "%.2f", v * 1000}' ;;
  esac
}

for page in /offline / /ankieta /wyniki /spotkania /postulaty; do
  curl -s -o /dev/null "$base$page"   # warm the catalog
done

printf 'Release build, wrk -t2 -c%s -d%ss, %s, %s cores (%s)\n' "$connections" "$seconds" \
  "$(date -u +%Y-%m-%d)" "$(nproc)" "$(uname -m)"
printf '%-12s %10s %9s %9s %11s %s\n' page 'req/s' 'p50 ms' 'p99 ms' 'of /offline' verdict
read -r base_rate base_p50 base_p99 _ < <(measure /offline)
printf '%-12s %10s %9s %9s %11s\n' /offline "$base_rate" "$base_p50" "$base_p99" "100 %"
for page in / /ankieta /wyniki /spotkania /postulaty; do
  read -r rate p50 p99 errors < <(measure "$page")
  share=$(awk -v r="$rate" -v b="$base_rate" 'BEGIN {printf "%.0f", 100 * r / b}')
  verdict=$(awk -v s="$share" -v p="$p99" 'BEGIN {print (s >= 30 && p <= 20) ? "ok" : "MISSED"}')
  [ "$errors" = 0 ] || verdict="$verdict ($errors non-2xx)"
  printf '%-12s %10s %9s %9s %9s %% %s\n' "$page" "$rate" "$p50" "$p99" "$share" "$verdict"
done
read -r rate p50 p99 _ < <(measure /healthz)
printf '%-12s %10s %9s %9s   (no rendering)\n' /healthz "$rate" "$p50" "$p99"
