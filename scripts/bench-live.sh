#!/usr/bin/env bash
# Live views at scale (release build): BENCH_CLIENTS phones (default 1,000)
# hold the event stream of one meeting open while a moderator approves
# BENCH_ROUNDS postulates (default 100); prints how long each approval took
# to reach every phone (p50/p99/max over all deliveries), that every phone
# got every event exactly once, and the servers' memory before and with
# the phones connected (and per open stream). Needs the release build
# (scripts/build.sh) and node.
#
# BENCH_BACKEND=sqlite (default): one instance on a new SQLite file.
# BENCH_BACKEND=postgres: BENCH_INSTANCES instances (default 2) on one
# database of a throwaway PostgreSQL cluster (scripts/pg.sh, fsync on); the
# phones are spread over the instances (phone i on instance i mod n), the
# moderator works on the first, so every other instance's phones get the
# approvals through LISTEN/NOTIFY.
set -euo pipefail
here="$(dirname "${BASH_SOURCE[0]}")"
source "$here/env.sh"
source "$here/pg.sh"
cd "$PORO_ROOT"
clients="${BENCH_CLIENTS:-1000}"
rounds="${BENCH_ROUNDS:-100}"
backend="${BENCH_BACKEND:-sqlite}"
port="${BENCH_PORT:-3194}"
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
export RUST_LOG=error PORO_DEMO_ANSWERS=10
bases=()
case "$backend" in
  sqlite)
    instances=1
    poro_bench_server "$port"
    bases+=("$PORO_BENCH_BASE")
    ;;
  postgres)
    instances="${BENCH_INSTANCES:-2}"
    PORO_BENCH_PIDS=()
    trap 'kill "${PORO_BENCH_PIDS[@]}" 2>/dev/null; poro_pg_stop' EXIT
    PORO_PG_FSYNC=on poro_pg_start >/dev/null
    psql -q "$PORO_TEST_POSTGRES_URL" -c "CREATE DATABASE live"
    PORO_BENCH_DB="${PORO_TEST_POSTGRES_URL%/*}/live"
    for i in $(seq 0 $((instances - 1))); do
      poro_bench_instance $((port + i)) "$PORO_BENCH_DB"
      bases+=("$PORO_BENCH_BASE")
    done
    ;;
  *) echo "BENCH_BACKEND is sqlite or postgres, not $backend" >&2; exit 2 ;;
esac
poro_bench_admin bench@krakow.test Bench
printf 'Release build, %s phones on one meeting, %s approvals, %s on %s instance(s), %s, %s cores\n' \
  "$clients" "$rounds" "$backend" "$instances" "$(date -u +%Y-%m-%d)" "$(nproc)"
BASES="${bases[*]}" CLIENTS="$clients" ROUNDS="$rounds" PIDS="${PORO_BENCH_PIDS[*]}" node - <<'JS'
const http = require('http');
const net = require('net');
const fs = require('fs');
const { BASES, CLIENTS, ROUNDS, PIDS } = process.env;
const urls = BASES.split(' ').map((b) => new URL(b));
const url = urls[0]; // the moderator's instance
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
const request = (method, path, body, headers = {}) =>
  new Promise((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, path, method, agent, headers: {
        'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', ...headers } },
      (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text }));
      },
    );
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
// Resident memory of every instance together, in KB.
const rssKb = () => PIDS.split(' ').reduce((sum, pid) =>
  sum + Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))[1]), 0);
