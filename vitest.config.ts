import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

/**
 * Files that run in a fresh module graph of their own (Vitest's isolation).
 * Every other file shares its worker's modules with the files before it:
 * starting a fresh process and importing jsdom, zod and the stores again
 * for each of ~175 files cost about half the CPU of a small file. A file
 * belongs here when it mocks a module (vi.mock), stubs the environment or
 * fakes timers, replaces a shared singleton (the extraction pool), or tests
 * the renderer's Svelte state: none of those may outlive the file. So do
 * files that keep whole corpora in memory (a shared worker would carry them,
 * and its longer pauses, to every later file) and tests that measure short
 * quiet times (a 150 ms pause fails them).
 */
const ISOLATED = [
  'tests/electron/**/*.test.ts',
  'tests/renderer/**/*.test.ts',
  'tests/reliability/**/*.test.ts',
  'tests/workers/**/*.test.ts',
  'tests/migrate/omnivore-workers.test.ts',
  'tests/pdf/parallel-read.test.ts',
  'tests/server/document-ranges.test.ts',
  'tests/server/once-idle.test.ts',
  'tests/import/corpus.test.ts',
  'tests/import/light-dom-corpus.test.ts',
  'tests/anchoring/corpus-roundtrip.test.ts',
];

export default defineConfig({
  // Compiles runes in .svelte.ts modules (the renderer's controllers); other files pass through.
  plugins: [svelte({ configFile: resolve('svelte.config.js') })],
  test: {
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
    // No test's `gloss serve` takes the browser connector's fixed port (tests of it pick their own),
    // nor spends CPU warming up the HTML importer (src/main/import/warm-up.ts).
    env: { GLOSS_IMPORT_WEB_IMAGES: '0', GLOSS_CONNECTOR_PORT: 'off', GLOSS_WARM_UP: 'off' },
    // Hooks that must run for every file, shared modules or not (temp folders).
    setupFiles: ['tests/helpers/each-file.ts'],
    projects: [
      { extends: true, test: { name: 'isolated', include: ISOLATED } },
      { extends: true, test: { name: 'shared', include: ['tests/**/*.test.ts'], exclude: ISOLATED, isolate: false } },
    ],
  },
});
