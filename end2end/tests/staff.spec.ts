// Staff accounts: an admin signs in, creates a moderator; the moderator signs
// in and sees the moderation area but not the admin area. Works the same with
// JavaScript off (plain form posts) and hydrated.
import { expect, test, type Page } from '@playwright/test';
import { expectAccessible, hydrated, open } from './support';

const ADMIN = { email: 'admin@krakow.test', password: 'haslo-administratora-2028' };

async function signIn(page: Page, info: Parameters<typeof open>[1], email: string, password: string) {
  await open(page, info, '/panel/logowanie');
  await page.getByLabel('Adres e-mail').fill(email);
  await page.getByLabel('Hasło').fill(password);
  await page.getByRole('button', { name: 'Zaloguj się' }).click();
  await expect(page).toHaveURL(/\/panel$/);
  await expect(page.getByTestId('signed-in')).toContainText(email);
}

async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Wyloguj się' }).click();
  await expect(page).toHaveURL(/\/panel\/logowanie$/);
}

test('an admin creates a moderator, who sees moderation but not administration', async ({ page }, info) => {
  const moderator = {
    email: `moderator-${info.project.name}@krakow.test`,
    password: 'haslo-moderatora-2028',
  };
  await signIn(page, info, ADMIN.email, ADMIN.password);
  await page.getByRole('link', { name: 'Administracja' }).click();
  await expect(page.locator('h1')).toHaveText('Administracja');
  if (hydrated(info)) {
    await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
    await expectAccessible(page);
  }
  await page.getByLabel('Imię i nazwisko').fill('Marek Moderator');
  await page.getByLabel('Adres e-mail').fill(moderator.email);
  await page.getByLabel('Nowe hasło (co najmniej 12 znaków)').fill(moderator.password);
  await page.getByLabel('Rola').selectOption('moderator');
  await page.getByRole('button', { name: 'Załóż konto' }).click();
  await expect(page.getByTestId('staff')).toContainText(moderator.email);
  await expect(page.getByTestId('audit')).toContainText('staff_created');
  await page.goto('/panel');
  await signOut(page);

  await signIn(page, info, moderator.email, moderator.password);
  await expect(page.getByRole('link', { name: 'Moderacja postulatów' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Administracja' })).toHaveCount(0);
  await page.getByRole('link', { name: 'Moderacja postulatów' }).click();
  await expect(page.getByTestId('moderation').locator('li')).toHaveCount(7);

  const res = await page.goto('/panel/admin');
  expect(res?.status()).toBe(403);
  await expect(page.locator('main')).toContainText('Nie masz uprawnień do tej części serwisu.');
  await expect(page.getByTestId('staff')).toHaveCount(0);
});

test('a wrong password gets one clear message', async ({ page }, info) => {
  await open(page, info, '/panel/logowanie');
  await page.getByLabel('Adres e-mail').fill('nikt@krakow.test');
  await page.getByLabel('Hasło').fill('zle-haslo-zle-haslo');
  await page.getByRole('button', { name: 'Zaloguj się' }).click();
  await expect(page.getByRole('alert')).toHaveText('Nieprawidłowy e-mail lub hasło.');
});

test('staff pages ask anonymous visitors to sign in and show no data', async ({ page }) => {
  const res = await page.goto('/panel/admin');
  expect(res?.status()).toBe(401);
  await expect(page.locator('main')).toContainText('Zaloguj się, aby kontynuować.');
  await expect(page.getByTestId('staff')).toHaveCount(0);
});

test('at a stationary point staff enter answers one after another', async ({ page }, info) => {
  test.skip(!hydrated(info), 'the kiosk clears and refills the form with the page script');
  await signIn(page, info, ADMIN.email, ADMIN.password);
  await page.getByRole('link', { name: 'Punkt stacjonarny' }).click();
  await expect(page.locator('h1')).toHaveText('Punkt stacjonarny');
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  for (const [district, source] of [['VI Bronowice', 'assisted'], ['VI Bronowice', 'paper']]) {
    await page.getByLabel('Skąd pochodzi odpowiedź').selectOption(source);
    await page.getByLabel('Twoja dzielnica').selectOption({ label: district });
    await page.getByLabel('Ogrody społeczne').check();
    await page.getByRole('button', { name: 'Zapisz i wyczyść formularz' }).click();
    await expect(page.getByLabel('Ogrody społeczne')).not.toBeChecked();
  }
  await expect(page.getByTestId('kiosk-receipts').locator('li')).toHaveCount(2);
  await page.goto('/wyniki');
  await expect(page.getByTestId('by-source')).toContainText('ankieta papierowa: 1');
});
