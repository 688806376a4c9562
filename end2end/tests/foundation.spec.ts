// Foundation: every public page renders on the server, hydrates, is
// accessible and fits a 360 px phone; the meetings are listed correctly.
import { expect, type Page, type TestInfo } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test, captureErrors, expectAccessible, expectNoHorizontalScroll, hydrated, open } from './support';

const PAGES = [
  '/',
  '/ankieta',
  '/wyniki',
  '/spotkania',
  '/spotkania/2',
  '/postulaty',
  '/panel',
  '/panel/logowanie',
];

for (const path of PAGES) {
  test(`${path} is accessible, fits 360 px and logs no errors`, async ({ page }, info) => {
    const errors = captureErrors(page);
    const res = await open(page, info, path);
    expect(res?.status()).toBe(200);
    await expect(page.locator('html')).toHaveAttribute('lang', 'pl');
    await expect(page.locator('h1')).toHaveCount(1);
    await expect(page.locator('main')).not.toContainText('TODO');
    await expectNoHorizontalScroll(page);
    if (hydrated(info)) await expectAccessible(page);
    expect(errors).toEqual([]);
  });
}

/**
 * The files whose path matches `pattern` that opening `path` downloads:
 * each path, and its body — `null` for a 304 (the browser revalidating a
 * file an earlier page of the same test downloaded, and read then).
 */
async function downloads(page: Page, info: TestInfo, path: string, pattern: RegExp): Promise<[string, Buffer | null][]> {
  const files: Promise<[string, Buffer | null]>[] = [];
  page.on('response', (res) => {
    const name = new URL(res.url()).pathname;
    if (!pattern.test(name)) return;
    const body = res.status() === 304 ? Promise.resolve(null) : res.body();
    files.push(body.then((b) => [name, b] as [string, Buffer | null]));
  });
  await open(page, info, path);
  await page.waitForLoadState('networkidle');
  page.removeAllListeners('response');
  return Promise.all(files);
}

// What a resident's phone downloads never holds the staff's code: no
// console script, and no staff server function in any script or wasm
// (#29 keeps this true as the browser side moves into islands).
const RESIDENT_PAGES = ['/', '/ankieta', '/wyniki', '/wyniki/III', '/spotkania', '/spotkania/2', '/spotkania/2/na-zywo', '/postulaty'];
// Endpoints of staff server functions: compiled into any wasm that holds
// them (one list with scripts/bench-transfer.sh's check).
const STAFF_MARKERS: string[] = JSON.parse(fs.readFileSync(path.join(__dirname, '../staff-markers.json'), 'utf8'));
test('resident pages download none of the staff’s code', async ({ page }, info) => {
  test.skip(!hydrated(info), 'without JavaScript no script or wasm is downloaded at all');
  for (const path of RESIDENT_PAGES) {
    const files = await downloads(page, info, path, /\.(js|wasm)$/);
    expect(files.map(([name]) => name).filter((name) => /console|panel/.test(name)), path).toEqual([]);
    for (const [name, body] of files) {
      const text = body?.toString('latin1') ?? '';
      expect(STAFF_MARKERS.filter((m) => text.includes(m)), `${path}: ${name}`).toEqual([]);
    }
  }
});

// The main wasm is what every island page downloads; an island's strings
// belong in its own lazy chunk. The splitter once left all read-only data
// in the main wasm (42.8 KB raw instead of 5.9; see src/lib.rs,
// SPLIT_SLACK): the survey's and the live page's storage keys are two of
// those strings, used by one island each.
test('the wasm every page downloads holds no single island’s data', async ({ page }, info) => {
  test.skip(!hydrated(info), 'without JavaScript no wasm is downloaded at all');
  const main: Promise<Buffer>[] = [];
  const headers: Record<string, string>[] = [];
  page.on('response', (res) => {
    if (/\/pkg\/porozmawiajmy\.[^/]+\.wasm$/.test(new URL(res.url()).pathname)) {
      main.push(res.body());
      headers.push(res.headers());
    }
  });
  const doc = await open(page, info, '/');
  await page.waitForLoadState('networkidle');
  expect(main).toHaveLength(1);
  // Page headers on the page; the files it loads carry only what applies
  // to them (a phone downloads two dozen on an island page).
  expect(doc?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(headers[0]['x-content-type-options']).toBe('nosniff');
  expect(headers[0]['cache-control']).toContain('immutable');
  for (const name of ['content-security-policy', 'permissions-policy', 'x-frame-options', 'last-modified']) {
    expect(headers[0][name], name).toBeUndefined();
  }
  const body = (await main[0]).toString('latin1');
  expect(body.length).toBeGreaterThan(10_000);
  for (const only of ['poro.survey.outbox', 'poro-postulate-outbox']) {
    expect(body.includes(only), only).toBe(false);
  }
});

// wasm-split makes a chunk for every set of islands that shares code,
// however little (on /ankieta 18 of 31 files were under 400 bytes, each
// a request and a compile on the phone); scripts/merge-chunks.mjs folds
// the ones under 4 KB into larger files the same pages load.
test('island pages download no tiny wasm chunks', async ({ page }, info) => {
  test.skip(!hydrated(info), 'without JavaScript no wasm is downloaded at all');
  for (const path of ['/', '/ankieta', '/wyniki', '/spotkania', '/spotkania/2/na-zywo']) {
    const chunks = await downloads(page, info, path, /\/pkg\/chunk_[^/]+\.wasm$/);
    const tiny = chunks.flatMap(([name, body]) => (body && body.length < 4096 ? [[name, body.length]] : []));
    expect(tiny, path).toEqual([]);
  }
});

test('the page policy runs the hydration bootstrap and refuses any other inline script', async ({ page, cspViolations }, info) => {
  const doc = await open(page, info, '/ankieta');
  const policy = doc?.headers()['content-security-policy'] ?? '';
  for (const part of ["default-src 'self'", "'wasm-unsafe-eval'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"]) {
    expect(policy, part).toContain(part);
  }
  expect(policy).not.toContain('unsafe-inline');
  expect(doc?.headers()['permissions-policy']).toContain('camera=()');
  if (!hydrated(info)) return;
  // The bootstrap is allowed by its hash: the island hydrated (open waited
  // for it). Script written into the page, as an injection would be, is not.
  await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.injected = true;';
    document.body.append(script);
  });
  expect(await page.evaluate(() => (window as unknown as { injected?: boolean }).injected)).toBeUndefined();
  await expect.poll(() => cspViolations.length).toBeGreaterThan(0);
  expect(cspViolations.join('\n')).toContain('script-src');
  cspViolations.length = 0;
});

