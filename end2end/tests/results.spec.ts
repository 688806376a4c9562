// Survey results: charts in the server's HTML, every district's top three,
// switching district and theme (in place when JavaScript is on, Back
// returning to the previous view; a page load when it is off), the open-data
// file matching the page, and a moderator approving an "other needs" text.
// The e2e server holds the demo data with its 3,000 made-up answers.
import { expect, type Page } from '@playwright/test';
import { CLOSED_PORT } from '../playwright.config';
import { test, ADMIN, expectAccessible, expectNoHorizontalScroll, expectNoWordBroken, hydrated, open } from './support';


async function signIn(page: Page, info: Parameters<typeof open>[1], base = '') {
  await open(page, info, `${base}/panel/logowanie`);
  await page.getByLabel('Adres e-mail').fill(ADMIN.email);
  await page.getByLabel('Hasło').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Zaloguj się' }).click();
  await expect(page).toHaveURL(/\/panel$/);
}

/** The rows of a CSV text (quoted fields may hold commas and quotes). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\n') { row.push(field); rows.push(row); row = []; field = ''; }
    else if (c !== '\r') field += c;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows;
}

/** Waits for a staff form's post to answer while clicking its button. */
async function submitted(page: Page, click: Promise<void>) {
  await Promise.all([
    page.waitForResponse((r) => r.url().includes('/api/staff/results/') && r.request().method() === 'POST'),
    click,
  ]);
  await page.waitForLoadState();
}

/** (action code, picks) of the ranking table. */
async function tablePicks(page: Page) {
  return page.locator('[data-testid="actions-table"] tbody tr').evaluateAll((rows) =>
    rows.map((r) => [r.getAttribute('data-action'), Number(r.querySelector('[data-picks]')!.getAttribute('data-picks'))]),
  );
}

test('the whole round: charts, each district top three, no sideways scroll', async ({ page }, info) => {
  await open(page, info, '/wyniki');
  await expect(page.locator('h1')).toHaveText('Wyniki ankiety');
  await expect(page.locator('#chart-actions')).toBeVisible();
  await expect(page.locator('#chart-actions title')).toContainText('Co miasto powinno zrobić najpierw');
  await expect(page.getByTestId('tops').locator('article')).toHaveCount(7);
  await expect(page.getByTestId('tops').locator('article').first().locator('li')).toHaveCount(3);
  await expect(page.locator('#chart-days')).toBeVisible();
  await expect(page.getByTestId('participation')).toBeVisible();
  await expectNoHorizontalScroll(page);
  if (hydrated(info)) await expectAccessible(page);
});

test('on a 390 px phone the results tables fit and break no word inside', async ({ page }, info) => {
  await page.setViewportSize({ width: 390, height: 844 });
  for (const path of ['/wyniki', '/wyniki/III', '/wyniki/porownanie']) {
    await open(page, info, path);
    await expectNoHorizontalScroll(page);
    // Every table, the ones folded under a chart opened first.
    for (const d of await page.locator('main details').all()) await d.evaluate((e) => e.setAttribute('open', ''));
    const count = await page.locator('main table').count();
    expect(count).toBeGreaterThan(0);
    for (let i = 0; i < count; i++) await expectNoWordBroken(page, `main table >> nth=${i}`);
  }
});

test('switching district and theme changes the view and the address; Back returns', async ({ page }, info) => {
  await open(page, info, '/wyniki');
  if (hydrated(info)) await page.evaluate(() => ((window as any).samePage = true));
  await page.getByRole('navigation', { name: 'Wybierz dzielnicę' }).getByRole('link', { name: 'II Grzegórzki' }).click();
  await expect(page).toHaveURL(/\/wyniki\/II$/);
  await expect(page.locator('h1')).toHaveText('Wyniki ankiety: II Grzegórzki');
  await expect(page).toHaveTitle('Wyniki ankiety: II Grzegórzki · Porozmawiajmy o Krakowie');
  await expect(page.getByRole('link', { name: 'II Grzegórzki' })).toHaveAttribute('aria-current', 'page');
  // The district's chart is drawn for it (the island draws the server's SVG).
  await expect(page.locator('#chart-actions title')).toContainText('II Grzegórzki');
  const picks = await tablePicks(page);
  expect(picks.length).toBeGreaterThan(10);

  await page.getByLabel('Temat').selectOption({ label: 'Zieleń' });
  if (!hydrated(info)) await page.getByRole('button', { name: 'Pokaż' }).click();
  // Without JavaScript the GET form also sends the empty order.
  await expect(page).toHaveURL(/\/wyniki\/II\?temat=greenery(&kolejnosc=)?$/);
  await expect(page.getByLabel('Temat')).toHaveValue('greenery');
  const themed = await tablePicks(page);
  expect(themed.length).toBeLessThan(picks.length);
  for (const [code, n] of themed) expect(picks).toContainEqual([code, n]);
  await expectNoHorizontalScroll(page);
  if (hydrated(info)) {
    expect(await page.evaluate(() => (window as any).samePage)).toBe(true);
    await expectAccessible(page);
  }

  await page.goBack();
  await expect(page).toHaveURL(/\/wyniki\/II$/);
  // Every theme again (without JavaScript the browser restores the page and
  // its form fields as they were left, so only the table is checked).
  await expect(page.locator('[data-testid="actions-table"] tbody tr')).toHaveCount(picks.length);
  if (hydrated(info)) await expect(page.getByLabel('Temat')).toHaveValue('');
  await page.goBack();
  await expect(page).toHaveURL(/\/wyniki$/);
  await expect(page.locator('h1')).toHaveText('Wyniki ankiety');
  if (hydrated(info)) expect(await page.evaluate(() => (window as any).samePage)).toBe(true);
});

