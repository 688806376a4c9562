// The survey on a phone with a bad connection: drafts survive reloads, an
// answer given offline is queued and delivered exactly once when the
// connection returns, the page opens offline, and it all works without
// JavaScript too. Each test uses its own district so parallel tests do not
// disturb each other's counters.
import { expect, type Page } from '@playwright/test';
import { CLOSED_PORT } from '../playwright.config';
import { test, captureErrors, expectAccessible, hydrated, open, waitForServiceWorker } from './support';

async function districtCount(page: Page, numeral: string): Promise<number> {
  const text = await page.getByTestId(`count-${numeral}`).innerText();
  return Number(text.replace(/\s/g, ''));
}

test('a half-filled form survives a reload', async ({ page }, info) => {
  test.skip(!hydrated(info), 'drafts are kept by the page script');
  const errors = captureErrors(page);
  await open(page, info, '/ankieta');
  await page.getByLabel('Twoja dzielnica').selectOption({ label: 'III Prądnik Czerwony' });
  await page.getByLabel('Nowe parki kieszonkowe i skwery').check();
  await page.getByLabel('Ogrody społeczne').check();
  await page.getByLabel('Inne potrzeby (nieobowiązkowe)').fill('Ławki na Olszy');
  await expect(page.getByTestId('picks-left')).toContainText('3');

  await page.reload();
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  await expect(page.getByLabel('Twoja dzielnica')).toHaveValue('3');
  await expect(page.getByLabel('Nowe parki kieszonkowe i skwery')).toBeChecked();
  await expect(page.getByLabel('Ogrody społeczne')).toBeChecked();
  await expect(page.getByLabel('Sadzenie drzew wzdłuż ulic')).not.toBeChecked();
  await expect(page.getByLabel('Inne potrzeby (nieobowiązkowe)')).toHaveValue('Ławki na Olszy');
  await expect(page.getByTestId('picks-left')).toContainText('3');
  expect(errors).toEqual([]);
});

test('the pick limit is enforced while filling in', async ({ page }, info) => {
  test.skip(!hydrated(info), 'instant validation needs JavaScript');
  await open(page, info, '/ankieta');
  const boxes = page.locator('fieldset.actions input[type=checkbox]');
  for (let i = 0; i < 5; i++) await boxes.nth(i).check();
  await expect(page.getByTestId('picks-left')).toContainText('0');
  await expect(boxes.nth(5)).toBeDisabled();
  await boxes.nth(0).uncheck();
  await expect(boxes.nth(5)).toBeEnabled();
});

test('an answer given offline is queued, survives a reload and is delivered once', async ({ page, context }, info) => {
  test.skip(!hydrated(info), 'the offline queue is kept by the page script');
  await open(page, info, '/ankieta');
  await waitForServiceWorker(page);
  const before = await districtCount(page, 'VII');

  await page.getByLabel('Twoja dzielnica').selectOption({ label: 'VII Zwierzyniec' });
  await page.getByLabel('Place zabaw i siłownie plenerowe').check();
  await page.getByLabel('Lepsze oświetlenie ulic, parków i przejść').check();

  await context.setOffline(true);
  await expect(page.getByTestId('connection')).toHaveText('Brak połączenia — możesz wypełniać dalej');
  await page.getByRole('button', { name: 'Wyślij odpowiedź' }).click();
  await expect(page.getByTestId('queued')).toHaveText(
    'Zapisano — odpowiedź zostanie wysłana, gdy będziesz online.',
  );

  // Still offline: the page comes from the service worker, the answer is still queued.
  await page.reload();
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  await expect(page.getByTestId('queued')).toBeVisible();

  await context.setOffline(false);
  const receipt = page.getByTestId('receipt');
  await expect(receipt).toBeVisible({ timeout: 20_000 });
  const code = (await receipt.locator('.receipt-code').innerText()).trim();
  expect(code).toMatch(/^[A-Z0-9]{5}-[A-Z0-9]{5}$/);

  // Counted once. Just back online, the service worker's own fetch can
  // still fail for a moment and answer the reload from its cache (the
  // page as first seen; the receipt then comes from the device): reload
  // until the page is the server's (a CI run once read the old count).
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId('receipt')).toContainText(code);
    expect(await districtCount(page, 'VII')).toBe(before + 1);
  }).toPass({ timeout: 15_000 });

  await page.goto(`/ankieta/potwierdzenie/${code}`);
  await expect(page.getByTestId('receipt-page')).toContainText('VII Zwierzyniec');
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  await expectAccessible(page);
});

