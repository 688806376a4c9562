// Service worker: keeps the app shell (survey page HTML, hashed JS/wasm/CSS)
// so the survey opens with no network after one visit. Hashed /pkg/ files
// never change: cache first. Pages: network first, cache as fallback.
// A page neither reachable nor kept gets the offline page (/offline, kept
// at install), which says so and links to the survey.
// Server functions (/api/) and /healthz are never cached, and neither are
// staff pages (/panel) nor any response marked `no-store` (everything a
// signed-in staff member receives).
//
// The server serves this file at /sw.js with __BUILD__ replaced by the
// build's id, so every build has its own cache: a new build changes this
// script, the browser installs it, and `activate` deletes older caches
// (and the old build's /pkg files with them).
const CACHE = 'poro-__BUILD__';
// The build's lazily loaded code (the split loader and every wasm chunk),
// filled in by the server: no page names the chunks, so they are
// precached from this list rather than found in the shell pages' HTML.
const SPLIT_CODE = /*__SPLIT_CODE__*/[];
const SHELL_PAGES = ['/ankieta', '/'];
const OFFLINE_PAGE = '/offline';
const LOGOUT = '/api/staff/logout';

const isStaffPath = (path) => path === '/panel' || path.startsWith('/panel/');
const cacheable = (res) =>
  res.ok && res.type === 'basic' && !/no-store/i.test(res.headers.get('cache-control') || '');

async function precache() {
  const cache = await caches.open(CACHE);
  // The build's assets the shell pages name (hashed names) and its lazily
  // loaded code, gathered first so each file is fetched once.
  const assets = new Set([...SPLIT_CODE, '/favicon.svg']);
  let kept = 0;
  for (const page of SHELL_PAGES) {
    const res = await fetch(page, { credentials: 'same-origin', cache: 'no-cache' });
    if (!cacheable(res)) continue;
    const html = await res.clone().text();
    await cache.put(page, res);
    kept += 1;
    for (const asset of html.match(/\/pkg\/[A-Za-z0-9._-]+/g) || []) assets.add(asset);
  }
  if (kept > 0) await cache.addAll([...assets]);
  await cache.add(new Request(OFFLINE_PAGE, { credentials: 'same-origin', cache: 'no-cache' }));
}

/** Removes every staff page from every cache (after signing out). */
async function forgetStaffPages() {
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      if (isStaffPath(new URL(request.url).pathname)) await cache.delete(request);
    }
  }
}

self.addEventListener('install', (event) => {
  event.waitUntil(precache().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(forgetStaffPages)
      .then(() => self.clients.claim()),
  );
});

async function cacheFirst(request) {
  const hit = await caches.match(request);
  if (hit) return hit;
  const res = await fetch(request);
  if (cacheable(res)) (await caches.open(CACHE)).put(request, res.clone());
  return res;
}

async function networkFirst(request) {
  try {
    const res = await fetch(request);
    if (cacheable(res)) (await caches.open(CACHE)).put(request, res.clone());
    return res;
  } catch (err) {
    const url = new URL(request.url);
    const hit = (await caches.match(request)) || (await caches.match(url.pathname));
    if (hit) return hit;
    if (request.mode === 'navigate') {
      const offline = await caches.match(OFFLINE_PAGE);
      if (offline) return offline;
    }
    throw err;
  }
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === 'POST' && url.pathname === LOGOUT) {
    // Signing out: nothing of the staff area stays on this device.
    event.waitUntil(forgetStaffPages());
    return;
  }
  if (request.method !== 'GET') return;
  if (url.pathname.startsWith('/api/') || url.pathname === '/healthz') return;
  if (isStaffPath(url.pathname)) return;
  if (url.pathname.startsWith('/pkg/')) {
    event.respondWith(cacheFirst(request));
  } else if (request.mode === 'navigate' || SHELL_PAGES.includes(url.pathname)) {
    event.respondWith(networkFirst(request));
  }
});
