// /wyniki: switching district, theme, order or compared action without a
// page load. The links and GET forms marked `data-results-nav` work on their
// own (JavaScript off: a page load); here they fetch the new view's HTML,
// swap `#results-view` in place, put its URL in the address bar, and Back
// shows the previous view again. (A few lines of script rather than an
// island: an island would make these pages load the app's WebAssembly,
// about 140 KB, for DOM work the server already does.)
const swap = async (url, push) => {
  const current = document.getElementById('results-view');
  if (!current) return false;
  current.setAttribute('aria-busy', 'true');
  try {
    const res = await fetch(url, { headers: { Accept: 'text/html' } });
    if (!res.ok) throw new Error(String(res.status));
    const doc = new DOMParser().parseFromString(await res.text(), 'text/html');
    const next = doc.getElementById('results-view');
    if (!next) throw new Error('no view');
    current.replaceWith(document.adoptNode(next));
    document.title = doc.title;
    if (push) history.pushState({ results: true }, '', url);
    const heading = next.querySelector('h1');
    if (heading) heading.focus({ preventScroll: true });
    return true;
  } catch {
    location.assign(url);
    return false;
  }
};

document.addEventListener('click', (event) => {
  const link = event.target.closest('[data-results-nav] a[href]');
  if (!link || event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  swap(link.href, true);
});

const submit = (form) => {
  const url = new URL(form.action, location.href);
  for (const [key, value] of new FormData(form)) {
    if (value !== '') url.searchParams.set(key, String(value));
  }
  swap(url.pathname + url.search, true);
};

document.addEventListener('submit', (event) => {
  const form = event.target.closest('form[data-results-nav]');
  if (!form) return;
  event.preventDefault();
  submit(form);
});

document.addEventListener('change', (event) => {
  const form = event.target.closest('form[data-results-nav]');
  if (form && event.target.matches('select')) submit(form);
});

addEventListener('popstate', () => {
  swap(location.pathname + location.search, false);
});
