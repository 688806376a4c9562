#!/usr/bin/env bash
# Prints what a phone's browser downloads on a first visit to each resident
# page of the release build, counted in Debian's Chromium (DevTools'
# bytes on the wire: compressed bodies and response headers, lazily loaded
# wasm chunks included), against the 150 KB budget and the 100 KB goal;
# then what a second page adds with the first page's files cached. Fails
# when a resident page downloads staff code. Needs the release build
# (scripts/build.sh) and the end2end npm packages (scripts/setup.sh).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$PORO_ROOT"
poro_bench_server "${BENCH_PORT:-3190}"
(cd end2end && node bench/transfer.mjs "$PORO_BENCH_BASE")
