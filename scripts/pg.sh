# Sourced by the test scripts: a throwaway PostgreSQL cluster (Debian's
# package, installed by setup.sh). `poro_pg_start` makes one in a temporary
# folder and starts it on a free port on 127.0.0.1, as an unprivileged user
# (the `postgres` account Debian's package creates, when run as root:
# PostgreSQL refuses to run as root), and exports PORO_TEST_POSTGRES_URL
# (superuser `poro`, trust on the loopback only). `poro_pg_stop` stops it
# and removes the folder. fsync is off: nothing in it outlives the run
# (PORO_PG_FSYNC=on turns it and synchronous_commit on, for benchmarks).
poro_pg_start() {
  local bin
  bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
  [ -x "$bin/initdb" ] || { echo "PostgreSQL is not installed: run scripts/setup.sh" >&2; return 1; }
  PORO_PG_BIN="$bin"
  PORO_PG_DIR="$(mktemp -d -t poro-pg.XXXXXX)"
  PORO_PG_AS=()
  if [ "$(id -u)" = 0 ]; then
    chown postgres: "$PORO_PG_DIR"
    PORO_PG_AS=(runuser -u postgres --)
  fi
  local port
  port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  "${PORO_PG_AS[@]}" "$bin/initdb" -D "$PORO_PG_DIR/data" -U poro --auth=trust -E UTF8 \
    --locale=C.UTF-8 >"$PORO_PG_DIR/initdb.log" 2>&1 \
    || { cat "$PORO_PG_DIR/initdb.log" >&2; return 1; }
  "${PORO_PG_AS[@]}" "$bin/pg_ctl" -D "$PORO_PG_DIR/data" -l "$PORO_PG_DIR/server.log" -w \
    -o "-p $port -k $PORO_PG_DIR -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=${PORO_PG_FSYNC:-off} -c synchronous_commit=${PORO_PG_FSYNC:-off}" \
    start >/dev/null || { cat "$PORO_PG_DIR/server.log" >&2; return 1; }
  export PORO_TEST_POSTGRES_URL="postgres://poro@127.0.0.1:$port/postgres"
  echo "PostgreSQL test cluster on port $port ($PORO_PG_DIR)"
}

poro_pg_stop() {
  [ -n "${PORO_PG_DIR:-}" ] || return 0
  "${PORO_PG_AS[@]}" "$PORO_PG_BIN/pg_ctl" -D "$PORO_PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$PORO_PG_DIR"
  PORO_PG_DIR=""
}
