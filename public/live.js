// A meeting's live views — the residents' page (/spotkania/<id>/na-zywo)
// and the projector (/spotkania/<id>/projektor) — kept live by the
// meeting's event stream (server-sent events). Every event has an id; the
// stream resumes after the last one seen (?od=), so nothing is applied
// twice or missed, and a lost connection is retried with a growing pause.
//
// On the residents' page this script also keeps the postulate being typed
// on the phone (a draft that survives a reload) and sends postulates
// through an outbox: one written without a connection waits on the phone
// and goes when the connection is back, exactly once (its client id makes a
// repeat harmless). Without JavaScript the page's forms post and the list
// refreshes on reload. (A plain script, not an island: an island would
// load the app's WebAssembly for a few lines of DOM work.)
import { follow } from '/events.js';

const root = document.querySelector('[data-live]');
if (root) {
  const lang = document.documentElement.lang === 'en' ? 'en' : 'pl';
  const projector = root.hasAttribute('data-projector');
  const list = root.querySelector('[data-testid="live-list"]');
  const empty = root.querySelector('[data-testid="live-empty"]');
  const texts = projector ? root.dataset : list.dataset;
  // The postulates this device said "me too" to (the server marks them as
  // the page loads; taps add to it): a redrawn item keeps its state.
  const supported = new Set(
    [...list.querySelectorAll('button[aria-pressed="true"]')].map((b) => b.closest('li').dataset.id),
  );
  let discussed = null;
  const current = list.querySelector('.discussed');
  if (current) discussed = Number(current.dataset.id);

  const el = (tag, cls, text) => {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  };

  // The markup of LiveItem (live page) or of a projector item; text is
  // always set as text, never as HTML.
  const item = (p) => {
    const li = el('li', projector ? 'postulate' : 'card postulate');
    li.id = `p${p.id}`;
    li.dataset.id = p.id;
    li.append(el('p', 'postulate-body', p.body));
    if (projector) {
      const meta = el('p', 'meta', `${texts.textMeToo} `);
      meta.append(el('span', 'count', String(p.me_too)));
      li.append(meta);
    } else {
      li.append(el('p', 'meta', p.theme ? p.theme[lang] : ''));
      const form = el('form', 'me-too');
      form.method = 'post';
      form.action = '/api/postulates/me-too';
      const hidden = el('input');
      hidden.type = 'hidden';
      hidden.name = 'postulate';
      hidden.value = p.id;
      const button = el('button', 'secondary');
      button.type = 'submit';
      const mine = supported.has(String(p.id));
      button.setAttribute('aria-pressed', String(mine));
      button.append(el('span', 'label', mine ? texts.textSupporting : texts.textMeToo), ' ',
        el('span', 'count', String(p.me_too)));
      form.append(hidden, button);
      li.append(form);
    }
    return li;
  };

  const markDiscussed = () => {
    for (const li of list.children) {
      const on = Number(li.dataset.id) === discussed;
      li.classList.toggle('discussed', on);
      const badge = li.querySelector('.badge');
      if (on && !badge) li.prepend(el('p', 'badge', texts.textDiscussed));
      if (!on && badge) badge.remove();
      if (on && projector) list.prepend(li);
    }
  };

  const upsert = (p) => {
    const old = list.querySelector(`[data-id="${p.id}"]`);
    const li = item(p);
    // Only a postulate that arrives while the page is open slides in (and
    // not with reduced motion): the list as loaded stands still.
    if (!old) li.classList.add('arrived');
    if (old) old.replaceWith(li);
    else if (projector) list.prepend(li);
    else list.append(li);
    empty.hidden = true;
    markDiscussed();
    if (projector) page(true);
  };

  // Withdrawn or merged away: off the list (its text with it).
  const remove = (id) => {
    const old = list.querySelector(`[data-id="${id}"]`);
    if (old) old.remove();
    empty.hidden = list.children.length > 0;
    if (projector) page(true);
  };

  const setOpen = (open) => {
    const state = root.querySelector('[data-testid="live-state"]');
    const form = root.querySelector('[data-testid="postulate-form"]');
    if (state) state.textContent = open ? state.dataset.textOpen : state.dataset.textClosed;
    if (form) form.hidden = !open;
  };

  const setSlide = (n) => {
    const slides = root.querySelector('[data-testid="slides"]');
    const live = root.querySelector('[data-testid="projector-live"]');
    if (!slides) return;
    const all = slides.querySelectorAll('[data-slide]');
    const showing = n >= 0 && all.length > 0;
    slides.hidden = !showing;
    live.hidden = showing;
    for (const s of all) {
      s.hidden = Number(s.dataset.slide) !== n;
      if (s.hidden) s.removeAttribute('aria-current');
      else s.setAttribute('aria-current', 'true');
    }
  };

  // The projector never scrolls: a long list shows a few at a time and
  // turns its pages by itself (the discussed one stays first).
  let pageIndex = 0;
  const PER_PAGE = 4;
  const page = (reset) => {
    if (!projector) return;
    const items = [...list.children];
    const rest = items.filter((li) => Number(li.dataset.id) !== discussed);
    const first = items.length - rest.length;
    const pages = Math.max(1, Math.ceil(rest.length / (PER_PAGE - first)));
    pageIndex = reset ? 0 : (pageIndex + 1) % pages;
    const from = pageIndex * (PER_PAGE - first);
    rest.forEach((li, i) => {
      li.hidden = i < from || i >= from + PER_PAGE - first;
    });
  };
  if (projector) {
    page(true);
    setInterval(() => page(false), 8000);
  }

  const apply = (event) => {
    switch (event.type) {
      case 'postulate':
        upsert(event.postulate);
        break;
      case 'removed':
        remove(event.id);
        break;
      case 'reload':
        // Too far behind to catch up event by event: the page as it is now.
        location.reload();
        break;
      case 'discussed':
        discussed = event.id;
        markDiscussed();
        page(true);
        break;
      case 'open':
        setOpen(event.open);
        break;
      case 'slide':
        setSlide(event.slide);
        break;
    }
  };

  follow(root.dataset.live, Number(root.dataset.lastEvent || 0), (data) => {
    if (data) apply(JSON.parse(data));
  });

  // "Me too" without a page load; on an error the form posts as usual and
  // the page shows the server's message.
  list.addEventListener('submit', async (e) => {
    const form = e.target.closest('form.me-too');
    if (!form) return;
    e.preventDefault();
    const button = form.querySelector('button');
    // Already supported from this device: the state is on the button.
    if (button.getAttribute('aria-pressed') === 'true') return;
    button.disabled = true;
    try {
      const res = await fetch(form.getAttribute('action'), {
        method: 'POST',
        headers: { Accept: 'application/json' },
        body: new URLSearchParams(new FormData(form)),
      });
      if (!res.ok) throw new Error(String(res.status));
      const count = String(await res.json());
      // The item may have been redrawn by a live event meanwhile.
      const id = form.querySelector('input[name="postulate"]').value;
      supported.add(id);
      const now = list.querySelector(`[data-id="${id}"] form.me-too button`) || button;
      now.querySelector('.count').textContent = count;
      now.setAttribute('aria-pressed', 'true');
      now.querySelector('.label').textContent = texts.textSupporting;
      now.disabled = false;
    } catch {
      form.submit();
    }
  });

  const form = root.querySelector('[data-testid="postulate-form"]');
  if (form) {
    const meeting = root.dataset.meeting;
    const DRAFT = `poro-postulate-draft-${meeting}`;
    const OUTBOX = 'poro-postulate-outbox';
    const body = form.querySelector('textarea[name="body"]');
    const clientId = form.querySelector('input[name="client_id"]');
    const queued = form.querySelector('[data-testid="outbox"]');
    const sent = root.querySelector('[data-testid="sent"]');
    const read = (key, fallback) => {
      try {
        return JSON.parse(localStorage.getItem(key)) ?? fallback;
      } catch {
        return fallback;
      }
    };
    const write = (key, value) => {
      try {
        localStorage.setItem(key, JSON.stringify(value));
      } catch {
        // Storage full or off: the form still posts.
      }
    };

    if (!body.value && read(DRAFT, '')) body.value = read(DRAFT, '');
    body.addEventListener('input', () => write(DRAFT, body.value));

    // A fresh client id for the next postulate (randomUUID needs HTTPS).
    const uuid = () =>
      crypto.randomUUID
        ? crypto.randomUUID()
        : '10000000-1000-4000-8000-100000000000'.replace(/[018]/g, (c) =>
            (c ^ (crypto.getRandomValues(new Uint8Array(1))[0] & (15 >> (c / 4)))).toString(16),
          );

    const showSent = (code) => {
      sent.replaceChildren();
      const p = el('p', 'notice notice-ok', `${sent.dataset.textSent} `);
      p.append(el('strong', 'receipt-code', code), ' ');
      const a = el('a', '', sent.dataset.textFollow);
      a.href = `/postulaty/kod/${code}`;
      p.append(a);
      sent.append(p);
    };

    let flushing = false;
    const flush = async () => {
      if (flushing) return;
      flushing = true;
      try {
        for (const entry of read(OUTBOX, [])) {
          let res;
          try {
            res = await fetch('/api/postulates/submit', {
              method: 'POST',
              headers: { Accept: 'application/json' },
              body: new URLSearchParams(entry),
            });
          } catch {
            break; // Still offline: try again later.
          }
          if (res.status === 429 || res.status >= 500) break;
          write(
            OUTBOX,
            read(OUTBOX, []).filter((e) => e.client_id !== entry.client_id),
          );
          if (res.ok) {
            showSent(await res.json());
          } else if (entry.meeting === meeting) {
            // Refused (too short, closed…): back into the form, which posts
            // as usual so the page shows the server's message with the text.
            body.value = entry.body;
            clientId.value = entry.client_id;
            HTMLFormElement.prototype.submit.call(form);
            return;
          }
        }
      } finally {
        flushing = false;
        queued.hidden = read(OUTBOX, []).length === 0;
      }
    };

    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const entry = Object.fromEntries(new FormData(form));
      write(OUTBOX, [...read(OUTBOX, []), entry]);
      write(DRAFT, '');
      body.value = '';
      clientId.value = uuid();
      queued.hidden = false;
      flush();
    });
    addEventListener('online', flush);
    setInterval(flush, 15000);
    flush();
  }
}
