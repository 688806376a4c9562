// What a public body's site must have (issue #18): every public and staff
// page passes axe (WCAG 2.1 A and AA, any impact) in Polish and English and
// in dark mode; no public page scrolls sideways at 320 px or at 200 % zoom;
// the footer reaches the statement, the easy-to-read page and the privacy
// notice; the manifest is linked and valid; the service worker answers an
// unvisited page offline with the offline page; motion, focus and the skip
// link behave.
import { expect, type Browser, type BrowserContext } from '@playwright/test';
import { PNG } from 'pngjs';
import { PORT } from '../playwright.config';
import { test, ADMIN, captureErrors, expectAccessible, expectNoHorizontalScroll, hydrated, open, signIn, waitForServiceWorker } from './support';

const BASE = `http://127.0.0.1:${PORT}`;

/** Every public page, with the demo's ids (meeting 1 is open for postulates). */
const PUBLIC_PAGES = [
  '/',
  '/ankieta',
  '/ankieta/potwierdzenie/ABCD-2345',
  '/wyniki',
  '/wyniki/II',
  '/wyniki/porownanie?co=temat.transport',
  '/spotkania',
  '/spotkania?widok=miesiac',
  '/spotkania/1',
  '/spotkania/1/na-zywo',
  '/spotkania/1/plakat',
  '/postulaty',
  '/postulaty/nr/1',
  '/postulaty/kod/ABCD-2345',
  '/postulaty/wydzialy',
  '/postulaty/spis/I',
  '/offline',
  '/deklaracja-dostepnosci',
  '/latwy-tekst',
  '/prywatnosc',
  '/nie-ma-takiej-strony',
  '/panel/logowanie',
];

/** The room's screen: checked by axe, not at phone widths (it is 1280 × 720). */
const PROJECTOR = '/spotkania/1/projektor';

const STAFF_PAGES = [
  '/panel',
  '/panel/moderacja',
  '/panel/moderacja/1',
  '/panel/urzednik',
  '/panel/odpowiedzi',
  '/panel/admin',
  '/panel/punkt',
  '/panel/spotkania',
  '/panel/wyniki',
];

async function useLanguage(context: BrowserContext, lang: 'pl' | 'en') {
  await context.addCookies([{ name: 'lang', value: lang, url: BASE }]);
}

/** A context like the project's, with another viewport and scale. */
async function contextAt(browser: Browser, javaScriptEnabled: boolean, width: number, scale: number) {
  return browser.newContext({
    viewport: { width, height: 640 },
    deviceScaleFactor: scale,
    javaScriptEnabled,
    locale: 'pl-PL',
  });
}

for (const lang of ['pl', 'en'] as const) {
  test(`axe finds nothing on any public page (${lang}, light and dark)`, async ({ page, context }, info) => {
    test.skip(!hydrated(info), 'axe runs as a script inside the page');
    test.setTimeout(120_000);
    await useLanguage(context, lang);
    const errors = captureErrors(page);
    for (const path of [...PUBLIC_PAGES, PROJECTOR]) {
      await page.emulateMedia({ colorScheme: 'light' });
      await page.goto(path);
      await expect(page.locator('html')).toHaveAttribute('lang', lang);
      await test.step(`${path} light`, () => expectAccessible(page));
      await page.emulateMedia({ colorScheme: 'dark' });
      await test.step(`${path} dark`, () => expectAccessible(page));
    }
    // The unknown page and the unknown codes answer 404, which the console reports.
    expect(errors.filter((e) => !e.includes('404'))).toEqual([]);
  });

  test(`axe finds nothing on any staff page (${lang})`, async ({ page, context }, info) => {
    test.skip(!hydrated(info), 'axe runs as a script inside the page');
    test.setTimeout(90_000);
    await signIn(page, info, ADMIN.email, ADMIN.password);
    await useLanguage(context, lang);
    for (const path of STAFF_PAGES) {
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        await page.goto(path);
        await expect(page.locator('html')).toHaveAttribute('lang', lang);
        await test.step(`${path} ${scheme}`, () => expectAccessible(page));
      }
    }
  });
}

