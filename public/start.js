// Loaded by every page (a few hundred bytes, no WebAssembly): registers the
// service worker that keeps the survey usable offline (the server serves
// /sw.js versioned by build). Pages with islands load the app's
// WebAssembly as well, which marks <body data-hydrated> once the islands
// are live; a page without islands is complete as it is, so it is marked
// here.
if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('/sw.js').catch(() => {});
}
if (!document.querySelector('leptos-island')) {
  document.body.setAttribute('data-hydrated', 'true');
}
