#!/usr/bin/env bash
# Soak (issue #31): the release server under a steady mixed load for
# SOAK_MINUTES (default 10) — residents viewing pages, phones answering the
# survey (each a new device), SOAK_SUBSCRIBERS (default 200) phones holding
# a meeting's live stream (a few dropped and reconnected every 5 s), and a
# moderator adding and approving a postulate every 10 s (a brisk meeting).
# Every 30 s it prints the server's resident memory (VmRSS) and open file
# descriptors: the curve. Fails when any request failed, or when memory or descriptors
# grew over the second half of the run (memory: more than 10 % or 8 MB;
# descriptors: more than 10), i.e. when they are not flat.
# Needs the release build (scripts/build.sh) and node. Not run by CI (it
# takes ten minutes): a benchmark, its figures in the README.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$PORO_ROOT"
minutes="${SOAK_MINUTES:-10}"
subscribers="${SOAK_SUBSCRIBERS:-200}"
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
# Phones come from many addresses (X-Forwarded-For from a trusted proxy), as
# in a city: only the per-device limits apply.
export PORO_TRUSTED_PROXIES="127.0.0.1/32"
export PORO_NOW="2027-12-01T12:00:00+01:00"
RUST_LOG=error PORO_DEMO_ANSWERS=200 poro_bench_server "${SOAK_PORT:-3195}"
poro_bench_admin soak@krakow.test Soak
printf 'Soak: release build, %s minutes, %s live subscribers, %s, %s cores\n' \
  "$minutes" "$subscribers" "$(date -u +%Y-%m-%d)" "$(nproc)"
BASE="$PORO_BENCH_BASE" MINUTES="$minutes" SUBSCRIBERS="$subscribers" PID="$PORO_BENCH_PID" node - <<'JS'
const http = require('http');
const fs = require('fs');
const { BASE, MINUTES, SUBSCRIBERS, PID } = process.env;
const url = new URL(BASE);
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
const stopAt = Date.now() + Number(MINUTES) * 60_000;
const counts = { pages: 0, answers: 0, approvals: 0, reconnects: 0, events: 0 };
const failures = [];
const fail = (what) => { if (failures.length < 20) console.error('FAILED:', what); failures.push(what); };
const sleep = (ms) => new Promise((s) => setTimeout(s, ms));
let phone = 0;
const address = (n) => `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
const request = (method, path, body, headers = {}) =>
  new Promise((resolve) => {
    const req = http.request({ host: url.hostname, port: url.port, path, method, agent,
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', ...headers } },
    (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text }));
    });
    req.on('error', (e) => resolve({ status: 0, headers: {}, text: e.message }));
    if (body) req.write(body);
    req.end();
  });
const sample = () => {
  const status = fs.readFileSync(`/proc/${PID}/status`, 'utf8');
  const rss = Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024;
  const fds = fs.readdirSync(`/proc/${PID}/fd`).length;
  return { rss, fds };
};

const PAGES = ['/', '/ankieta', '/wyniki', '/wyniki/IV', '/wyniki/porownanie', '/spotkania', '/spotkania/1',
  '/spotkania?widok=miesiac', '/spotkania/1/na-zywo', '/postulaty', '/postulaty?q=ziele%C5%84',
  '/postulaty/wydzialy', '/rundy', '/prywatnosc'];
async function viewer(n) {
  for (let i = n; Date.now() < stopAt; i++) {
    const path = PAGES[i % PAGES.length];
    const res = await request('GET', path, null, { accept: 'text/html', 'x-forwarded-for': address(i) });
    if (res.status !== 200) fail(`GET ${path}: ${res.status}`);
    counts.pages++;
    await sleep(20);
  }
}

const field = (html, name) => {
  const m = new RegExp(`name="answer\\[${name}\\]"[^>]*value="([^"]*)"`).exec(html);
  return m && m[1].replace(/&quot;/g, '"').replace(/&amp;/g, '&');
};
async function answering() {
  while (Date.now() < stopAt) {
    const from = address(++phone);
    const page = await request('GET', '/ankieta', null, { accept: 'text/html', 'x-forwarded-for': from });
    const cookie = (page.headers['set-cookie'] || []).map((c) => c.split(';')[0]).find((c) => c.startsWith('poro_device='));
    const actions = [...new Set([...page.text.matchAll(/name="answer\[actions\]\[(\d+)\]"/g)].map((m) => m[1]))];
    if (page.status !== 200 || !cookie || !actions.length) { fail(`GET /ankieta: ${page.status}`); await sleep(100); continue; }
    const pairs = [['answer[client_id]', field(page.text, 'client_id')], ['answer[start]', field(page.text, 'start')],
      ['answer[district]', String(1 + (phone % 7))]];
    for (const a of actions.slice(phone % 5, phone % 5 + 3)) pairs.push([`answer[actions][${a}]`, a]);
    const body = pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
    const res = await request('POST', '/api/survey/submit', body, { cookie, 'x-forwarded-for': from });
    if (res.status !== 200) fail(`answer: ${res.status} ${res.text.slice(0, 120)}`);
    else counts.answers++;
    await sleep(100);
  }
}

