import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Compiles runes in .svelte.ts modules (the renderer's controllers); other files pass through.
  plugins: [svelte({ configFile: resolve('svelte.config.js') })],
  test: {
    include: ['tests/**/*.test.ts'],
    // The CLI bundled once per run for the tests' child processes (tests/helpers/cli-bundle.ts).
    globalSetup: ['tests/helpers/global-setup.ts'],
    environment: 'node',
    // Generous: several tests spawn the CLI or other child processes, which
    // a loaded 2-core machine slows a lot. Speed targets live in `npm run bench`.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Vitest's default (one less than the cores) runs every file in turn on a
    // 2-core machine, CI's; many files spend their time waiting on child
    // processes and servers, so two at a time use both cores.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // Imported HTML files keep their web images by downloading them; the web
    // corpus must never make the tests look up its real hosts (inherited by
    // every CLI the tests spawn; tests of those downloads turn it back on).
    // No test's `gloss serve` takes the browser connector's fixed port (tests of it pick their own).
    env: { GLOSS_IMPORT_WEB_IMAGES: '0', GLOSS_CONNECTOR_PORT: 'off' },
  },
});