test('the district CSV is UTF-8 with Polish intact and has exactly the page numbers', async ({ page }, info) => {
  await open(page, info, '/wyniki/IV');
  const onPage = await tablePicks(page);
  const href = await page.getByRole('link', { name: 'CSV' }).getAttribute('href');
  expect(href).toBe('/wyniki/dane/dzielnica-IV.csv');
  const res = await page.request.get(href!);
  expect(res.headers()['content-disposition']).toContain('attachment; filename="wyniki-');
  expect(res.headers()['content-type']).toBe('text/csv; charset=utf-8');
  const text = new TextDecoder('utf-8', { fatal: true }).decode(await res.body());
  expect(text).toContain('Prądnik Biały');
  const [cols, ...rows] = parseCsv(text);
  const inFile = rows.map((c) => [c[cols.indexOf('action')], Number(c[cols.indexOf('picks')])]);
  expect([...inFile].sort()).toEqual([...onPage].sort());
});

test('the comparison shows one action in all seven districts', async ({ page }, info) => {
  await open(page, info, '/wyniki/porownanie');
  await page.getByLabel('Co porównać').selectOption({ label: 'Cały temat: Zieleń' });
  if (!hydrated(info)) await page.getByRole('button', { name: 'Pokaż' }).click();
  await expect(page).toHaveURL(/co=temat\.greenery/);
  await expect(page.getByTestId('compared')).toHaveText('Zieleń');
  await expect(page.getByTestId('compare-table').locator('tbody tr')).toHaveCount(7);
  await expectNoHorizontalScroll(page);
  if (hydrated(info)) await expectAccessible(page);
});

test('a moderator approves an other-needs text and residents see the phrase counted', async ({ page }, info) => {
  test.slow();
  await signIn(page, info);
  await page.getByRole('link', { name: 'Wyniki ankiety: moderacja i widoczność' }).click();
  await expect(page.locator('h1')).toHaveText('Wyniki ankiety: moderacja i widoczność');
  const item = page.getByTestId('needs-queue').locator('li').first();
  const phrase = `Hasło testowe ${info.project.name}`;
  await item.getByLabel('Krótkie hasło').fill(phrase);
  await submitted(page, item.getByRole('button', { name: 'Zatwierdź jako hasło' }).click());
  if (hydrated(info)) await expectAccessible(page);
  await page.goto('/wyniki');
  await expect(page.getByTestId('needs')).toContainText(`${phrase} — 1`);
});

test('an admin chooses when results are public', async ({ page }, info) => {
  // On the server past the deadline: results are public whatever is chosen,
  // so the other tests' views stay as they are.
  const base = `http://127.0.0.1:${CLOSED_PORT}`;
  await signIn(page, info, base);
  await page.goto(`${base}/panel/wyniki`);
  const form = page.getByTestId('results-visibility');
  await form.getByLabel('dopiero po zamknięciu ankiety').check();
  await submitted(page, form.getByRole('button', { name: 'Zapisz' }).click());
  await page.goto(`${base}/panel/wyniki`);
  await expect(page.getByTestId('results-visibility').getByLabel('dopiero po zamknięciu ankiety')).toBeChecked();
  await page.goto(`${base}/wyniki`);
  await expect(page.locator('#chart-actions')).toBeVisible();
});
