import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests against the built apps in production mode. The global setup builds the apps
 * (Turborepo cache), starts a fresh seeded database on the embedded test cluster, and runs
 * storefront, admin and worker on ports 3100/3101. Chromium comes from CHROMIUM_PATH, else
 * /usr/bin/chromium where it exists, else Playwright's own browser.
 */
const executablePath =
  process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
export const E2E_STOREFRONT_URL = 'http://localhost:3100';
export const E2E_ADMIN_URL = 'http://localhost:3101';

export default defineConfig({
  testDir: 'e2e',
  globalSetup: './e2e/global-setup.ts',
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 2,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  outputDir: '.data/test-results/playwright',
  reporter: [
    ['list'],
    [
      'json',
      {
        outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ?? '.data/test-results/playwright.json',
      },
    ],
  ],
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  projects: [
    { name: 'storefront', testDir: 'e2e/storefront', use: { baseURL: E2E_STOREFRONT_URL } },
    { name: 'admin', testDir: 'e2e/admin', use: { baseURL: E2E_ADMIN_URL } },
    { name: 'api', testDir: 'e2e/api', use: { baseURL: E2E_STOREFRONT_URL } },
  ],
});
