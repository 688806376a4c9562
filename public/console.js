// The moderators' console (/panel/moderacja/<meeting>), live: the
// meeting's staff event stream tells it something changed; it then fetches
// the console again and replaces the postulates whose version changed —
// never one a moderator is typing in (that one is marked instead, and the
// server refuses a stale change anyway). Forms send without a page load;
// on an error the form posts as usual and the page shows the server's
// message. Keyboard shortcuts (listed on the page): j/k move, a approve,
// x reject, m merge, e edit, d discuss. Without JavaScript every form still
// posts and the page reloads.
import { follow } from '/events.js';

const root = document.querySelector('[data-console]');
if (root) {
  const queue = root.querySelector('[data-testid="queue"]');
  const typing = (node) =>
    node.contains(document.activeElement) &&
    document.activeElement.matches('input:not([type=hidden]), textarea, select');

  const refresh = async () => {
    const res = await fetch(location.pathname, { headers: { Accept: 'text/html' } });
    if (!res.ok) return;
    const doc = new DOMParser().parseFromString(await res.text(), 'text/html');
    const fresh = doc.querySelector('[data-console]');
    if (!fresh) return;
    const controls = root.querySelector('[data-testid="live-controls"]');
    if (!typing(controls)) controls.replaceWith(fresh.querySelector('[data-testid="live-controls"]'));
    const items = [...fresh.querySelector('[data-testid="queue"]').children];
    const ids = new Set(items.map((li) => li.dataset.id));
    let previous = null;
    for (const li of items) {
      const old = queue.querySelector(`[data-id="${li.dataset.id}"]`);
      if (!old) {
        if (previous) previous.after(li);
        else queue.prepend(li);
        previous = li;
        continue;
      }
      if (old.dataset.version !== li.dataset.version || old.className !== li.className) {
        if (typing(old)) old.classList.add('changed-elsewhere');
        else {
          old.replaceWith(li);
          previous = li;
          continue;
        }
      }
      previous = old;
    }
    for (const old of [...queue.children]) if (!ids.has(old.dataset.id)) old.remove();
  };

  // Events come in bursts ("me too" raises two): refresh 150 ms after the
  // last one, but never later than 2 s after the first one waiting, so a
  // steady stream of events cannot hold the queue back.
  const QUIET_MS = 150;
  const MAX_WAIT_MS = 2000;
  let timer = null;
  let waitingSince = 0;
  const soon = (data) => {
    if (data && JSON.parse(data).type === 'reload') {
      location.reload();
      return;
    }
    const now = Date.now();
    if (timer === null) waitingSince = now;
    clearTimeout(timer);
    const wait = Math.max(0, Math.min(QUIET_MS, waitingSince + MAX_WAIT_MS - now));
    timer = setTimeout(() => {
      timer = null;
      refresh();
    }, wait);
  };
  follow(root.dataset.console, Number(root.dataset.lastEvent || 0), soon);

  // getAttribute: the forms have a field named "action", which hides the
  // form's own `action` property.
  root.addEventListener('submit', async (e) => {
    const form = e.target;
    const button = e.submitter;
    e.preventDefault();
    if (button) button.disabled = true;
    const data = new FormData(form);
    let ok = false;
    try {
      const res = await fetch(form.getAttribute('action'), {
        method: 'POST',
        headers: { Accept: 'application/json' },
        body: new URLSearchParams(data),
      });
      ok = res.ok;
    } catch {
      ok = false;
    }
    if (button) button.disabled = false;
    if (ok) {
      // Sent: the form is empty again (the queue refreshes from the stream).
      form.reset();
      soon();
      return;
    }
    HTMLFormElement.prototype.submit.call(form);
  });

  document.addEventListener('keydown', (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.target.closest && e.target.closest('input, textarea, select')) return;
    const items = [...queue.querySelectorAll('.queue-item')];
    const current = document.activeElement && document.activeElement.closest('.queue-item');
    if (e.key === 'j' || e.key === 'k') {
      const i = items.indexOf(current);
      const next = items[e.key === 'j' ? i + 1 : Math.max(i - 1, 0)] || items[0];
      if (next) next.focus();
      e.preventDefault();
      return;
    }
    if (!current) return;
    if (e.key === 'm') {
      const into = current.querySelector('input[name="into"]');
      if (into) into.focus();
    } else if (e.key === 'e') {
      const body = current.querySelector('textarea[name="body"]');
      if (body) body.focus();
    } else {
      const button = current.querySelector(`button[data-key="${e.key}"]`);
      if (!button) return;
      button.click();
    }
    e.preventDefault();
  });
}
