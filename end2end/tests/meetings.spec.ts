// The meeting calendar on a 360 px phone, with JavaScript off and hydrated:
// the next meeting highlighted, the district filter, the month grid, a
// meeting's page (venue, address, "add to calendar" as text/calendar, a QR
// code that decodes to the live page), and an admin moving a meeting.
import { expect } from '@playwright/test';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { test, ADMIN, expectAccessible, expectNoHorizontalScroll, expectNoWordBroken, hydrated, open } from './support';


test('the list highlights the next meeting and filters by district', async ({ page }, info) => {
  await open(page, info, '/spotkania');
  const next = page.getByTestId('next-meeting-card');
  await expect(next).toHaveCount(1);
  await expect(next).toContainText('I Stare Miasto');
  await expect(next).toContainText('Najbliższe spotkanie');
  await expectNoHorizontalScroll(page);

  // Hydrated, choosing a district filters in place (no page load) and
  // Back returns to every district; without JavaScript the form's GET
  // loads the filtered page.
  if (hydrated(info)) await page.evaluate(() => ((window as unknown as { marker: number }).marker = 1));
  await page.getByLabel('Dzielnica', { exact: true }).selectOption({ label: 'II Grzegórzki' });
  if (!hydrated(info)) await page.getByRole('button', { name: 'Pokaż' }).click();
  await expect(page).toHaveURL(/dzielnica=II/);
  const cards = page.locator('[data-testid="meeting-card"]:visible, [data-testid="next-meeting-card"]:visible');
  await expect(cards).toHaveCount(1);
  await expect(cards.first()).toContainText('ul. Sądowa 4');
  if (hydrated(info)) {
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1);
    await page.goBack();
    await expect(cards).toHaveCount(7);
  }
  if (hydrated(info)) await expectAccessible(page);
});

test('the month grid shows March 2028 and steps to April', async ({ page }, info) => {
  await open(page, info, '/spotkania?widok=miesiac&miesiac=2028-03');
  const grid = page.getByTestId('month-grid');
  await expect(grid.locator('caption')).toHaveText('marzec 2028');
  await expect(grid.getByRole('link', { name: 'I 17:30', exact: true })).toHaveAttribute('href', '/spotkania/1');
  await expect(grid.getByRole('link', { name: 'II 17:30', exact: true })).toHaveAttribute('href', '/spotkania/2');
  await expectNoHorizontalScroll(page);
  if (hydrated(info)) await expectAccessible(page);
  // Hydrated, the island steps months in place (no page load); without
  // JavaScript the link loads the page. The address follows, Back returns.
  if (hydrated(info)) await page.evaluate(() => ((window as unknown as { marker: number }).marker = 1));
  await page.getByRole('link', { name: /Następny miesiąc/ }).click();
  await expect(page.getByTestId('month-grid').locator('caption')).toHaveText('kwiecień 2028');
  await expect(page).toHaveURL(/\/spotkania\?widok=miesiac&miesiac=2028-04$/);
  await page.getByRole('link', { name: 'Lista', exact: true }).click();
  await expect(page.getByTestId('month-grid')).toHaveCount(0);
  await expect(page).toHaveURL(/\/spotkania$/);
  await page.goBack();
  await expect(page.getByTestId('month-grid').locator('caption')).toHaveText('kwiecień 2028');
  await page.goBack();
  await expect(page.getByTestId('month-grid').locator('caption')).toHaveText('marzec 2028');
  if (hydrated(info)) {
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1);
  }
});

test('on a 390 px phone the month grid fits and breaks no time inside', async ({ page }, info) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await open(page, info, '/spotkania?widok=miesiac&miesiac=2028-03');
  await expectNoHorizontalScroll(page);
  await expectNoWordBroken(page, '[data-testid="month-grid"]');
});

test('a meeting page: venue, address, calendar file and a QR code of the live page', async ({ page, request }, info) => {
  await open(page, info, '/spotkania/2');
  await expect(page.locator('main')).toContainText('XIII Liceum Ogólnokształcące');
  await expect(page.locator('main')).toContainText('ul. Sądowa 4');
  await expect(page.getByTestId('accessibility')).toContainText('wejście bez schodów');
  const ics = await page.getByTestId('add-to-calendar').getAttribute('href');
  const res = await request.get(ics!);
  expect(res.headers()['content-type']).toBe('text/calendar; charset=utf-8');
  expect(await res.text()).toContain('BEGIN:VEVENT');
  await expectNoHorizontalScroll(page);

  const qr = page.getByTestId('qr').locator('svg');
  await qr.scrollIntoViewIfNeeded();
  const png = PNG.sync.read(await qr.screenshot());
  const code = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
  expect(code?.data).toBe('http://127.0.0.1:3100/spotkania/2/na-zywo');
  if (hydrated(info)) await expectAccessible(page);

  await page.goto('/spotkania/2/na-zywo');
  await expect(page.getByTestId('live-state')).toBeVisible();
  await page.goto('/spotkania/2/plakat');
  await expect(page.getByTestId('poster')).toContainText('ul. Sądowa 4');
});

test('an admin moves a meeting; its page shows the new date and the old one struck through', async ({ page }, info) => {
  // Each project moves meeting 7 to its own day, so the two runs do not race.
  const day = hydrated(info) ? '20' : '13';
  await open(page, info, '/panel/logowanie');
  await page.getByLabel('Adres e-mail').fill(ADMIN.email);
  await page.getByLabel('Hasło').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Zaloguj się' }).click();
  await expect(page).toHaveURL(/\/panel$/);

  await open(page, info, '/panel/spotkania');
  // Everyone who may moderate a meeting finds its live console on its card (#28 item 14).
  await expect(page.getByTestId('manage-VII').getByTestId('moderate-link')).toHaveAttribute('href', '/panel/moderacja/7');
  const card = page.getByTestId('manage-VII').locator('details').first();
  await card.locator('summary').click();
  await card.getByLabel('Nowa data').fill(`2028-06-${day}`);
  await card.getByLabel('Początek').fill('18:00');
  await card.getByLabel('Koniec').fill('20:00');
  await card.getByLabel('Powód (widoczny dla mieszkańców)').fill('Remont sali');
  await card.getByRole('button', { name: 'Przenieś' }).click();
  await expect(page.getByTestId('manage-VII')).toContainText(`${day} czerwca 2028, 18:00–20:00`);
  if (hydrated(info)) await expectAccessible(page);

  await open(page, info, '/spotkania/7');
  await expect(page.locator('main')).toContainText(`${day} czerwca 2028, 18:00–20:00`);
  await expect(page.getByTestId('old-date')).toBeVisible();
  await expect(page.getByTestId('moved')).toContainText('Remont sali');
  await expectNoHorizontalScroll(page);
});
