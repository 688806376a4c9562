// The departments' answers: an official answers a postulate (not public
// yet), an admin publishes the district, a resident sees the position, the
// positions chart and — after a follow-up update — the history; the
// printable list prints without the site's navigation. Each project uses
// its own district's demo postulate, so the two runs do not race.
import { expect } from '@playwright/test';
import { test, ADMIN, captureErrors, hydrated, signIn } from './support';


test('an official answers, an admin publishes, a resident follows the position', async ({ page, browser }, info) => {
  test.slow();
  const errors = captureErrors(page);
  const [district, text] = hydrated(info)
    ? ['II', 'Park kieszonkowy na skwerze przy ulicy Rzeźniczej']
    : ['I', 'Nasadzenia drzew wzdłuż ulicy Karmelickiej'];
  const official = { email: `urzednik-${info.project.name}@krakow.test`, password: 'haslo-urzednika-2028' };

  // The admin creates an official of the greenery authority (ZZM).
  await signIn(page, info, ADMIN.email, ADMIN.password);
  const departments = await (await page.request.post('/api/departments', { headers: { accept: 'application/json' } })).json();
  const zzm = departments.find((d: { code: string }) => d.code === 'ZZM');
  const created = await page.request.post('/api/admin/staff/create', {
    form: { email: official.email, name: 'Urzędniczka ZZM', password: official.password, role: 'official', department: String(zzm.id) },
    headers: { accept: 'application/json' },
  });
  expect(created.ok()).toBeTruthy();

  // The official answers it.
  const desk = await browser.newContext(info.project.use);
  const officialPage = await desk.newPage();
  await signIn(officialPage, info, official.email, official.password);
  await officialPage.goto('/panel/urzednik');
  const item = officialPage.getByTestId('work-item').filter({ hasText: text });
  // Nothing preselected: one careless click must not promise a project.
  await expect(item.getByLabel('Stanowisko')).toHaveValue('');
  await item.getByLabel('Stanowisko').selectOption('to_analyse');
  // Messages come in the card they are about, where the page lands, and say what happened.
  await item.getByRole('button', { name: 'Wyślij stanowisko' }).click();
  const note = officialPage.getByTestId('work-item').filter({ hasText: text }).getByTestId('card-note');
  await expect(note).toHaveText('Uzasadnienie: to pole jest wymagane.');
  await expect(note).toBeInViewport();
  // Nothing chosen is lost with the error.
  await expect(item.getByLabel('Stanowisko')).toHaveValue('to_analyse');
  await item.getByLabel('Uzasadnienie').fill('Sprawdzimy, czyj to grunt.');
  await item.getByRole('button', { name: 'Zapisz szkic' }).click();
  await expect(note).toHaveText('Szkic zapisany — widzi go tylko Twój wydział.');
  await expect(note).toBeInViewport();
  await item.getByLabel('Uzasadnienie').fill('Sprawdzimy, czyj to grunt, i wrócimy z odpowiedzią.');
  await item.getByLabel('Planowany termin (nieobowiązkowo)').fill('II kwartał 2028');
  await item.getByRole('button', { name: 'Wyślij stanowisko' }).click();
  await expect(note).toHaveText('Stanowisko wysłane — czeka na publikację.');
  await expect(officialPage.getByTestId('work-item').filter({ hasText: text }).getByTestId('answer-state')).toHaveText('wysłane');

  // Not public yet.
  const phone = await browser.newContext(info.project.use);
  const resident = await phone.newPage();
  await resident.goto(`/postulaty?dzielnica=${district}`);
  const card = resident.locator('.postulate', { hasText: text });
  await expect(card).toBeVisible();
  await expect(card).not.toContainText('Sprawdzimy, czyj to grunt');

  // The admin publishes the district.
  await page.goto('/panel/odpowiedzi');
  await page.getByTestId('publish').getByLabel('Zakres').selectOption(district);
  await page.getByTestId('publish').getByRole('button', { name: 'Pokaż, co zostanie opublikowane' }).click();
  // First what will go public, by district and one by one; then the confirmation.
  const preview = page.getByTestId('publish-preview');
  await expect(preview.getByRole('row').filter({ hasText: text })).toContainText('do analizy');
  const confirm = preview.getByRole('button', { name: /^Opublikuj \d+ odpowied(ź|zi)$/ });
  const count = Number((await confirm.innerText()).match(/\d+/)![0]);
  expect(count).toBeGreaterThan(0);
  await expect(preview.getByTestId('preview-districts')).toContainText(`${count} odpowied`);
  await confirm.click();
  await expect(page.getByTestId('published')).toHaveText(new RegExp(`^Opublikowano ${count} odpowied(ź|zi) \\(${district} `));

  await resident.reload();
  await expect(card.getByTestId('position')).toContainText('do analizy');
  await expect(card.getByTestId('position')).toContainText('Sprawdzimy, czyj to grunt');
  // Public labels, without the form's hints.
  await expect(card.getByTestId('position')).toContainText('Planowany termin: II kwartał 2028');
  await expect(resident.locator('main')).not.toContainText('nieobowiązkowo');
  await expect(resident.locator('#answers-by-status-title')).toHaveText('Opublikowane stanowiska według rodzaju');

  // A follow-up update; the postulate's page shows both, with dates.
  await officialPage.goto('/panel/urzednik');
  const again = officialPage.getByTestId('work-item').filter({ hasText: text });
  await again.getByLabel('Stanowisko').selectOption('in_progress');
  await again.getByLabel('Uzasadnienie').fill('Grunt jest miejski: projekt w tym roku, nasadzenia jesienią.');
  await again.getByRole('button', { name: 'Wyślij stanowisko' }).click();
  await expect(again.getByTestId('card-note')).toHaveText('Stanowisko wysłane — jest już widoczne publicznie.');

  await card.getByRole('link', { name: 'Szczegóły i historia' }).click();
  await expect(resident.getByTestId('position')).toContainText('w realizacji');
  await expect(resident.locator('main')).not.toContainText('nieobowiązkowo');
  const history = resident.getByTestId('answer-history');
  await expect(history.locator('li')).toHaveCount(2);
  await expect(history).toContainText('Sprawdzimy, czyj to grunt');
  await expect(history).toContainText('zmiana stanowiska');

  // The district's printable list: no navigation when printed.
  await resident.goto(`/postulaty/spis/${district}`);
  await resident.emulateMedia({ media: 'print' });
  await expect(resident.getByTestId('print-list')).toContainText(text);
  await expect(resident.locator('.site-header')).toBeHidden();
  await expect(resident.locator('.site-footer')).toBeHidden();
  await desk.close();
  await phone.close();
  expect(errors).toEqual([]);
});