test('the survey page opens with no network after one visit', async ({ page, context }, info) => {
  test.skip(!hydrated(info), 'the service worker is registered by the page script');
  await open(page, info, '/ankieta');
  // Installed on the first visit, the worker holds the survey's lazily
  // loaded code too (no page names those files: the server lists them)…
  const kept = await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    const cache = await caches.open((await caches.keys())[0]);
    return { files: (await cache.keys()).map((r) => new URL(r.url).pathname) };
  });
  expect(kept.files.some((f) => /^\/pkg\/split_survey_form_loader_.*\.wasm$/.test(f)), kept.files.join(' ')).toBe(true);
  expect(kept.files.some((f) => /^\/pkg\/__wasm_split\..*\.js$/.test(f))).toBe(true);
  // The moderators' console's code never reaches a resident's phone.
  expect(kept.files.filter((f) => /split_console_live/.test(f))).toEqual([]);
  await waitForServiceWorker(page);
  // …so it opens offline even when the browser's own cache has dropped it.
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.clearBrowserCache');
  await context.setOffline(true);
  await page.goto('/ankieta');
  await expect(page.locator('h1')).toHaveText('Ankieta');
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  await expect(page.getByLabel('Twoja dzielnica')).toBeVisible();
  await context.setOffline(false);
});

test('the form submits and the resident gets a receipt', async ({ page }, info) => {
  await open(page, info, '/');
  const homeBefore = Number(await page.getByTestId('home-participation').innerText().then((t) => t.replace(/\s/g, '')));
  await open(page, info, '/ankieta');
  const before = await districtCount(page, 'V');
  await page.getByLabel('Twoja dzielnica').selectOption({ label: 'V Krowodrza' });
  await page.getByLabel('Dłużej otwarte filie bibliotek').check();
  await page.getByLabel('18–29 lat').check();
  await page.getByRole('button', { name: 'Wyślij odpowiedź' }).click();
  let code: string;
  if (hydrated(info)) {
    // Hydrated: the receipt is shown in place, with a link to its page.
    const receipt = page.getByTestId('receipt');
    await expect(receipt).toBeVisible();
    // The numbers below count it at once, without a reload.
    expect(await districtCount(page, 'V')).toBe(before + 1);
    code = (await receipt.locator('.receipt-code').innerText()).trim();
    await receipt.getByRole('link').click();
  } else {
    // JavaScript off: the form post redirects to the receipt page.
    await expect(page).toHaveURL(/\/ankieta\/potwierdzenie\/[A-Z0-9]{5}-[A-Z0-9]{5}$/);
    code = page.url().split('/').pop()!;
  }
  await expect(page).toHaveURL(new RegExp(`/ankieta/potwierdzenie/${code}$`));
  await expect(page.getByTestId('receipt-page')).toContainText('V Krowodrza');
  // A Polish date, and the next step: the district's results.
  await expect(page.getByTestId('receipt-page')).toContainText(/\d{1,2} (stycznia|lutego|marca|kwietnia|maja|czerwca|lipca|sierpnia|września|października|listopada|grudnia) \d{4}/);
  await expect(page.getByTestId('district-results')).toHaveAttribute('href', '/wyniki/V');
  await open(page, info, '/ankieta');
  expect(await districtCount(page, 'V')).toBe(before + 1);
  await open(page, info, '/');
  const homeAfter = Number(await page.getByTestId('home-participation').innerText().then((t) => t.replace(/\s/g, '')));
  expect(homeAfter).toBeGreaterThanOrEqual(homeBefore + 1);
});