test('no public page scrolls sideways at 320 px or at 200 % zoom', async ({ browser }, info) => {
  test.setTimeout(120_000);
  // 320 CSS px: the narrowest phone; 640 CSS px at scale 2: a 1280 px
  // window zoomed to 200 %.
  for (const [width, scale] of [
    [320, 1],
    [640, 2],
  ]) {
    const context = await contextAt(browser, hydrated(info), width, scale);
    const page = await context.newPage();
    for (const lang of ['pl', 'en'] as const) {
      await useLanguage(context, lang);
      for (const path of PUBLIC_PAGES) {
        await page.goto(path);
        await test.step(`${path} ${lang} at ${width} px × ${scale}`, () => expectNoHorizontalScroll(page));
      }
    }
    await context.close();
  }
});

test('the footer of every page reaches the statement, the easy-to-read page and the privacy notice', async ({
  page,
}, info) => {
  await open(page, info, '/wyniki');
  const footer = page.locator('footer');
  await footer.getByRole('link', { name: 'Deklaracja dostępności' }).click();
  await expect(page).toHaveURL(/\/deklaracja-dostepnosci$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Deklaracja dostępności');
  // The Polish template's parts: the body, the dates, the status, the
  // contact, the procedure and the venues (from the calendar).
  await expect(page.locator('#a11y-podmiot')).toContainText('Kraków');
  await expect(page.locator('#a11y-data-publikacja')).toHaveAttribute('datetime', /^\d{4}-\d{2}-\d{2}$/);
  await expect(page.locator('#a11y-data-aktualizacja')).toHaveAttribute('datetime', /^\d{4}-\d{2}-\d{2}$/);
  await expect(page.locator('#a11y-status')).toContainText('częściowo zgodna');
  await expect(page.locator('#a11y-email')).toHaveAttribute('href', /^mailto:/);
  await expect(page.locator('#a11y-procedura')).toContainText('Rzecznika Praw Obywatelskich');
  await expect(page.getByTestId('venues').locator('li')).not.toHaveCount(0);

  await page.locator('footer').getByRole('link', { name: 'Tekst łatwy do czytania' }).click();
  await expect(page).toHaveURL(/\/latwy-tekst$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Konsultacje w prostych słowach');
  // It says what a postulate is, links the pages it names and gives the contact itself.
  await expect(page.locator('main')).toContainText('Taka prośba do miasta nazywa się postulat.');
  for (const [name, href] of [['Spotkania', '/spotkania'], ['Wyniki', '/wyniki'], ['Postulaty', '/postulaty'], ['Ankieta', '/ankieta']] as const) {
    await expect(page.locator('article').getByRole('link', { name, exact: true }).first()).toHaveAttribute('href', href);
  }
  await expect(page.getByTestId('easy-contact').getByRole('link')).toHaveAttribute('href', /^mailto:.+@/);

  await page.locator('footer').getByRole('link', { name: 'Prywatność i ciasteczka' }).click();
  await expect(page).toHaveURL(/\/prywatnosc$/);
  await expect(page.getByTestId('controller')).toContainText('Kraków');
  // Every cookie the site sets is listed.
  for (const cookie of ['lang', 'poro_device', 'poro_codes', 'poro_session']) {
    await expect(page.getByTestId('cookies')).toContainText(cookie);
  }

  // The home page links to the easy-to-read page too.
  await open(page, info, '/');
  await page.getByTestId('easy-read').click();
  await expect(page).toHaveURL(/\/latwy-tekst$/);
});

test('the English pages are in English', async ({ page, context }, info) => {
  await useLanguage(context, 'en');
  await open(page, info, '/prywatnosc');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Privacy and cookies');
  await expect(page.locator('footer').getByRole('link', { name: 'Accessibility statement' })).toBeVisible();
  await open(page, info, '/deklaracja-dostepnosci');
  await expect(page.locator('#a11y-status')).toContainText('partially compliant');
});

test('the web app manifest is linked and valid, with icons in the sizes browsers ask for', async ({
  page,
  request,
}, info) => {
  await open(page, info, '/ankieta');
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  expect(href).toBe('/manifest.webmanifest');
  const res = await request.get(href!);
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toContain('application/manifest+json');
  const manifest = await res.json();
  expect(manifest.name).toBe('Porozmawiajmy o Krakowie');
  expect(manifest.short_name.length).toBeLessThanOrEqual(12);
  expect(manifest.lang).toBe('pl');
  expect(manifest.start_url).toBe('/');
  expect(manifest.display).toBe('standalone');
  expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/);
  const sizes = new Set<string>();
  for (const icon of manifest.icons) {
    const file = await request.get(icon.src);
    expect(file.status(), icon.src).toBe(200);
    if (icon.type !== 'image/png') continue;
    const png = PNG.sync.read(await file.body());
    expect(`${png.width}x${png.height}`).toBe(icon.sizes);
    sizes.add(`${icon.sizes} ${icon.purpose}`);
  }
  for (const wanted of ['192x192 any', '512x512 any', '512x512 maskable']) expect(sizes).toContain(wanted);
  const touch = await page.locator('link[rel="apple-touch-icon"]').getAttribute('href');
  expect((await request.get(touch!)).status()).toBe(200);
});

test('offline, a page the phone never opened shows the offline page', async ({ page, context }, info) => {
  test.skip(!hydrated(info), 'the service worker is registered by the page script');
  await open(page, info, '/');
  await waitForServiceWorker(page);
  await context.setOffline(true);
  await page.goto('/postulaty/wydzialy');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Brak połączenia');
  await expect(page.getByRole('link', { name: 'Ankieta' }).first()).toBeVisible();
  await context.setOffline(false);
  await page.goto('/postulaty/wydzialy');
  await expect(page.getByRole('heading', { level: 1 })).not.toHaveText('Brak połączenia');
});

test('the skip link comes first and moves to the content; every control shows its focus', async ({
  page,
}, info) => {
  await open(page, info, '/ankieta');
  await page.keyboard.press('Tab');
  const skip = page.locator('.skip-link');
  await expect(skip).toBeFocused();
  const box = await skip.boundingBox();
  expect(box!.y).toBeGreaterThanOrEqual(0);
  // Each of the first controls has a visible focus outline.
  for (let i = 0; i < 12; i++) {
    const outline = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      const style = getComputedStyle(el);
      return { tag: el.tagName, width: parseFloat(style.outlineWidth), style: style.outlineStyle };
    });
    expect(outline.style, `${outline.tag} #${i}`).not.toBe('none');
    expect(outline.width, `${outline.tag} #${i}`).toBeGreaterThanOrEqual(2);
    await page.keyboard.press('Tab');
  }
  await open(page, info, '/ankieta');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#tresc$/);
  await expect(page.locator('main#tresc')).toBeFocused();
});

