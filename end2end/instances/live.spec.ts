// The live flow with its three clients on different instances (issue #32):
// the moderator's console on instance A, the room's projector on instance
// B, the resident's phone through nginx (either). A postulate sent from the
// phone reaches the console on A; approved there, it reaches the projector
// on B and the phone — live with JavaScript (through LISTEN/NOTIFY between
// the instances), on reload without.
import { expect } from '@playwright/test';
import { test, ADMIN, hydrated, open, raisePostulate, signIn } from '../tests/support';

const A = process.env.PORO_INSTANCE_A!;
const B = process.env.PORO_INSTANCE_B!;

test('a postulate goes from a phone through nginx to a console on A and a projector on B', async ({ browser }, info) => {
  test.skip(!A || !B || !process.env.PORO_PROXY, 'run by scripts/test-instances.sh');
  const meeting = hydrated(info) ? 6 : 5;
  const text = `Przejście dla pieszych przy szkole — ${info.project.name}`;

  const laptop = await browser.newContext({ ...info.project.use, baseURL: A, viewport: { width: 1280, height: 800 } });
  const moderator = await laptop.newPage();
  await signIn(moderator, info, ADMIN.email, ADMIN.password);
  await open(moderator, info, `/panel/moderacja/${meeting}`);
  await moderator.getByRole('button', { name: 'Otwórz zgłaszanie' }).click();
  await expect(moderator.getByTestId('console-state')).toContainText('otwarte');
  // The projector shows the live postulates.
  await moderator.getByRole('button', { name: 'Pokaż postulaty' }).click();
  if (!hydrated(info)) await expect(moderator).toHaveURL(new RegExp(`/panel/moderacja/${meeting}$`));

  const screen = await browser.newContext({ ...info.project.use, baseURL: B, viewport: { width: 1280, height: 720 } });
  const room = await screen.newPage();
  await open(room, info, `/spotkania/${meeting}/projektor`);
  await expect(room.getByTestId('projector-live')).toBeVisible();

  const phone = await browser.newContext(info.project.use);
  const resident = await phone.newPage();
  // Collecting was opened on A: the phone's instance knows it.
  await raisePostulate(resident, info, meeting, text);

  if (!hydrated(info)) await moderator.reload();
  const item = moderator.getByTestId('queue').locator('.queue-item', { hasText: text });
  await expect(item).toBeVisible({ timeout: 5000 });
  await item.getByRole('button', { name: 'Przyjmij' }).click();
  await expect(
    moderator.getByTestId('queue').locator('.queue-item', { hasText: text }).getByTestId('item-status'),
  ).toHaveText('przyjęty');

  if (!hydrated(info)) {
    await room.reload();
    await resident.reload();
  }
  await expect(room.getByTestId('live-list').locator('li', { hasText: text })).toHaveCount(1, { timeout: 5000 });
  await expect(resident.getByTestId('live-list').locator('li', { hasText: text })).toHaveCount(1, { timeout: 5000 });
  // Once, not twice (the event reached B's feed once).
  await room.waitForTimeout(1000);
  await expect(room.getByTestId('live-list').locator('li', { hasText: text })).toHaveCount(1);
  for (const context of [laptop, screen, phone]) await context.close();
});
