#!/usr/bin/env bash
# Live views at scale (release build): BENCH_CLIENTS phones (default 1,000)
# hold the event stream of one meeting open while a moderator approves
# BENCH_ROUNDS postulates (default 100); prints how long each approval took
# to reach every phone (p50/p99/max over all deliveries), that every phone
# got every event exactly once, and the server's memory before and with
# the phones connected. Needs the release build (scripts/build.sh) and node.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$PORO_ROOT"
clients="${BENCH_CLIENTS:-1000}"
rounds="${BENCH_ROUNDS:-100}"
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
RUST_LOG=error PORO_DEMO_ANSWERS=10 poro_bench_server "${BENCH_PORT:-3194}"
poro_bench_admin bench@krakow.test Bench
rss() { awk '/VmRSS/ {printf "%.1f MB", $2 / 1024}' "/proc/$PORO_BENCH_PID/status"; }
printf 'Release build, %s phones on one meeting, %s approvals, %s, %s cores\n' \
  "$clients" "$rounds" "$(date -u +%Y-%m-%d)" "$(nproc)"
printf 'server memory before: %s\n' "$(rss)"
BASE="$PORO_BENCH_BASE" CLIENTS="$clients" ROUNDS="$rounds" PID="$PORO_BENCH_PID" node - <<'JS'
const http = require('http');
const fs = require('fs');
const { BASE, CLIENTS, ROUNDS, PID } = process.env;
const url = new URL(BASE);
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
const rss = () => {
  const m = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${PID}/status`, 'utf8'));
  return `${(Number(m[1]) / 1024).toFixed(1)} MB`;
};
(async () => {
  const login = await request('POST', '/api/staff/login',
    'email=bench%40krakow.test&password=haslo-administratora-2028');
  const cookie = login.headers['set-cookie'][0].split(';')[0];
  const last = await request('POST', '/api/postulates/live', 'meeting=1');
  const from = JSON.parse(last.text).last_event;
  const seen = Array.from({ length: Number(CLIENTS) }, () => new Map());
  const pending = new Map(); // postulate id -> approval start (ms)
  const delays = [];
  let duplicates = 0;
  let open = 0;
  await new Promise((resolve) => {
    for (let i = 0; i < Number(CLIENTS); i++) {
      const req = http.get({ host: url.hostname, port: url.port,
        path: `/spotkania/1/na-zywo/zdarzenia?od=${from}` }, (res) => {
        if (++open === Number(CLIENTS)) resolve();
        let buf = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => {
          buf += chunk;
          let end;
          while ((end = buf.indexOf('\n\n')) >= 0) {
            const block = buf.slice(0, end);
            buf = buf.slice(end + 2);
            const id = /^id: (\d+)$/m.exec(block);
            const data = /^data: (.*)$/m.exec(block);
            if (!id || !data) continue;
            if (seen[i].has(id[1])) duplicates++;
            seen[i].set(id[1], true);
            const event = JSON.parse(data[1]);
            if (event.type === 'postulate' && pending.has(event.postulate.id)) {
              delays.push(performance.now() - pending.get(event.postulate.id));
            }
          }
        });
      });
      req.on('error', (e) => { console.error('connection failed:', e.message); process.exit(1); });
    }
  });
  console.log(`server memory with ${CLIENTS} streams open: ${rss()}`);
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
  console.log(`approvals delivered: ${delays.length} of ${expected}, duplicates: ${duplicates}`);
  console.log(`approval → every phone: p50 ${q(0.5)} ms, p99 ${q(0.99)} ms, max ${delays[delays.length - 1].toFixed(1)} ms`);
  console.log(`server memory at the end: ${rss()}`);
  process.exit(delays.length === expected && duplicates === 0 ? 0 : 1);
})();
JS