test('reduced motion stops the animations; dark mode turns the page dark', async ({ page }, info) => {
  await open(page, info, '/postulaty');
  const item = page.locator('.postulates > li').first();
  await expect(item).toBeVisible();
  // The list as loaded stands still; an item that arrives live slides in
  // (the live page's island marks it), unless motion is reduced.
  const animation = () => item.evaluate((el) => getComputedStyle(el).animationName);
  expect(await animation()).toBe('none');
  await item.evaluate((el) => el.classList.add('arrived'));
  await page.emulateMedia({ reducedMotion: 'no-preference' });
  expect(await animation()).toBe('arrive');
  await page.emulateMedia({ reducedMotion: 'reduce' });
  expect(await animation()).toBe('none');

  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await page.emulateMedia({ colorScheme: 'light' });
  expect(await background()).toBe('rgb(243, 246, 249)');
  await page.emulateMedia({ colorScheme: 'dark' });
  expect(await background()).toBe('rgb(18, 22, 27)');
});

test('a form error is announced and tied to its field', async ({ page }, info) => {
  await open(page, info, '/ankieta');
  // Sent with no district: the error is in a live region and the field
  // points at it.
  await page.getByRole('button', { name: 'Wyślij' }).click();
  const field = page.locator('[aria-invalid="true"]').first();
  await expect(field).toBeVisible();
  const described = await field.getAttribute('aria-describedby');
  expect(described).toBeTruthy();
  const message = page.locator(`[id="${described!.split(' ')[0]}"]`);
  await expect(message).not.toBeEmpty();
  const live = page.locator('[role="alert"], [aria-live]').filter({ hasText: await message.innerText() });
  await expect(live.first()).toBeVisible();
});
