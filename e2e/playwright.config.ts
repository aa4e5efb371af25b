import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests drive the built app (dist/client, served by server/main.ts)
 * in Debian's Chromium. Each worker starts its own server on a free port
 * (e2e/fixtures.ts), so specs never fight over a port. No browser is downloaded.
 */
export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  globalSetup: './global-setup.ts',
  outputDir: '../test-results/e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 2,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: '../test-results/playwright.json' }]],
  use: {
    viewport: { width: 1280, height: 720 },
    // No trace unless asked (ALLO_TRACE=1): recording one for every test, to keep it for the failures,
    // made the suite two and a half times slower (42 tests: 279 s with traces, 112 s without; 136 s even
    // with traces stripped of screenshots and snapshots). A failure still leaves its screenshot and its
    // error-context.md (the page's accessibility tree at the moment it failed).
    trace: process.env.ALLO_TRACE ? 'retain-on-failure' : 'off',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-quic',
        '--disable-sync',
      ],
    },
  },
});
