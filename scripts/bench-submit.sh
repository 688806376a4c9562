#!/usr/bin/env bash
# Survey submission benchmark (release build): endpoint throughput and
# latency for 1, 64 and 512 concurrent clients on SQLite (against raw
# SQLite inserts) and on PostgreSQL with one and two instances, in one run.
# PostgreSQL is a throwaway cluster (scripts/pg.sh) with fsync and
# synchronous_commit on, as SQLite runs with synchronous=FULL.
set -euo pipefail
here="$(dirname "${BASH_SOURCE[0]}")"
source "$here/env.sh"
source "$here/pg.sh"
cd "$PORO_ROOT"
ulimit -n 8192 2>/dev/null || true
trap poro_pg_stop EXIT
PORO_PG_FSYNC=on poro_pg_start
poro_step "Building and running the submission benchmark (release)"
PORO_BENCH_POSTGRES_URL="$PORO_TEST_POSTGRES_URL" cargo bench --features ssr --bench submit
