#!/usr/bin/env bash
# Two release instances on one throwaway PostgreSQL database behind nginx,
# with the example configuration of the repository (deploy/nginx): both
# started at once on the empty database (migrations and demo data once);
# health through the proxy; a survey answer sent to instance A and
# replayed to instance B and through nginx gets one receipt and one row,
# with the start token and device cookie one instance issued; an event
# stream through nginx arrives unbuffered; then the live flow in three
# browsers (Playwright, end2end/instances): the console on A, the
# projector on B, the phone through nginx. Run by scripts/test.sh after
# the release build; needs nginx and PostgreSQL (scripts/setup.sh).
set -euo pipefail
here="$(dirname "${BASH_SOURCE[0]}")"
source "$here/env.sh"
source "$here/pg.sh"
cd "$PORO_ROOT"
binary="$CARGO_TARGET_DIR/release/porozmawiajmy"
[ -x "$binary" ] || { echo "build first: bash scripts/build.sh" >&2; exit 1; }

work="$(mktemp -d -t poro-instances.XXXXXX)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  kill "$(cat "$work/nginx.pid" 2>/dev/null)" 2>/dev/null || true
  poro_pg_stop
  rm -rf "$work"
}
trap cleanup EXIT
poro_pg_start
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
port_a="$(free_port)"; port_b="$(free_port)"; port_proxy="$(free_port)"
psql -q "$PORO_TEST_POSTGRES_URL" -c "CREATE DATABASE instances"
url="${PORO_TEST_POSTGRES_URL%/*}/instances"

# Both at once on the empty database.
for port in "$port_a" "$port_b"; do
  RUST_LOG=warn DATABASE_URL="$url" LEPTOS_SITE_ADDR="127.0.0.1:$port" \
    PORO_PUBLIC_URL="http://127.0.0.1:$port_proxy" PORO_TRUSTED_PROXIES=127.0.0.1 \
    PORO_NOW="2027-12-01T12:00:00+01:00" PORO_DEMO_ANSWERS=50 \
    "$binary" >"$work/instance-$port.log" 2>&1 &
  pids+=($!)
done

# The repository's configuration, on this run's ports.
sed -e "s/127.0.0.1:3001/127.0.0.1:$port_a/; s/127.0.0.1:3002/127.0.0.1:$port_b/" \
    -e "s/listen 8080;/listen 127.0.0.1:$port_proxy;/" \
    deploy/nginx/porozmawiajmy.conf >"$work/site.conf"
cat >"$work/nginx.conf" <<CONF
daemon off;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path $work/body;
  proxy_temp_path $work/proxy;
  fastcgi_temp_path $work/fastcgi;
  uwsgi_temp_path $work/uwsgi;
  scgi_temp_path $work/scgi;
  include $work/site.conf;
}
CONF
nginx -t -c "$work/nginx.conf" -p "$work" 2>"$work/nginx-test.log" || { cat "$work/nginx-test.log" >&2; exit 1; }
nginx -c "$work/nginx.conf" -p "$work" &
pids+=($!)

poro_step "Two instances behind nginx on one PostgreSQL database"
if ! python3 "$here/instances_check.py" "$port_a" "$port_b" "$port_proxy" "$url"; then
  for log in "$work"/instance-*.log "$work/nginx-error.log"; do
    echo "--- $log"; tail -20 "$log"
  done >&2
  exit 1
fi

poro_step "The live flow in three browsers on different instances (Playwright)"
# The first admin, as an operator would create it.
printf '%s\n' "haslo-administratora-2028" | RUST_LOG=warn DATABASE_URL="$url" \
  "$binary" create-admin --email admin@krakow.test --name "Ada Administratorka" >/dev/null
cd end2end
rm -f test-results/instances.json
if ! PORO_INSTANCE_A="http://127.0.0.1:$port_a" PORO_INSTANCE_B="http://127.0.0.1:$port_b" \
  PORO_PROXY="http://127.0.0.1:$port_proxy" npx playwright test -c instances.config.ts; then
  for log in "$work"/instance-*.log "$work/nginx-error.log"; do
    echo "--- $log"; tail -20 "$log"
  done >&2
  exit 1
fi
# A run that executed no test is a failure.
node -e '
  const s = require("./test-results/instances.json").stats;
  console.log(`instances: ${s.expected} passed, ${s.unexpected} failed, ${s.skipped} skipped`);
  if (s.expected === 0 || s.unexpected > 0) process.exit(1);
'
