// Staff accounts: an admin signs in, creates a moderator; the moderator signs
// in and sees the moderation area but not the admin area. Works the same with
// JavaScript off (plain form posts) and hydrated.
import { expect, type Page } from '@playwright/test';
import { test, ADMIN, expectAccessible, expectNoHorizontalScroll, hydrated, open, signIn, waitForServiceWorker } from './support';


/** The paper answers in the results' "by source" list. */
function paperCount(text: string) {
  const m = /ankieta papierowa: ([\d\s\u00a0]+)/.exec(text);
  return m ? Number(m[1].replace(/\D/g, '')) : 0;
}

async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Wyloguj się' }).click();
  await expect(page).toHaveURL(/\/panel\/logowanie$/);
}

test('an admin creates a moderator, who sees moderation but not administration', async ({ page }, info) => {
  // A long flow: two argon2id sign-ins, two accounts' worth of forms and
  // five accessibility scans; on a busy 2-core machine it nears 30 s.
  test.slow();
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
  const create = page.getByTestId('create-staff');
  await create.getByLabel('Imię i nazwisko').fill('Marek Moderator');
  await create.getByLabel('Adres e-mail').fill(moderator.email);
  await create.getByLabel('Nowe hasło (co najmniej 12 znaków)').fill(moderator.password);
  await create.getByLabel('Rola').selectOption('moderator');
  await create.getByRole('button', { name: 'Załóż konto' }).click();
  await expect(page.getByTestId('staff')).toContainText(moderator.email);
  await expect(page.getByTestId('audit')).toContainText('Utworzono konto');

  // A second role for the same account: official of a department.
  const roles = page.getByTestId('role-form');
  await roles.getByLabel('Konto').selectOption({ label: `Marek Moderator (${moderator.email})` });
  await roles.getByLabel('Rola').selectOption('official');
  await roles.getByLabel('Wydział lub jednostka (dla urzędników)').selectOption({ index: 1 });
  await roles.getByRole('button', { name: 'Dodaj rolę' }).click();
  const row = page.getByTestId('staff').locator('tr', { hasText: moderator.email });
  await expect(row).toContainText('urzędnik (');
  await expect(page.getByTestId('audit')).toContainText('Nadano rolę');
  await page.goto('/panel');
  await signOut(page);

  await signIn(page, info, moderator.email, moderator.password);
  await expect(page.getByRole('link', { name: 'Moderacja postulatów' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Postulaty mojego wydziału' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Administracja' })).toHaveCount(0);
  await page.getByRole('link', { name: 'Moderacja postulatów' }).click();
  await expect(page.getByTestId('moderation').locator('li')).toHaveCount(7);
  // Every staff page passes the accessibility scan and fits the phone.
  for (const path of ['/panel/moderacja', '/panel/urzednik', '/panel/punkt', '/panel']) {
    const res = await open(page, info, path);
    expect(res?.status(), path).toBe(200);
    await expectNoHorizontalScroll(page);
    if (hydrated(info)) await expectAccessible(page);
  }

  const res = await page.goto('/panel/admin');
  expect(res?.status()).toBe(403);
  await expect(page.locator('main')).toContainText('Nie masz uprawnień do tej części serwisu.');
  await expect(page.getByTestId('staff')).toHaveCount(0);
});

test('an admin sees each message once, next to its form, and a later success clears an error', async ({ page }, info) => {
  test.slow();
  await signIn(page, info, ADMIN.email, ADMIN.password);
  await open(page, info, '/panel/admin');
  const create = page.getByTestId('create-staff');
  await create.getByLabel('Imię i nazwisko').fill('Druga Administratorka');
  await create.getByLabel('Adres e-mail').fill(ADMIN.email);
  await create.getByLabel('Nowe hasło (co najmniej 12 znaków)').fill('haslo-drugiej-2028');
  await create.getByRole('button', { name: 'Załóż konto' }).click();
  const taken = page.getByRole('alert').filter({ hasText: 'Konto z tym adresem e-mail już istnieje.' });
  await expect(taken).toHaveCount(1);
  const code = `T${info.project.name.slice(0, 3).toUpperCase()}${Date.now() % 100000}`;
  await page.getByLabel('Skrót').fill(code);
  await page.getByLabel('Nazwa po polsku').fill(`Wydział testowy ${code}`);
  await page.getByRole('button', { name: 'Dodaj', exact: true }).click();
  await expect(page.locator('main')).toContainText(`Wydział testowy ${code}`);
  await expect(taken).toHaveCount(0);
  if (hydrated(info)) await expect(page.getByTestId('outcome')).toHaveText('Dodano wydział lub jednostkę.');
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
  await page.goto('/wyniki');
  const before = paperCount(await page.getByTestId('by-source').innerText());
  await page.goto('/panel/punkt');
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
  const after = paperCount(await page.getByTestId('by-source').innerText());
  // Both projects run this test against one server: at least this one's form.
  expect(after).toBeGreaterThanOrEqual(before + 1);
});

test('staff pages never stay in the service worker, and signing out clears them', async ({ page }, info) => {
  test.skip(!hydrated(info), 'the service worker is registered by the page script');
  await signIn(page, info, ADMIN.email, ADMIN.password);
  await waitForServiceWorker(page);
  const res = await page.goto('/panel/admin');
  expect(res?.headers()['cache-control']).toBe('no-store');
  await expect(page.getByTestId('staff')).toContainText(ADMIN.email);
  const staffEntries = () =>
    page.evaluate(async () => {
      const found: string[] = [];
      for (const name of await caches.keys()) {
        for (const req of await (await caches.open(name)).keys()) {
          if (new URL(req.url).pathname.startsWith('/panel')) found.push(req.url);
        }
      }
      return found;
    });
  expect(await staffEntries()).toEqual([]);
  // What an older worker may have kept: signing out removes it.
  await page.evaluate(async () => {
    const name = (await caches.keys())[0];
    await (await caches.open(name)).put('/panel/admin', new Response('<p>admin@krakow.test</p>'));
  });
  expect((await staffEntries()).length).toBe(1);
  await page.goto('/panel');
  await signOut(page);
  await expect.poll(staffEntries).toEqual([]);
});
