// What a phone's browser downloads for each resident page: Debian's
// Chromium (Playwright) opens the page in a fresh profile, waits until the
// islands are live (body[data-hydrated]) and the network is idle, and adds
// up every response's bytes on the wire as DevTools reports them
// (encodedDataLength: compressed body plus response headers) — the HTML,
// scripts, wasm chunks loaded lazily, CSS, icons, the manifest. Then the
// second page of a visit (`/` then `/wyniki`): what it adds with the first
// page's files in the browser's cache. Also fails when a resident page
// downloads the console's or the panel's code.
//
// Usage: node end2end/bench/transfer.mjs http://127.0.0.1:3190
// (scripts/bench-transfer.sh starts the release server and runs this.)
import { chromium } from '@playwright/test';
import * as fs from 'node:fs';

const base = process.argv[2];
const BUDGET = 150 * 1024;
const GOAL = 100 * 1024;
const kb = (n) => (n / 1024).toFixed(1);
// Marks of the staff's code: its scripts, and staff server functions'
// endpoints, which would be compiled into any wasm that holds them.
const STAFF_MARKERS = JSON.parse(
  fs.readFileSync(new URL('../staff-markers.json', import.meta.url), 'utf8'),
);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});

/** Opens each path in turn in one fresh context; per path, its responses. */
async function visit(paths) {
  const context = await browser.newContext({
    viewport: { width: 360, height: 740 },
    isMobile: true,
    locale: 'pl-PL',
    // A first visit: the service worker's own precaching (it keeps the
    // survey for offline use) is not what the page needs, and is left out.
    serviceWorkers: 'block',
  });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  let current = [];
  const urls = new Map();
  cdp.on('Network.responseReceived', (e) => urls.set(e.requestId, e.response));
  cdp.on('Network.loadingFinished', (e) => {
    const res = urls.get(e.requestId);
    if (!res) return;
    current.push({ url: res.url, bytes: e.encodedDataLength, cached: res.fromDiskCache || res.fromMemoryCache, body: e.requestId });
  });
  const out = [];
  for (const path of paths) {
    current = [];
    const res = await page.goto(base + path, { waitUntil: 'networkidle' });
    if (!res || !res.ok()) throw new Error(`${path}: ${res ? res.status() : 'no response'}`);
    await page.waitForSelector('body[data-hydrated]', { timeout: 15000 });
    await page.waitForLoadState('networkidle');
    const files = current;
    for (const f of files) {
      if (!f.url.includes('/pkg/') && !f.url.endsWith('.js')) continue;
      try {
        const body = await cdp.send('Network.getResponseBody', { requestId: f.body });
        const text = body.base64Encoded ? Buffer.from(body.body, 'base64').toString('latin1') : body.body;
        f.staff = STAFF_MARKERS.filter((m) => text.includes(m)).concat(
          /\/(console|panel)[^/]*\.js$/.test(f.url) ? [new URL(f.url).pathname] : []);
      } catch {
        f.staff = [];
      }
    }
    out.push({ path, files });
  }
  await context.close();
  return out;
}

const RESIDENT_PAGES = ['/', '/ankieta', '/wyniki', '/wyniki/III', '/spotkania', '/spotkania/2',
  '/spotkania/2/na-zywo', '/postulaty'];
let failed = false;
console.log(`Release build, first visit in Chromium (nothing cached), ${new Date().toISOString().slice(0, 10)}`);
console.log('bytes on the wire: compressed bodies + response headers; budget 150 KB, goal 100 KB\n');
const summary = [];
for (const path of RESIDENT_PAGES) {
  const [{ files }] = await visit([path]);
  let total = 0;
  console.log(path);
  for (const f of files) {
    total += f.bytes;
    const name = f.url.replace(base, '');
    console.log(`  ${name.padEnd(64)} ${String(f.bytes).padStart(8)} B${f.staff && f.staff.length ? '  STAFF CODE: ' + f.staff.join(', ') : ''}`);
    if (f.staff && f.staff.length) failed = true;
  }
  const verdict = total <= GOAL ? 'within the goal' : total <= BUDGET ? 'within the budget, over the goal' : 'OVER the budget';
  console.log(`  ${'TOTAL'.padEnd(64)} ${String(total).padStart(8)} B = ${kb(total)} KB (${verdict})\n`);
  summary.push([path, total, verdict]);
}

// The second page of a visit: / first, then /wyniki with the cache warm.
const [, second] = await visit(['/', '/wyniki']);
const added = second.files.filter((f) => !f.cached).reduce((n, f) => n + f.bytes, 0);
console.log('second page of a visit (/ then /wyniki), what /wyniki adds:');
for (const f of second.files) {
  console.log(`  ${f.url.replace(base, '').padEnd(64)} ${f.cached ? '   cached' : String(f.bytes).padStart(8) + ' B'}`);
}
console.log(`  ${'ADDED'.padEnd(64)} ${String(added).padStart(8)} B = ${kb(added)} KB\n`);

console.log('summary');
for (const [path, total, verdict] of summary) {
  console.log(`  ${path.padEnd(24)} ${kb(total).padStart(7)} KB  ${verdict}`);
}
console.log(`  ${'/ then /wyniki'.padEnd(24)} ${kb(added).padStart(7)} KB  added by the second page`);
await browser.close();
if (failed) {
  console.error('a resident page downloads staff code');
  process.exit(1);
}
