// Browser tests: Debian's Chromium driven by Playwright, on a 360 px phone.
// Every test runs twice: with JavaScript disabled (server-rendered HTML only)
// and hydrated. The servers are started from the release build and awaited
// through /healthz before any test runs.
import { defineConfig, devices } from '@playwright/test';

export const PORT = 3100;
export const CLOSED_PORT = 3101;
// The main server's pinned "now": the survey is open, no meeting has happened yet.
export const NOW = '2027-12-01T12:00:00+01:00';
// A second server whose clock is after the survey's deadline.
export const AFTER_DEADLINE = '2028-03-04T08:00:00+01:00';
// Round management changes which round is active for everyone: its test
// gets a server of its own per project, its clock in the new round's survey
// (after the demo round's has closed).
export const ROUNDS_PORTS: Record<string, number> = { 'no-js': 3103, hydrated: 3104 };
// The service worker's update test starts and stops its own server here.
export const SW_UPDATE_PORT = 3102;
export const ROUNDS_NOW = '2029-02-01T12:00:00+01:00';

export const phone = {
  ...devices['Pixel 7'],
  viewport: { width: 360, height: 740 },
  screen: { width: 360, height: 740 },
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  },
};

// Where the browser is, and what is kept of a failed test.
export const place = {
  locale: 'pl-PL',
  timezoneId: 'Europe/Warsaw',
  trace: 'retain-on-failure' as const,
};

// Every test twice: JavaScript off, and hydrated.
export const projects = [
  { name: 'no-js', use: { ...phone, javaScriptEnabled: false } },
  { name: 'hydrated', use: { ...phone, javaScriptEnabled: true } },
];

const server = (port: number, now: string) => ({
  command: `bash ../scripts/e2e-server.sh ${port} ${now}`,
  url: `http://127.0.0.1:${port}/healthz`,
  reuseExistingServer: false,
  timeout: 60_000,
  // The servers log warnings and errors only (scripts/e2e-server.sh): a
  // refused request's cause shows in the test output.
  stdout: 'pipe' as const,
  stderr: 'pipe' as const,
});

export default defineConfig({
  testDir: './tests',
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 2,
  timeout: 30_000,
  reporter: [['list'], ['json', { outputFile: 'test-results/results.json' }]],
  use: { ...place, baseURL: `http://127.0.0.1:${PORT}` },
  projects,
  webServer: [
    server(PORT, NOW),
    server(CLOSED_PORT, AFTER_DEADLINE),
    ...Object.values(ROUNDS_PORTS).map((port) => server(port, ROUNDS_NOW)),
  ],
});
