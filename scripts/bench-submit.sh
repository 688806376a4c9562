#!/usr/bin/env bash
# Survey submission benchmark (release build): endpoint throughput and
# latency for 1, 64 and 512 concurrent clients vs raw SQLite inserts.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$PORO_ROOT"
ulimit -n 8192 2>/dev/null || true
poro_step "Building and running the submission benchmark (release)"
cargo bench --features ssr --bench submit
