// Browser tests of several instances behind nginx (issue #32), run by
// scripts/test-instances.sh, which starts two release instances on one
// PostgreSQL database and nginx in front of them, and passes their
// addresses: PORO_INSTANCE_A, PORO_INSTANCE_B, PORO_PROXY. The same phone
// profile and the same two projects (JavaScript off, hydrated) as the main
// suite.
import { defineConfig } from '@playwright/test';
import { place, projects } from './playwright.config';

export default defineConfig({
  testDir: './instances',
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 1,
  timeout: 60_000,
  reporter: [['list'], ['json', { outputFile: 'test-results/instances.json' }]],
  use: { ...place, baseURL: process.env.PORO_PROXY },
  projects,
});
