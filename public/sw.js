// Service worker: keeps the app shell (survey page HTML, hashed JS/wasm/CSS)
// so the survey opens with no network after one visit. Hashed /pkg/ files
// never change: cache first. Pages: network first, cache as fallback.
// Server functions (/api/) and /healthz are never cached.
const CACHE = 'poro-shell-v1';
const SHELL_PAGES = ['/ankieta', '/'];

async function precache() {
  const cache = await caches.open(CACHE);
  for (const page of SHELL_PAGES) {
    const res = await fetch(page, { credentials: 'same-origin' });
    if (!res.ok) continue;
    const html = await res.clone().text();
    await cache.put(page, res);
    // The build's assets named by the page (hashed names).
    const assets = new Set(html.match(/\/pkg\/[A-Za-z0-9._-]+/g) || []);
    assets.add('/favicon.svg');
    await cache.addAll([...assets]);
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
      .then(() => self.clients.claim()),
  );
});

async function cacheFirst(request) {
  const hit = await caches.match(request);
  if (hit) return hit;
  const res = await fetch(request);
  if (res.ok) (await caches.open(CACHE)).put(request, res.clone());
  return res;
}

async function networkFirst(request) {
  try {
    const res = await fetch(request);
    if (res.ok && res.type === 'basic') (await caches.open(CACHE)).put(request, res.clone());
    return res;
  } catch (err) {
    const url = new URL(request.url);
    const hit = (await caches.match(request)) || (await caches.match(url.pathname));
    if (hit) return hit;
    throw err;
  }
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/api/') || url.pathname === '/healthz') return;
  if (url.pathname.startsWith('/pkg/')) {
    event.respondWith(cacheFirst(request));
  } else if (request.mode === 'navigate' || SHELL_PAGES.includes(url.pathname)) {
    event.respondWith(networkFirst(request));
  }
});
