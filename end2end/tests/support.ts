// Shared helpers for the browser tests: the `test` every spec uses (it
// fails on any Content-Security-Policy violation), console-error capture,
// the accessibility scan, the 360 px overflow check, and waiting for
// hydration.
import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type BrowserContext, type Page, type TestInfo } from '@playwright/test';

/**
 * Playwright's `test`, with every page watched for Content-Security-Policy
 * violations (Chromium reports each in the console) — the test's own
 * context and the ones it opens with `browser.newContext` (a projector, a
 * second phone): a test fails if there was any. `cspViolations` is the
 * list; a test that provokes one on purpose checks it and empties it.
 */
export const test = base.extend<{ cspViolations: string[] }>({
  cspViolations: [
    async ({ context, browser }, use) => {
      const violations: string[] = [];
      const watch = (watched: BrowserContext) => {
        watched.on('console', (msg) => {
          if (/Content Security Policy/i.test(msg.text())) {
            violations.push(`${msg.location().url}: ${msg.text()}`);
          }
        });
        return watched;
      };
      watch(context);
      // Tests of one worker run one at a time: the browser is theirs.
      const newContext = browser.newContext.bind(browser);
      browser.newContext = async (options) => watch(await newContext(options));
      try {
        await use(violations);
      } finally {
        browser.newContext = newContext;
      }
      expect(violations, 'Content-Security-Policy violations').toEqual([]);
    },
    { auto: true },
  ],
});

export const hydrated = (info: TestInfo) => info.project.name === 'hydrated';

/** Collects console errors and uncaught exceptions of a page. */
export function captureErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  page.on('pageerror', (err) => errors.push(String(err)));
  return errors;
}

/** Opens a page; when JavaScript is on, waits until the app has hydrated. */
export async function open(page: Page, info: TestInfo, path: string) {
  const res = await page.goto(path);
  if (hydrated(info)) {
    await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  }
  return res;
}

/** The demo's first admin (created by scripts/e2e-server.sh). */
export const ADMIN = { email: 'admin@krakow.test', password: 'haslo-administratora-2028' };

/**
 * Waits until the service worker controls the page. The worker claims open
 * pages when it activates; a page that loaded while it was still installing
 * may miss that (seen once in CI): a reload is always controlled.
 */
export async function waitForServiceWorker(page: Page) {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  if (!(await page.evaluate(() => navigator.serviceWorker.controller !== null))) {
    await page.reload();
  }
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
}

/**
 * No WCAG 2.1 A/AA violation of any impact. axe runs inside the page,
 * so call it in the hydrated project (whose DOM is the server's HTML after
 * hydration): with JavaScript disabled there is nothing to run it with.
 */
export async function expectAccessible(page: Page) {
  await scan(page);
}

async function scan(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const bad = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  expect(bad).toEqual([]);
}

/** Nothing wider than the 360 px screen. */
export async function expectNoHorizontalScroll(page: Page) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
}

/** No word, time or code inside `selector` is split across two lines: each
 * run of non-space characters lies on one line box. */
export async function expectNoWordBroken(page: Page, selector: string) {
  const broken = await page.locator(selector).first().evaluate((root) => {
    const found: string[] = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent ?? '';
      for (const m of text.matchAll(/\S+/g)) {
        const range = document.createRange();
        range.setStart(node, m.index!);
        range.setEnd(node, m.index! + m[0].length);
        const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
        if (tops.size > 1) found.push(m[0]);
      }
    }
    return found;
  });
  expect(broken).toEqual([]);
}

/** Signs a staff member in through the sign-in form; lands on /panel. */
export async function signIn(page: Page, info: TestInfo, email: string, password: string) {
  await open(page, info, '/panel/logowanie');
  await page.getByLabel('Adres e-mail').fill(email);
  await page.getByLabel('Hasło').fill(password);
  await page.getByRole('button', { name: 'Zaloguj się' }).click();
  await expect(page).toHaveURL(/\/panel$/);
  await expect(page.getByTestId('signed-in')).toContainText(email);
}

/**
 * A resident raises a postulate from a meeting's live page (collecting
 * must be open): with JavaScript the page shows its code; without, the
 * post leads to the postulate's follow page (waiting for the moderator)
 * and the resident goes back to the live page.
 */
/** The live page's notice that a postulate was accepted: shown, with its code. */
export async function expectSent(page: Page) {
  const sent = page.getByTestId('sent');
  await expect(sent.getByText('Kod:')).toBeVisible();
  await expect(sent.locator('.receipt-code')).toHaveText(/^[A-Z0-9]{5}-[A-Z0-9]{5}$/);
}

export async function raisePostulate(page: Page, info: TestInfo, meeting: number, text: string) {
  await open(page, info, `/spotkania/${meeting}/na-zywo`);
  await expect(page.getByTestId('live-state')).toContainText('Zbieramy postulaty');
  await page.getByLabel('Twój postulat').fill(text);
  await page.getByRole('button', { name: 'Wyślij postulat' }).click();
  if (hydrated(info)) {
    await expectSent(page);
  } else {
    await expect(page).toHaveURL(/\/postulaty\/kod\/[A-Z0-9-]{11}$/);
    await expect(page.getByTestId('followed-status')).toContainText('Czeka na moderatora');
    await page.goto(`/spotkania/${meeting}/na-zywo`);
  }
}