const mb = (kb) => `${(kb / 1024).toFixed(1)} MB`;
(async () => {
  const login = await request('POST', '/api/staff/login',
    'email=bench%40krakow.test&password=haslo-administratora-2028');
  const cookie = login.headers['set-cookie'][0].split(';')[0];
  const last = await request('POST', '/api/postulates/live', 'meeting=1');
  const from = JSON.parse(last.text).last_event;
  const before = rssKb();
  console.log(`server memory before: ${mb(before)}`);
  const seen = Array.from({ length: Number(CLIENTS) }, () => new Map());
  const pending = new Map(); // postulate id -> approval start (ms)
  const delays = [];
  let duplicates = 0;
  let open = 0;
  // Each phone is a raw socket (a phone does its own parsing; one process
  // doing it for thousands through node's http module measured its own
  // overhead more than the server's): the request written by hand, the
  // chunked body decoded, each event's id and postulate read.
  const onEvent = (i, block) => {
    const id = /^id: (\d+)$/m.exec(block);
    const data = /^data: (.*)$/m.exec(block);
    if (!id || !data) return;
    if (seen[i].has(id[1])) duplicates++;
    seen[i].set(id[1], true);
    const event = JSON.parse(data[1]);
    if (event.type === 'postulate' && pending.has(event.postulate.id)) {
      delays.push(performance.now() - pending.get(event.postulate.id));
    }
  };
  await new Promise((resolve) => {
    for (let i = 0; i < Number(CLIENTS); i++) {
      const at = urls[i % urls.length];
      const socket = net.connect({ host: at.hostname, port: Number(at.port) }, () => {
        socket.write(`GET /spotkania/1/na-zywo/zdarzenia?od=${from} HTTP/1.1\r\nHost: ${at.host}\r\n\r\n`);
      });
      let raw = Buffer.alloc(0); // bytes not yet decoded
      let head = true; // still reading the response's head
      let text = ''; // decoded body not yet split into events
      socket.on('data', (chunk) => {
        raw = raw.length ? Buffer.concat([raw, chunk]) : chunk;
        if (head) {
          const end = raw.indexOf('\r\n\r\n');
          if (end < 0) return;
          const status = raw.subarray(0, raw.indexOf('\r\n')).toString();
          if (!/ 200 /.test(status) || !/transfer-encoding: chunked/i.test(raw.subarray(0, end).toString())) {
            console.error(`phone ${i}: unexpected response ${status}`);
            process.exit(1);
          }
          head = false;
          raw = raw.subarray(end + 4);
          if (++open === Number(CLIENTS)) resolve();
        }
        for (;;) { // chunks: <hex size>\r\n<bytes>\r\n
          const line = raw.indexOf('\r\n');
          if (line < 0) break;
          const size = parseInt(raw.subarray(0, line).toString(), 16);
          if (raw.length < line + 2 + size + 2) break;
          text += raw.subarray(line + 2, line + 2 + size).toString();
          raw = raw.subarray(line + 2 + size + 2);
        }
        let end;
        while ((end = text.indexOf('\n\n')) >= 0) {
          onEvent(i, text.slice(0, end));
          text = text.slice(end + 2);
        }
      });
      socket.on('error', (e) => { console.error('connection failed:', e.message); process.exit(1); });
    }
  });
  // Let the streams' first writes settle before measuring.
  await new Promise((s) => setTimeout(s, 1000));
  const open_ = rssKb();
  console.log(`server memory with ${CLIENTS} streams open: ${mb(open_)} (${((open_ - before) / Number(CLIENTS)).toFixed(1)} KB per open stream)`);
  for (let r = 0; r < Number(ROUNDS); r++) {
    await request('POST', '/api/moderation/add',
      `meeting=1&body=${encodeURIComponent(`Postulat numer ${r} z testu wydajności`)}`, { cookie });
    const console_ = JSON.parse((await request('POST', '/api/moderation/console', 'meeting=1', { cookie })).text);
    const item = console_.items[0];
    pending.set(item.id, performance.now());
    const res = await request('POST', '/api/moderation/postulate',
      `meeting=1&postulate=${item.id}&version=${item.version}&action=approve`, { cookie });
    if (res.status !== 200) { console.error('approve failed', res.status, res.text); process.exit(1); }
    const want = (r + 1) * Number(CLIENTS);
    const t0 = performance.now();
    while (delays.length < want && performance.now() - t0 < 30000) await new Promise((s) => setTimeout(s, 5));
  }
  delays.sort((a, b) => a - b);
  const q = (p) => delays[Math.min(delays.length - 1, Math.floor(p * delays.length))].toFixed(1);
  const expected = Number(CLIENTS) * Number(ROUNDS);
  console.log(`approvals delivered: ${delays.length} of ${expected} (missed ${expected - delays.length}), duplicates: ${duplicates}`);
  console.log(`approval → every phone: p50 ${q(0.5)} ms, p99 ${q(0.99)} ms, max ${delays[delays.length - 1].toFixed(1)} ms`);
  const end = rssKb();
  console.log(`server memory at the end: ${mb(end)} (${((end - before) / Number(CLIENTS)).toFixed(1)} KB per open stream)`);
  process.exit(delays.length === expected && duplicates === 0 ? 0 : 1);
})();
JS