test('a mistake is shown next to its field and keeps everything typed', async ({ page }, info) => {
  await open(page, info, '/ankieta');
  await page.getByLabel('Dłużej otwarte filie bibliotek').check();
  await page.getByLabel('Ogrody społeczne').check();
  await page.getByLabel('Inne potrzeby (nieobowiązkowe)').fill('Ławki <b>przy</b> Plantach & drzewa');
  await page.getByLabel('45–59 lat').check();
  await page.getByRole('button', { name: 'Wyślij odpowiedź' }).click();
  if (!hydrated(info)) {
    // The server sends the form back; what was typed is not in the URL.
    await expect(page).toHaveURL(/\/ankieta\?formularz=[0-9a-f]{64}&blad=/);
    expect(page.url()).not.toContain('Plant');
  }
  await expect(page.locator('#district-error')).toHaveText('Wybierz dzielnicę.');
  await expect(page.getByLabel('Twoja dzielnica')).toHaveAttribute('aria-describedby', 'district-error');
  await expect(page.getByLabel('Dłużej otwarte filie bibliotek')).toBeChecked();
  await expect(page.getByLabel('Ogrody społeczne')).toBeChecked();
  await expect(page.getByLabel('Sadzenie drzew wzdłuż ulic')).not.toBeChecked();
  await expect(page.getByLabel('Inne potrzeby (nieobowiązkowe)')).toHaveValue('Ławki <b>przy</b> Plantach & drzewa');
  await expect(page.getByLabel('45–59 lat')).toBeChecked();
  if (hydrated(info)) await expectAccessible(page);

  await page.getByLabel('Twoja dzielnica').selectOption({ label: 'IV Prądnik Biały' });
  await page.getByRole('button', { name: 'Wyślij odpowiedź' }).click();
  if (hydrated(info)) {
    await expect(page.getByTestId('receipt')).toBeVisible();
  } else {
    await expect(page).toHaveURL(/\/ankieta\/potwierdzenie\//);
    await expect(page.getByTestId('receipt-page')).toContainText('IV Prądnik Biały');
  }
});

test('an empty send lists every mistake at once, at the top, and focuses the list', async ({ page }, info) => {
  await open(page, info, '/ankieta');
  await page.getByRole('button', { name: 'Wyślij odpowiedź' }).click();
  const summary = page.getByTestId('error-summary');
  await expect(summary).toBeFocused();
  await expect(summary.getByRole('link')).toHaveText(['Wybierz dzielnicę.', 'Zaznacz co najmniej jedno działanie.']);
  await expect(page.locator('#actions-error')).toHaveText('Zaznacz co najmniej jedno działanie.');
  await expect(page.getByLabel('Twoja dzielnica')).toHaveAttribute('aria-invalid', 'true');
  // Each points at its field.
  await summary.getByRole('link', { name: 'Wybierz dzielnicę.' }).click();
  await expect(page.getByLabel('Twoja dzielnica')).toBeFocused();
  if (hydrated(info)) await expectAccessible(page);
});

test('a device that has answered gets its receipt, not the form, when it opens the survey again', async ({ page }, info) => {
  await open(page, info, '/ankieta');
  await page.getByLabel('Twoja dzielnica').selectOption({ label: 'VI Bronowice' });
  await page.getByLabel('Ogrody społeczne').check();
  await page.getByRole('button', { name: 'Wyślij odpowiedź' }).click();
  const code = hydrated(info)
    ? (await page.getByTestId('receipt').locator('.receipt-code').innerText()).trim()
    : (await page.waitForURL(/\/ankieta\/potwierdzenie\//), page.url().split('/').pop()!);
  // A new visit; in the hydrated project the phone's storage is emptied
  // too: the server recognises the device by its cookie.
  if (hydrated(info)) await page.evaluate(() => localStorage.clear());
  await open(page, info, '/ankieta');
  await expect(page.getByTestId('receipt')).toContainText(code);
  await expect(page.getByRole('button', { name: 'Wyślij odpowiedź' })).toBeHidden();
});

test('a missing choice is flagged before anything is sent', async ({ page }, info) => {
  test.skip(!hydrated(info), 'checked in the browser before sending: needs JavaScript (without it the server checks, see the test above)');
  const posts: string[] = [];
  page.on('request', (r) => { if (r.method() === 'POST' && r.url().includes('/api/survey/submit')) posts.push(r.url()); });
  await open(page, info, '/ankieta');
  await page.getByLabel('Twoja dzielnica').selectOption({ label: 'I Stare Miasto' });
  await page.getByRole('button', { name: 'Wyślij odpowiedź' }).click();
  await expect(page.locator('#actions-error')).toHaveText('Zaznacz co najmniej jedno działanie.');
  expect(posts).toEqual([]);
});

test('answers the device cannot store are kept in the page and still delivered', async ({ page, context }, info) => {
  test.skip(!hydrated(info), 'the on-device outbox belongs to the page script');
  // A phone whose storage is full: every write to localStorage fails.
  await page.addInitScript(() => {
    Storage.prototype.setItem = function () {
      throw new DOMException('quota', 'QuotaExceededError');
    };
  });
  await open(page, info, '/ankieta');
  await page.getByLabel('Twoja dzielnica').selectOption({ label: 'VI Bronowice' });
  await page.getByLabel('Sadzenie drzew wzdłuż ulic').check();
  await context.setOffline(true);
  await page.getByRole('button', { name: 'Wyślij odpowiedź' }).click();
  await expect(page.getByTestId('not-kept')).toContainText('Nie zamykaj tej strony');
  await expect(page.getByTestId('queued')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Wysyłanie…' })).toHaveCount(0);
  await context.setOffline(false);
  await expect(page.getByTestId('receipt')).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId('not-kept')).toHaveCount(0);
});

// A slow phone: the survey's own code arrives `ms` after the page asks.
async function slowSurveyCode(page: Page, ms = 1500) {
  await page.route('**/pkg/split_survey_form*', async (route) => {
    await new Promise((r) => setTimeout(r, ms));
    await route.continue();
  });
}

test('the page is marked live only once its lazily loaded island is', async ({ page }, info) => {
  test.skip(!hydrated(info), 'about the islands\' code arriving');
  // `body[data-hydrated]` must wait for the island's code, or a script
  // (or a test) that trusts it acts on a form not yet live (seen in CI).
  await slowSurveyCode(page);
  await open(page, info, '/ankieta');
  await page.getByLabel('Twoja dzielnica').selectOption({ label: 'II Grzegórzki' });
  await page.getByLabel('Ogrody społeczne').check();
  await page.getByRole('button', { name: 'Wyślij odpowiedź' }).click();
  await expect(page.getByTestId('receipt')).toBeVisible();
  await expect(page).toHaveURL(/\/ankieta$/);
  await expect(page.getByTestId('error-summary')).toHaveCount(0);
});

test('the survey does not move when its code arrives', async ({ page }, info) => {
  test.skip(!hydrated(info), 'about the islands\' code arriving');
  // A resident may be tapping a district when the island goes live: the
  // connection line that only the script shows appeared above the form
  // and pushed it down (Lighthouse: a layout shift of 0.05).
  await slowSurveyCode(page, 3000);
  await page.goto('/ankieta');
  const top = () => page.locator('form.survey').evaluate((el) => el.getBoundingClientRect().top);
  const before = await top();
  await expect(page.locator('body')).not.toHaveAttribute('data-hydrated', 'true');
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  await expect(page.getByTestId('connection')).toBeVisible();
  expect(await top()).toBe(before);
});

test('what a resident chooses before the survey\'s code arrives is kept', async ({ page }, info) => {
  test.skip(!hydrated(info), 'about the islands\' code arriving');
  await slowSurveyCode(page, 3000);
  await page.goto('/ankieta');
  await page.getByLabel('Twoja dzielnica').selectOption({ label: 'II Grzegórzki' });
  await page.getByLabel('Ogrody społeczne').check();
  await page.getByLabel('Inne potrzeby (nieobowiązkowe)').fill('Ławki przy Rondzie');
  await expect(page.locator('body')).not.toHaveAttribute('data-hydrated', 'true');
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  await expect(page.getByLabel('Twoja dzielnica').locator('option:checked')).toHaveText('II Grzegórzki');
  await expect(page.getByLabel('Ogrody społeczne')).toBeChecked();
  await expect(page.getByLabel('Inne potrzeby (nieobowiązkowe)')).toHaveValue('Ławki przy Rondzie');
  // The island holds the choice too: it is what gets sent.
  await expect(page.getByTestId('picks-left')).toContainText('4');
  await page.getByRole('button', { name: 'Wyślij odpowiedź' }).click();
  await expect(page.getByTestId('receipt')).toBeVisible();
  await expect(page).toHaveURL(/\/ankieta$/);
});

test('one answer is sent once, however many times the outbox is flushed', async ({ page }, info) => {
  test.skip(!hydrated(info), 'the outbox and its flushing belong to the page script');
  let posts = 0;
  await page.route('**/api/survey/submit', async (route) => {
    posts += 1;
    await new Promise((r) => setTimeout(r, 1500));
    await route.continue();
  });
  await open(page, info, '/ankieta');
  await page.getByLabel('Twoja dzielnica').selectOption({ label: 'II Grzegórzki' });
  await page.getByLabel('Ogrody społeczne').check();
  await page.getByRole('button', { name: 'Wyślij odpowiedź' }).click();
  // While that delivery is in flight the connection "returns" three times.
  for (let i = 0; i < 3; i++) await page.evaluate(() => window.dispatchEvent(new Event('online')));
  await expect(page.getByTestId('receipt')).toBeVisible({ timeout: 20_000 });
  await page.waitForTimeout(2000);
  expect(posts).toBe(1);
  await expect(page.getByTestId('form-error')).toHaveCount(0);
});

test('coming back to the survey by in-app links does not pile up listeners', async ({ page }, info) => {
  test.skip(!hydrated(info), 'event listeners exist only with the page script');
  await page.addInitScript(() => {
    const w = window as unknown as { __online: number };
    w.__online = 0;
    const add = window.addEventListener.bind(window);
    const remove = window.removeEventListener.bind(window);
    window.addEventListener = ((type: string, ...rest: unknown[]) => {
      if (type === 'online') w.__online += 1;
      return (add as (...a: unknown[]) => void)(type, ...rest);
    }) as typeof window.addEventListener;
    window.removeEventListener = ((type: string, ...rest: unknown[]) => {
      if (type === 'online') w.__online -= 1;
      return (remove as (...a: unknown[]) => void)(type, ...rest);
    }) as typeof window.removeEventListener;
  });
  await open(page, info, '/ankieta');
  const nav = page.getByRole('navigation');
  for (let i = 0; i < 3; i++) {
    await nav.getByRole('link', { name: 'Start', exact: true }).click();
    await expect(page.locator('h1')).toHaveText('Porozmawiajmy o Krakowie');
    await nav.getByRole('link', { name: 'Ankieta', exact: true }).click();
    await expect(page.getByLabel('Twoja dzielnica')).toBeVisible();
    // The form is the server's until its island's code has arrived.
    await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  }
  const listeners = await page.evaluate(() => (window as unknown as { __online: number }).__online);
  expect(listeners).toBe(1);
});

test('after the deadline the survey says it is closed and links to results', async ({ page }, info) => {
  await open(page, info, `http://127.0.0.1:${CLOSED_PORT}/ankieta`);
  await expect(page.getByTestId('survey-closed')).toHaveText(
    'Ankieta jest zamknięta — nie przyjmujemy nowych odpowiedzi.',
  );
  await expect(page.locator('form.survey')).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Zobacz wyniki ankiety' })).toHaveAttribute('href', '/wyniki');
});

test('after the deadline the server refuses an answer with a clear message', async ({ request }) => {
  const base = `http://127.0.0.1:${CLOSED_PORT}`;
  const survey = await request.post(`${base}/api/survey`, { headers: { accept: 'application/json' } });
  expect(survey.ok()).toBeTruthy();
  const { start, intro } = await survey.json();
  const action = intro.themes[0].actions[0].id;
  // The device cookie handed out above is sent back from the request's cookie jar.
  const res = await request.post(`${base}/api/survey/submit`, {
    headers: { accept: 'application/json' },
    form: {
      'answer[client_id]': start.client_id,
      'answer[start]': start.token,
      'answer[district]': String(intro.districts[0].id),
      [`answer[actions][${action}]`]: String(action),
    },
  });
  expect(res.status()).toBe(403);
  expect(await res.json()).toBe('survey_closed');
});

test('only the running script says what only the script does', async ({ page }, info) => {
  // #28 item 6: with JavaScript off the page claimed a live connection and
  // a draft kept on the device.
  await open(page, info, '/ankieta');
  if (hydrated(info)) {
    await expect(page.getByTestId('connection')).toHaveText('Połączono z internetem');
    await expect(page.getByTestId('connection')).toBeVisible();
    await expect(page.getByTestId('draft-note')).toBeVisible();
  } else {
    await expect(page.getByLabel('Twoja dzielnica')).toBeVisible();
    await expect(page.getByTestId('connection')).toBeHidden();
    await expect(page.getByTestId('draft-note')).toBeHidden();
    await expect(page.getByText('Połączono z internetem')).toBeHidden();
  }
});
