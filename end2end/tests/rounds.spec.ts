// Consultation rounds set up in the browser: an admin copies the current
// round into a new one, rewords an action, previews the survey, activates
// the round (the server's clock is inside its survey period), and a
// resident answers it; the previous round — results, postulates, meetings —
// stays readable in the archive.
// Each project has its own server (activation changes the site for all).
import { expect } from '@playwright/test';
import { ROUNDS_PORTS } from '../playwright.config';
import { test as base, ADMIN, expectAccessible, expectNoHorizontalScroll, hydrated, open, signIn } from './support';

const test = base.extend({
  baseURL: async ({}, use, info) => {
    await use(`http://127.0.0.1:${ROUNDS_PORTS[info.project.name]}`);
  },
});

test('an admin prepares a round from a copy, activates it, residents answer it', async ({ page }, info) => {
  test.slow();
  await signIn(page, info, ADMIN.email, ADMIN.password);
  await page.getByRole('link', { name: 'Rundy konsultacji' }).click();
  await expect(page.locator('h1')).toHaveText('Rundy konsultacji');
  await expect(page.getByTestId('rounds')).toContainText('Porozmawiajmy o Nowej Hucie 2021');

  // A new round, its survey copied from the current one.
  const create = page.getByTestId('create-round');
  await create
    .getByLabel('Skopiuj treść ankiety z rundy')
    .selectOption({ label: 'Porozmawiajmy o Krakowie 2028: dzielnice I–VII' });
  await create.getByLabel('Nazwa rundy').fill('Porozmawiajmy o Krakowie 2029: dzielnice VIII–IX');
  await create.getByLabel('Adres rundy').fill('2029-dzielnice-viii-ix');
  await create.getByLabel('VIII Dębniki').check();
  await create.getByLabel('IX Łagiewniki-Borek Fałęcki').check();
  await create.getByLabel('Otwarcie ankiety: dzień').fill('2029-01-15');
  await create.getByLabel('Zamknięcie ankiety: dzień').fill('2029-03-31');
  await create.getByRole('button', { name: 'Utwórz rundę' }).click();
  await expect(page).toHaveURL(/\/panel\/rundy\/2029-dzielnice-viii-ix/);
  await expect(page.getByTestId('outcome')).toHaveText('Runda utworzona.');
  await expect(page.getByTestId('round-status')).toContainText('w przygotowaniu');
  await expectNoHorizontalScroll(page);

  // An action's wording changes; the history keeps the old one.
  const trees = page.getByTestId('themes').locator('li[data-code="street-trees"]');
  await trees.getByLabel('Brzmienie po polsku').fill('Sadzenie drzew wzdłuż ulic i przy szkołach');
  await trees.getByRole('button', { name: 'Zmień brzmienie' }).click();
  await expect(page.getByTestId('outcome')).toHaveText('Zapisano.');
  await expect(page.getByTestId('history')).toContainText('Sadzenie drzew wzdłuż ulic i przy szkołach');
  await expect(page.getByTestId('history').locator('del')).toHaveText('Sadzenie drzew wzdłuż ulic');
  if (hydrated(info)) await expectAccessible(page);

  // The preview is the residents' survey, with the new round's content.
  await page.getByRole('link', { name: 'Podgląd ankiety' }).click();
  await expect(page.getByTestId('preview-banner')).toBeVisible();
  const preview = page.getByTestId('preview');
  await expect(preview).toContainText('Sadzenie drzew wzdłuż ulic i przy szkołach');
  await expect(preview.locator('option', { hasText: 'VIII Dębniki' })).toHaveCount(1);
  await expect(preview.locator('option', { hasText: 'I Stare Miasto' })).toHaveCount(0);
  await page.goBack();

  // Activation: the home page and the survey show the new round at once.
  await page.getByTestId('activate').getByRole('button', { name: 'Uruchom rundę' }).click();
  await expect(page.getByTestId('outcome')).toHaveText('Runda jest aktywna.');
  await expect(page.getByTestId('round-status')).toContainText('aktywna');

  // A resident (signed out) answers the new round.
  await page.context().clearCookies();
  await open(page, info, '/ankieta');
  await page.getByLabel('Twoja dzielnica').selectOption({ label: 'VIII Dębniki' });
  await page.getByLabel('Sadzenie drzew wzdłuż ulic i przy szkołach').check();
  await page.getByRole('button', { name: 'Wyślij odpowiedź' }).click();
  const receipt = page.getByTestId(hydrated(info) ? 'receipt' : 'receipt-page');
  await expect(receipt).toBeVisible({ timeout: 20_000 });
  await expect(receipt).toContainText(/[A-Z0-9]{5}-[A-Z0-9]{5}/);

  // The previous round: listed in the archive, its results at its address.
  await open(page, info, '/');
  await page.getByRole('link', { name: 'Poprzednie konsultacje' }).click();
  await expect(page.locator('h1')).toHaveText('Poprzednie konsultacje');
  const archive = page.getByTestId('archive');
  await expect(archive.locator('li').first()).toContainText('2029');
  await archive.getByRole('link', { name: 'Porozmawiajmy o Krakowie 2028: dzielnice I–VII' }).click();
  await expect(page).toHaveURL(/\/rundy\/2028-dzielnice-i-vii$/);
  await expect(page.getByTestId('round-archive')).toContainText('Wyniki ankiety');
  await expect(page.getByTestId('demo-answers')).toBeVisible();
  await expect(page.getByTestId('participation')).toContainText('III Prądnik Czerwony');
  await expect(page.getByTestId('archive-meetings')).toContainText('Szkoła Podstawowa nr 64');
  // Its postulates (the demo's, approved at its meetings) stay readable.
  await expect(page.getByTestId('archive-postulates').locator('li').first()).toBeVisible();
  await expectNoHorizontalScroll(page);
  if (hydrated(info)) await expectAccessible(page);
});
