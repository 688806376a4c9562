#!/usr/bin/env bash
# Every check, from a fresh machine: set-up, formatting, clippy (ssr and
# hydrate), Rust unit + integration tests, release build, and the Playwright
# suite in headless Chromium. CI (.ci/run) runs exactly this.
set -euo pipefail
here="$(dirname "${BASH_SOURCE[0]}")"
bash "$here/setup.sh"
source "$here/env.sh"
cd "$PORO_ROOT"

poro_step "cargo fmt --check"
cargo fmt --all -- --check

poro_step "Hand-written JavaScript in public/: the service worker and the bootstrap only"
# The browser side is Rust (islands); a service worker must be JavaScript,
# and start.js registers it.
allowed=" sw.js start.js "
for script in public/*.js; do
  name="$(basename "$script")"
  case "$allowed" in
    *" $name "*) ;;
    *) echo "public/$name: hand-written JavaScript; write it as an island (src/, Rust)" >&2; exit 1 ;;
  esac
done

poro_step "JavaScript syntax of the remaining scripts (public/*.js)"
for script in public/*.js; do
  node --input-type=module --check < "$script" || { echo "syntax error in $script" >&2; exit 1; }
done

poro_step "cargo clippy (ssr) -D warnings"
cargo clippy --all-targets --features ssr -- -D warnings

poro_step "cargo clippy (hydrate, wasm32) -D warnings"
cargo clippy --lib --no-default-features --features hydrate --target wasm32-unknown-unknown -- -D warnings

poro_step "Rust unit and integration tests on SQLite (PostgreSQL: a throwaway cluster, scripts/pg.sh)"
source "$here/pg.sh"
poro_pg_start
trap poro_pg_stop EXIT
# The PostgreSQL tests fail, rather than skip, without their cluster.
PORO_REQUIRE_POSTGRES=1 cargo test --features ssr

poro_step "The integration suite again, on PostgreSQL (the same tests, PORO_TEST_BACKEND=postgres)"
PORO_TEST_BACKEND=postgres PORO_REQUIRE_POSTGRES=1 cargo test --features ssr --tests
poro_pg_stop

bash "$here/build.sh"

bash "$here/test-instances.sh"

poro_step "End-to-end tests (Playwright, Debian Chromium, 360 px, JS off and hydrated)"
cd end2end
rm -rf test-results
npx playwright test
# A run that executed no test is a failure, not a green light.
node -e '
  const r = require("./test-results/results.json");
  const s = r.stats;
  const ran = s.expected + s.unexpected + s.flaky;
  console.log(`end2end: ${s.expected} passed, ${s.unexpected} failed, ${s.skipped} skipped`);
  if (ran === 0) { console.error("end2end: no test ran"); process.exit(1); }
'

poro_step "Crash test: the server killed under load, 3 trials (scripts/crash-test.sh)"
cd "$PORO_ROOT"
bash scripts/crash-test.sh 3
