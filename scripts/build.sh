#!/usr/bin/env bash
# Release build of server + WebAssembly + CSS with cargo-leptos; static
# assets precompressed (brotli, gzip). Output: target/site and the binary
# in $CARGO_TARGET_DIR/release.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$PORO_ROOT"
poro_step "Building the release (server + wasm; minutes when cold, seconds when warm)"
cargo leptos build --release --precompress --split
# Short import names in the glue and every wasm file (3.6 KB per island
# page; see the script).
node scripts/short-imports.mjs target/site/pkg
# The split build's tiny chunks folded into larger ones the same pages load
# (5 to 9 KB and a dozen requests per island page; see the script).
node scripts/merge-chunks.mjs target/site/pkg
