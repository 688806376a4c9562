#!/usr/bin/env bash
# Server rendering speed of the resident pages on the release build: wrk
# with 32 connections against /, /ankieta, /wyniki, /spotkania and
# /postulaty, next to the baseline — benches/hello, a hello-world Leptos
# app of the start-axum template's shape (one route, the shell, hydration
# scripts, an island; no middleware), built here release — and /offline
# (a page of our own binary with no data) and /healthz (no rendering).
# Prints requests per second, p50 and p99 latency, and each page's rate as
# a share of the baseline's (targets: pages >= 30 % with p99 <= 20 ms,
# /healthz >= 90 %). Needs the release build (scripts/build.sh); installs
# wrk from Debian.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$PORO_ROOT"
if ! command -v wrk >/dev/null 2>&1; then
  poro_step "Installing wrk from Debian"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq wrk >/dev/null
fi
[ "${1:-}" = --install-only ] && exit 0
poro_step "Building the baseline (benches/hello; minutes the first time)"
(cd benches/hello && cargo build -q --release --locked)
seconds="${BENCH_SECONDS:-10}"
connections="${BENCH_CONNECTIONS:-32}"
poro_bench_server "${BENCH_PORT:-3191}"
hello_port="${BENCH_HELLO_PORT:-3192}"
"$CARGO_TARGET_DIR/release/hello-baseline" "127.0.0.1:$hello_port" &
hello_pid=$!
trap 'kill $PORO_BENCH_PID $hello_pid 2>/dev/null; rm -rf "$PORO_BENCH_DIR"' EXIT
base="$PORO_BENCH_BASE"
hello="http://127.0.0.1:$hello_port"
for _ in $(seq 50); do curl -sf -o /dev/null "$hello/" && break; sleep 0.1; done

# One wrk run: prints "rate p50_ms p99_ms".
measure() {
  local out
  local url="$1"
  case "$url" in http*) ;; *) url="$base$url" ;; esac
  out="$(wrk -t2 -c"$connections" -d"${seconds}s" --latency "$url")"
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
printf '%-12s %10s %9s %9s %11s %s\n' page 'req/s' 'p50 ms' 'p99 ms' 'of hello' verdict
read -r base_rate base_p50 base_p99 errors < <(measure "$hello/")
[ "$errors" = 0 ] || { echo "the baseline answered $errors requests with an error" >&2; exit 1; }
printf '%-12s %10s %9s %9s %11s\n' hello "$base_rate" "$base_p50" "$base_p99" "100 %"
failed=0
for page in /offline / /ankieta /wyniki /spotkania /postulaty /healthz; do
  read -r rate p50 p99 errors < <(measure "$page")
  share=$(awk -v r="$rate" -v b="$base_rate" 'BEGIN {printf "%.0f", 100 * r / b}')
  case "$page" in
    /healthz) verdict=$(awk -v s="$share" 'BEGIN {print (s >= 90) ? "ok" : "MISSED (target 90 %)"}') ;;
    /offline) verdict="(reference)" ;;
    *) verdict=$(awk -v s="$share" -v p="$p99" 'BEGIN {print (s >= 30 && p <= 20) ? "ok" : "MISSED"}') ;;
  esac
  [ "$errors" = 0 ] || { verdict="$verdict ($errors non-2xx)"; failed=1; }
  printf '%-12s %10s %9s %9s %9s %% %s\n' "$page" "$rate" "$p50" "$p99" "$share" "$verdict"
done
# A benchmark whose requests failed measured nothing.
exit "$failed"