test('home page explains the consultation and shows the next meeting', async ({ page }, info) => {
  const errors = captureErrors(page);
  await open(page, info, '/');
  await expect(page.locator('h1')).toHaveText('Porozmawiajmy o Krakowie');
  await expect(page.getByTestId('round-status')).toHaveText(
    'Ankieta jest otwarta do 3 marca 2028, 23:59',
  );
  const next = page.getByTestId('next-meeting');
  await expect(next).toContainText('I Stare Miasto');
  await expect(next).toContainText('wtorek, 21 marca 2028, 17:30–19:30');
  await expect(next).toContainText('pl. Wszystkich Świętych 3-4');
  await expect(page.locator('.districts li')).toHaveCount(7);
  expect(errors).toEqual([]);
});

test('the district picker shows that district’s meeting and links it, with or without JavaScript', async ({ page }, info) => {
  const errors = captureErrors(page);
  await open(page, info, '/');
  const out = page.getByTestId('district-meeting');
  await expect(out).toBeEmpty();
  await page.getByLabel('Wybierz dzielnicę, aby zobaczyć termin spotkania').selectOption({ label: 'II Grzegórzki' });
  if (hydrated(info)) {
    await expect(page.getByRole('button', { name: 'Pokaż spotkanie' })).toBeHidden();
  } else {
    // A plain GET form: the page comes back with the choice.
    await page.getByRole('button', { name: 'Pokaż spotkanie' }).click();
    await expect(page).toHaveURL(/\/\?dzielnica=2#twoja-dzielnica$/);
    await expect(page.getByLabel('Wybierz dzielnicę, aby zobaczyć termin spotkania')).toHaveValue('2');
  }
  await expect(out).toContainText('Spotkanie w Twojej dzielnicy: II Grzegórzki');
  await expect(out.getByTestId('district-meeting-link')).toHaveAttribute('href', '/spotkania/2');
  await expect(out).toContainText('ul. Sądowa 4');
  await expect(out).toContainText('wtorek, 28 marca 2028, 17:30–19:30');
  expect(errors).toEqual([]);
});

test('/spotkania lists the round soonest first, with 28 March at ul. Sądowa 4 at 17:30', async ({ page }, info) => {
  await open(page, info, '/spotkania');
  const items = page.getByTestId('meetings').locator('li');
  await expect(items).toHaveCount(7);
  await expect(items.first()).toContainText('I Stare Miasto');
  const grzegorzki = items.nth(1);
  await expect(grzegorzki).toContainText('II Grzegórzki');
  await expect(grzegorzki).toContainText('wtorek, 28 marca 2028, 17:30–19:30');
  await expect(grzegorzki).toContainText('XIII Liceum Ogólnokształcące, ul. Sądowa 4');
  await expect(grzegorzki.locator('time')).toHaveAttribute('datetime', '2028-03-28T15:30:00Z');
});

test('a meeting page shows venue, room and who attends', async ({ page }, info) => {
  await open(page, info, '/spotkania');
  await page.getByRole('link', { name: 'II Grzegórzki' }).click();
  await expect(page).toHaveURL(/\/spotkania\/\d+$/);
  await expect(page.locator('h1')).toContainText('II Grzegórzki');
  await expect(page.locator('main')).toContainText('aula');
  await expect(page.locator('main')).toContainText('Zarząd Zieleni Miejskiej');
});

test('unknown addresses answer 404 with a helpful page', async ({ page }, info) => {
  const res = await page.goto('/spotkania/9999');
  expect(res?.status()).toBe(404);
  await expect(page.locator('h1')).toHaveText('Nie ma takiej strony');
  const res2 = await page.goto('/nie-ma');
  expect(res2?.status()).toBe(404);
  void info;
});

test('English is one click away and remembered', async ({ page }, info) => {
  await open(page, info, '/spotkania');
  await page.getByRole('link', { name: 'Change language to English' }).click();
  await expect(page).toHaveURL(/\/spotkania$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.locator('h1')).toHaveText('District meetings');
  await expect(page.getByTestId('meetings')).toContainText('Tuesday, 28 March 2028');
  await page.goto('/');
  await expect(page.locator('h1')).toHaveText("Let's talk about Kraków");
});
