#!/usr/bin/env bash
# Crash test (issue #31): the release server on a fresh database, 32 phones
# answering the survey at once (scripts/crash_driver.py records every answer
# the server acknowledged), the server killed with SIGKILL at a random
# moment, restarted on the same file; then
#   - acknowledged answers sent again get their first receipts (exactly once),
#   - every acknowledged receipt is stored, none twice,
#   - the maintained counters equal a recount (`porozmawiajmy recount --check`).
# Then one graceful stop: SIGTERM under the same load with a live stream
# open — exit 0 within the grace period, the stream ended, every
# acknowledged answer stored once, counters equal a recount.
# Usage: scripts/crash-test.sh [trials]   (CI: 3; the benchmark run: 20)
# Needs the release build (scripts/build.sh). Exits non-zero on any loss.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$PORO_ROOT"
trials="${1:-3}"
binary="${PORO_BINARY:-$CARGO_TARGET_DIR/release/porozmawiajmy}"
port="${PORO_CRASH_PORT:-3111}"
base="http://127.0.0.1:$port"
[ -x "$binary" ] || { echo "no release build at $binary: run scripts/build.sh" >&2; exit 1; }

server_pid=""
work=""
# (An EXIT trap's last status becomes the script's: it must end true.)
cleanup() {
  if [ -n "$server_pid" ]; then kill -9 "$server_pid" 2>/dev/null || true; fi
  if [ -n "$work" ]; then rm -rf "$work"; fi
  return 0
}
trap cleanup EXIT

start_server() {
  DATABASE_URL="sqlite://$work/crash.db" \
  LEPTOS_SITE_ADDR="127.0.0.1:$port" \
  PORO_PUBLIC_URL="$base" \
  PORO_NOW="2027-12-01T12:00:00+01:00" \
  PORO_SEED_DEMO=true \
  PORO_DEMO_ANSWERS=0 \
  PORO_TRUSTED_PROXIES="127.0.0.1/32" \
  RUST_LOG=error \
    "$binary" >>"$work/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 200); do
    curl -fsS "$base/healthz" >/dev/null 2>&1 && return 0
    kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
    sleep 0.1
  done
  echo "the server did not start" >&2
  exit 1
}

total_ack=0
for trial in $(seq 1 "$trials"); do
  work="$(mktemp -d)"
  start_server
  python3 scripts/crash_driver.py drive "$base" "$work/acknowledged.jsonl" 32 60 >"$work/drive.json" &
  driver=$!
  # Killed somewhere between 1.5 and 6 seconds into the load.
  pause="$(python3 -c 'import random; print(round(random.uniform(1.5, 6.0), 2))')"
  sleep "$pause"
  kill -9 "$server_pid"
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
  wait "$driver"
  start_server
  replay="$(python3 scripts/crash_driver.py replay "$base" "$work/acknowledged.jsonl" 20)"
  kill -TERM "$server_pid"
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
  result="$(python3 scripts/crash_driver.py check "$work/crash.db" "$work/acknowledged.jsonl")"
  DATABASE_URL="sqlite://$work/crash.db" PORO_DEMO_ANSWERS=0 RUST_LOG=error \
    "$binary" recount --check >/dev/null
  echo "trial $trial: killed after ${pause} s; drive $(cat "$work/drive.json"); check $result; counters equal a recount; $replay"
  total_ack=$((total_ack + $(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["acknowledged"])' "$result")))
  rm -rf "$work"
  work=""
done
echo "crash test: $trials trials, $total_ack acknowledged answers, 0 lost, 0 twice"

# A graceful stop: SIGTERM while phones answer and a live stream is open.
# The server must end the stream, answer what it accepted, and exit 0
# within its grace period (10 s) — and every acknowledged answer is stored.
work="$(mktemp -d)"
start_server
curl -sN "$base/spotkania/1/na-zywo/zdarzenia" >"$work/stream.txt" 2>/dev/null &
stream=$!
python3 scripts/crash_driver.py drive "$base" "$work/acknowledged.jsonl" 16 30 >"$work/drive.json" &
driver=$!
sleep 2
stop_started="$(date +%s.%N)"
kill -TERM "$server_pid"
for _ in $(seq 1 150); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$server_pid" 2>/dev/null; then
  echo "graceful stop: the server still runs 15 s after SIGTERM" >&2; exit 1
fi
rc=0
wait "$server_pid" || rc=$?
server_pid=""
stop_took="$(python3 -c "import sys,time; print(round(time.time() - float(sys.argv[1]), 2))" "$stop_started")"
[ "$rc" = 0 ] || { echo "graceful stop: the server exited $rc" >&2; cat "$work/server.log" >&2; exit 1; }
python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) < 12 else 1)" "$stop_took" \
  || { echo "graceful stop took ${stop_took} s" >&2; exit 1; }
for _ in $(seq 1 50); do kill -0 "$stream" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$stream" 2>/dev/null; then
  echo "graceful stop: the live stream was left open" >&2; kill "$stream"; exit 1
fi
grep -q "hello" "$work/stream.txt" || { echo "graceful stop: the live stream never opened" >&2; exit 1; }
wait "$driver"
result="$(python3 scripts/crash_driver.py check "$work/crash.db" "$work/acknowledged.jsonl")"
DATABASE_URL="sqlite://$work/crash.db" PORO_DEMO_ANSWERS=0 RUST_LOG=error \
  "$binary" recount --check >/dev/null
echo "graceful stop: SIGTERM under load with a live stream open: exit 0 in ${stop_took} s, the stream ended; check $result; counters equal a recount"
rm -rf "$work"
work=""
