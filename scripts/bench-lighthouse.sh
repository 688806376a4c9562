#!/usr/bin/env bash
# Lighthouse 12 (npm) on /, /ankieta, /spotkania, /wyniki and a live page of the release
# build: mobile profile, simulated throttling (slow 4G, 4x CPU slowdown),
# Debian's Chromium headless. Prints the performance score (target: >= 95
# on / and /ankieta), accessibility (target: 100) and best practices
# (target: >= 95), LCP, TBT, FCP, CLS and the bytes transferred, and lists
# every failed accessibility or best-practices audit. Lighthouse is installed into the
# cache folder (not a test dependency). Needs the release build
# (scripts/build.sh).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$PORO_ROOT"
lh_dir="$PORO_CACHE/lighthouse"
if [ ! -x "$lh_dir/node_modules/.bin/lighthouse" ]; then
  poro_step "Installing Lighthouse 12 from npm into $lh_dir"
  mkdir -p "$lh_dir"
  npm install --prefix "$lh_dir" --no-audit --no-fund lighthouse@12 >/dev/null
fi
poro_bench_server "${BENCH_PORT:-3192}"
port="${BENCH_PORT:-3192}"
export CHROME_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"
printf 'Lighthouse %s, mobile, simulated throttling, %s, %s cores\n' \
  "$("$lh_dir/node_modules/.bin/lighthouse" --version)" "$(date -u +%Y-%m-%d)" "$(nproc)"
printf '%-10s %5s %5s %5s %8s %7s %8s %6s %9s\n' page perf a11y bp 'LCP ms' 'TBT ms' 'FCP ms' CLS 'bytes'
for page in / /ankieta /spotkania /wyniki /spotkania/1/na-zywo; do
  report="$PORO_BENCH_DIR/report.json"
  "$lh_dir/node_modules/.bin/lighthouse" "http://127.0.0.1:$port$page" \
    --only-categories=performance,accessibility,best-practices --form-factor=mobile --throttling-method=simulate \
    --chrome-flags="--headless=new --no-sandbox --disable-gpu" \
    --output=json --output-path="$report" --quiet
  node -e '
    const r = require(process.argv[1]);
    const a = r.audits;
    const n = (id) => Math.round(a[id].numericValue);
    const score = (c) => String(Math.round(r.categories[c].score * 100)).padStart(5);
    console.log([process.argv[2].padEnd(10),
      score("performance"), score("accessibility"), score("best-practices"),
      String(n("largest-contentful-paint")).padStart(8),
      String(n("total-blocking-time")).padStart(7),
      String(n("first-contentful-paint")).padStart(8),
      a["cumulative-layout-shift"].numericValue.toFixed(3).padStart(6),
      String(n("total-byte-weight")).padStart(9)].join(" "));
    for (const c of ["accessibility", "best-practices"]) {
      for (const ref of r.categories[c].auditRefs) {
        const audit = a[ref.id];
        if (ref.weight > 0 && audit.score !== null && audit.score < 1) {
          console.log(`           ${c}: ${ref.id} — ${audit.title}`);
        }
      }
    }
  ' "$report" "$page"
done
