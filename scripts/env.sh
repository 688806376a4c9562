# shellcheck shell=bash
# Sourced by every project script: picks the Rust toolchain route and puts the
# project's tools on PATH. Prints nothing; changes only this shell's environment.
#
# Two routes (see README "Toolchain"):
#  - rustup: a rustup toolchain that already has the wasm32-unknown-unknown target
#    (a developer laptop with internet).
#  - debian: Debian's rustc-web 1.96 linked into rustup as `poro-web`, with the
#    wasm32 standard library built from rust-web-src (machines where rustup cannot
#    download targets). scripts/setup.sh prepares it.
PORO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PORO_ROOT
PORO_CACHE="${PORO_CACHE:-$HOME/.cache/porozmawiajmy}"
export PORO_CACHE
# Python with the iCalendar parser the feed tests use (scripts/setup.sh).
export PORO_PYTHON="${PORO_PYTHON:-$PORO_CACHE/venv/bin/python}"

poro_route() {
  if [ -n "${PORO_ROUTE:-}" ]; then echo "$PORO_ROUTE"; return; fi
  if [ -f "$PORO_CACHE/route" ]; then cat "$PORO_CACHE/route"; return; fi
  if command -v rustup >/dev/null 2>&1 \
    && rustup target list --installed 2>/dev/null | grep -q '^wasm32-unknown-unknown$'; then
    echo rustup
  else
    echo debian
  fi
}
PORO_ROUTE="$(poro_route)"
export PORO_ROUTE

if [ "$PORO_ROUTE" = debian ]; then
  export RUSTUP_TOOLCHAIN=poro-web
  export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=/usr/lib/llvm-19/bin/wasm-ld
  # The wasm32 standard library is built with the smallest panic strategy
  # (scripts/setup.sh); the browser code must use the same one. `Debug`
  # formatting and source locations are left out of the browser code too:
  # nobody reads them on a phone (an immediate abort prints nothing), and
  # every island page downloads ~5 KB less (README, "Per-page code").
  export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zfmt-debug=none -Zlocation-detail=none"
  export RUSTC_WRAPPER="$PORO_ROOT/scripts/rustc-wasm.sh"
fi

# Compiled artefacts live outside the clone (a re-clone at the same path
# rebuilds incrementally), one folder per checkout path: two checkouts sharing
# one target folder could each take the other's build for fresh.
PORO_CHECKOUT_ID="$(printf '%s' "$PORO_ROOT" | sha256sum | cut -c1-12)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PORO_CACHE/target-$PORO_CHECKOUT_ID}"
# Incremental caches grow by gigabytes per rebuild; whole-crate rebuilds of
# this one crate are quick enough. Set CARGO_INCREMENTAL=1 to opt back in.
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"
export PATH="$HOME/.cargo/bin:$PORO_ROOT/end2end/node_modules/.bin:$PATH"

# Say what a long step is doing, so progress is not mistaken for a hang.
poro_step() { printf '\n==> %s\n' "$*" >&2; }

# An admin account on the bench server's database (password
# haslo-administratora-2028): poro_bench_admin EMAIL NAME.
poro_bench_admin() {
  printf '%s\n' "haslo-administratora-2028" | DATABASE_URL="$PORO_BENCH_DB" RUST_LOG=warn \
    "$CARGO_TARGET_DIR/release/porozmawiajmy" create-admin --email "$1" --name "$2" >/dev/null
}

# Benchmarks: starts the release server on port $1 over a new SQLite file in
# a temporary folder (demo data seeded; extra environment from the caller),
# waits for /healthz, and stops it and removes the folder on exit. Sets
# PORO_BENCH_BASE (http://127.0.0.1:<port>), PORO_BENCH_PID and
# PORO_BENCH_DB (its URL).
poro_bench_server() {
  local port="$1"
  PORO_BENCH_DIR="$(mktemp -d)"
  PORO_BENCH_DB="sqlite://$PORO_BENCH_DIR/bench.db"
  PORO_BENCH_PIDS=()
  trap 'kill "${PORO_BENCH_PIDS[@]}" 2>/dev/null; rm -rf "$PORO_BENCH_DIR"' EXIT
  poro_bench_instance "$port" "$PORO_BENCH_DB"
}

# One more release server, on port $1 over the database at $2 (demo data
# seeded when it is empty; extra environment from the caller); waits for
# /healthz. Adds its process to PORO_BENCH_PIDS (the caller stops them) and
# sets PORO_BENCH_PID and PORO_BENCH_BASE to it.
poro_bench_instance() {
  local port="$1"
  PORO_BENCH_BASE="http://127.0.0.1:$port"
  LEPTOS_SITE_ADDR="127.0.0.1:$port" DATABASE_URL="$2" RUST_LOG="${RUST_LOG:-warn}" \
    PORO_PUBLIC_URL="$PORO_BENCH_BASE" "$CARGO_TARGET_DIR/release/porozmawiajmy" &
  PORO_BENCH_PID=$!
  PORO_BENCH_PIDS+=("$PORO_BENCH_PID")
  for _ in $(seq 1 600); do
    curl -sf "$PORO_BENCH_BASE/healthz" >/dev/null && return 0
    sleep 0.1
  done
  echo "the server did not start on port $port" >&2
  return 1
}
