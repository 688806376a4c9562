#!/usr/bin/env bash
# Installs everything the project needs on a Debian 12 machine, idempotently:
# a second run checks each piece, reinstalls nothing and takes seconds.
# Usage: scripts/setup.sh            (everything: build + browser tests)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
mkdir -p "$PORO_CACHE"

SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"

CARGO_LEPTOS_VERSION=0.3.11
BINARYEN_NOTE="wasm-opt comes from npm's binaryen (end2end/package.json)"

apt_install() {
  local missing=()
  for p in "$@"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    poro_step "Installing Debian packages: ${missing[*]} (about a minute)"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

# --- 1. Debian packages --------------------------------------------------------
if command -v apt-get >/dev/null 2>&1; then
  # postgresql: the scale-out backend's tests run a throwaway cluster of it
  # (scripts/pg.sh); postgresql-contrib has unaccent for its search.
  # nginx: the example reverse proxy in front of two instances
  # (scripts/test-instances.sh, deploy/nginx).
  pkgs=(chromium ca-certificates python3-venv postgresql postgresql-contrib nginx)
  command -v npm >/dev/null 2>&1 || pkgs+=(nodejs npm)
  [ "$PORO_ROUTE" = debian ] && pkgs+=(rustc-web cargo-web rust-web-src lld-19 rust-web-clippy rustfmt-web)
  apt_install "${pkgs[@]}"
  # Debian's package starts a system nginx on port 80; the tests run their
  # own, so the system one is stopped (nothing here serves through it).
  if [ -f /run/nginx.pid ]; then $SUDO nginx -s quit 2>/dev/null || true; fi
fi

# --- 2. Rust toolchain route -----------------------------------------------------
if [ "$PORO_ROUTE" = debian ]; then
  if ! rustup toolchain list 2>/dev/null | grep -q '^poro-web'; then
    poro_step "Linking Debian's Rust 1.96 into rustup as 'poro-web'"
    rustup toolchain link poro-web /usr
  fi
  wasm_lib=/usr/lib/rustlib/wasm32-unknown-unknown/lib
  stamp="$wasm_lib/.poro-built-by"
  # The compiler it is built by, and its panic strategy (immediate abort:
  # no panic messages in the browser, a smaller wasm; see scripts/rustc-wasm.sh).
  # Optimised for size like the wasm-release profile that links it.
  want="$(/usr/bin/rustc -vV | sed -n 's/^commit-hash: //p') immediate-abort opt-z"
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    poro_step "Building the wasm32 standard library from rust-web-src (about 30 s)"
    work="$PORO_CACHE/wasm-std"
    rm -rf "$work" && mkdir -p "$work/src"
    printf '[package]\nname = "poro_wasm_std"\nversion = "0.0.0"\nedition = "2021"\n[lib]\npath = "src/lib.rs"\n' >"$work/Cargo.toml"
    echo '' >"$work/src/lib.rs"
    (cd "$work" && RUSTC_BOOTSTRAP=1 CARGO_TARGET_DIR="$work/target" \
      RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort" CARGO_PROFILE_RELEASE_OPT_LEVEL=z \
      CARGO_PROFILE_RELEASE_CODEGEN_UNITS=1 /usr/bin/cargo build -q --release \
      --target wasm32-unknown-unknown -Zbuild-std=std,panic_abort)
    $SUDO mkdir -p "$wasm_lib"
    $SUDO rm -f "$wasm_lib"/*.rlib
    find "$work/target/wasm32-unknown-unknown/release/deps" -name '*.rlib' ! -name 'libporo_wasm_std*' \
      -exec $SUDO cp {} "$wasm_lib/" \;
    echo "$want" | $SUDO tee "$stamp" >/dev/null
    # WebAssembly built against the earlier standard library no longer
    # links (cargo does not see the sysroot change): build it again.
    rm -rf "$PORO_CACHE"/target-*/front "$PORO_CACHE"/target-*/wasm32-unknown-unknown
  fi
  echo debian >"$PORO_CACHE/route"
else
  echo rustup >"$PORO_CACHE/route"
fi

# cargo install with the project's compiler; a lighter release profile halves the time.
cargo_install() {
  poro_step "cargo install $* (several minutes on 2 cores)"
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    CARGO_TARGET_DIR="$PORO_CACHE/install-target" cargo install -q "$@"
}

# --- 3. cargo-leptos ---------------------------------------------------------------
if ! cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
  cargo_install cargo-leptos --locked --version "$CARGO_LEPTOS_VERSION"
fi

# --- 4. wasm-bindgen-cli at exactly the version in Cargo.lock ----------------------
wb_version="$(grep -A1 '^name = "wasm-bindgen"$' "$PORO_ROOT/Cargo.lock" 2>/dev/null | sed -n 's/^version = "\(.*\)"/\1/p')"
[ -n "$wb_version" ] || wb_version="$(sed -n 's/^wasm-bindgen = "=\(.*\)"/\1/p' "$PORO_ROOT/Cargo.toml")"
if ! wasm-bindgen --version 2>/dev/null | grep -q " $wb_version\$"; then
  # 0.2.130's own lockfile names a crate version the registry lacks: no --locked.
  cargo_install wasm-bindgen-cli --version "$wb_version" --force
fi

# --- 5. npm: Playwright, axe-core, binaryen (wasm-opt) -----------------------------
e2e="$PORO_ROOT/end2end"
if [ -f "$e2e/package-lock.json" ]; then
  if [ ! -f "$e2e/node_modules/.poro-stamp" ] || ! cmp -s "$e2e/package-lock.json" "$e2e/node_modules/.poro-stamp"; then
    poro_step "Installing npm packages for end2end ($BINARYEN_NOTE)"
    (cd "$e2e" && npm ci --no-audit --no-fund --loglevel=error)
    cp "$e2e/package-lock.json" "$e2e/node_modules/.poro-stamp"
  fi
fi

# --- 6. Python: an independent iCalendar parser for the feed tests ---------------
# (tests/meetings.rs reads our .ics feeds with PyPI's `icalendar`, which we
# did not write.)
ICALENDAR_VERSION=6.3.1
if ! "$PORO_PYTHON" -c "import icalendar, sys; sys.exit(icalendar.__version__ != '$ICALENDAR_VERSION')" 2>/dev/null; then
  poro_step "Installing Python icalendar $ICALENDAR_VERSION into $PORO_CACHE/venv"
  python3 -m venv "$PORO_CACHE/venv"
  "$PORO_CACHE/venv/bin/pip" install --quiet --disable-pip-version-check "icalendar==$ICALENDAR_VERSION"
fi

poro_step "Set-up complete (route: $PORO_ROUTE)"