const streams = new Set();
function subscribe() {
  const req = http.get({ host: url.hostname, port: url.port, path: '/spotkania/1/na-zywo/zdarzenia' }, (res) => {
    if (res.statusCode !== 200) fail(`live stream: ${res.statusCode}`);
    res.setEncoding('utf8');
    res.on('data', (chunk) => { counts.events += (chunk.match(/^id: /gm) || []).length; });
    res.on('error', () => {});
  });
  req.on('error', (e) => { if (streams.has(req)) fail(`live stream: ${e.message}`); });
  streams.add(req);
}
async function churn() {
  while (Date.now() < stopAt) {
    await sleep(5000);
    const some = [...streams].slice(0, 10);
    for (const req of some) { streams.delete(req); req.destroy(); }
    for (let i = 0; i < some.length; i++) { subscribe(); counts.reconnects++; }
  }
}

async function moderator() {
  const login = await request('POST', '/api/staff/login', 'email=soak%40krakow.test&password=haslo-administratora-2028');
  const cookie = login.headers['set-cookie'][0].split(';')[0];
  for (let r = 0; Date.now() < stopAt; r++) {
    const add = await request('POST', '/api/moderation/add',
      `meeting=1&body=${encodeURIComponent(`Postulat ${r} z próby długotrwałej`)}`, { cookie });
    if (add.status !== 200) fail(`add: ${add.status} ${add.text.slice(0, 120)}`);
    const queue = JSON.parse((await request('POST', '/api/moderation/console', 'meeting=1', { cookie })).text);
    const item = queue.items[0];
    const res = await request('POST', '/api/moderation/postulate',
      `meeting=1&postulate=${item.id}&version=${item.version}&action=approve`, { cookie });
    if (res.status !== 200) fail(`approve: ${res.status} ${res.text.slice(0, 120)}`);
    else counts.approvals++;
    await sleep(10_000);
  }
}

(async () => {
  const start = Date.now();
  const curve = [];
  const record = () => {
    const s = sample();
    curve.push(s);
    console.log(`${String(Math.round((Date.now() - start) / 1000)).padStart(4)} s   RSS ${s.rss.toFixed(1).padStart(6)} MB   fds ${String(s.fds).padStart(4)}   ` +
      `pages ${counts.pages}   answers ${counts.answers}   approvals ${counts.approvals}   stream reconnects ${counts.reconnects}   events received ${counts.events}`);
  };
  record();
  for (let i = 0; i < Number(SUBSCRIBERS); i++) subscribe();
  const work = [viewer(0), viewer(5), viewer(9), answering(), answering(), moderator(), churn()];
  const timer = setInterval(record, 30_000);
  await Promise.all(work);
  clearInterval(timer);
  record();
  for (const req of streams) req.destroy();
  await sleep(2000);
  const after = sample();
  console.log(`after the subscribers left: RSS ${after.rss.toFixed(1)} MB, fds ${after.fds}`);
  // Flat: the second half's last sample against its first.
  const mid = curve[Math.floor(curve.length / 2)];
  const end = curve[curve.length - 1];
  const rssGrowth = end.rss - mid.rss;
  const fdGrowth = end.fds - mid.fds;
  console.log(`second half: RSS ${mid.rss.toFixed(1)} → ${end.rss.toFixed(1)} MB (${rssGrowth >= 0 ? '+' : ''}${rssGrowth.toFixed(1)}), ` +
    `fds ${mid.fds} → ${end.fds} (${fdGrowth >= 0 ? '+' : ''}${fdGrowth})`);
  console.log(`requests failed: ${failures.length}`);
  const flat = rssGrowth <= Math.max(8, mid.rss * 0.1) && fdGrowth <= 10;
  if (!flat) console.error('FAILED: memory or file descriptors grew over the second half');
  process.exit(failures.length === 0 && flat ? 0 : 1);
})();
JS
