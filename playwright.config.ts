import { defineConfig } from '@playwright/test';

// Electron's binary cannot be downloaded on every machine (CI here has none),
// so the main suite drives the browser host (`gloss serve`) in the system's
// Chromium; the electron project runs wherever the Electron binary exists and
// reports itself skipped otherwise.
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// Imported HTML files keep their web images by downloading them; importing the
// web corpus must never look up its real hosts (every `gloss serve` inherits this).
process.env.GLOSS_IMPORT_WEB_IMAGES ??= '0';

export default defineConfig({
  testDir: 'e2e',
  // Bundles the gloss CLI once for every test's `gloss serve` (e2e/cli-bundle.ts).
  globalSetup: './e2e/global-setup.ts',
  timeout: 60_000,
  expect: { timeout: 20_000 },
  fullyParallel: true,
  workers: 2,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: [['list']],
  // A trace records snapshots of every action of every test; on CI nobody can
  // open it (only the printed output comes back), so it would cost CPU for nothing.
  use: { trace: process.env.CI ? 'off' : 'retain-on-failure' },
  projects: [
    {
      name: 'chromium',
      testIgnore: 'electron/**',
      use: {
        browserName: 'chromium',
        launchOptions: {
          executablePath: chromiumPath,
          // Without these, Chromium keeps trying to reach Google's hosts,
          // which this closed network refuses.
          args: [
            '--disable-gpu',
            '--disable-quic',
            '--no-first-run',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
          ],
        },
      },
    },
    { name: 'electron', testMatch: 'electron/**/*.spec.ts' },
  ],
});
