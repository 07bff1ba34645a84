/**
 * The layer boundaries in eslint.config.js fire: small snippets, linted as
 * if they sat at a path in src/, with the project's own config (ESLint's
 * Node API, the same config `npm run lint` uses).
 */
import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const BOUNDARY_RULES = new Set(['no-restricted-imports', 'no-restricted-syntax', 'no-restricted-globals']);

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: ROOT, overrideConfigFile: resolve(ROOT, 'eslint.config.js') });
});

/** Every message ESLint gives for `code` at `filePath`, as "rule: message". */
async function lint(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(ROOT, filePath) });
  return result!.messages.map((m) => `${m.ruleId ?? 'fatal'}: ${m.message}`);
}

/** Lints `code` and expects exactly one boundary message, mentioning `because` (other rules may speak too). */
async function expectRefused(filePath: string, code: string, because: RegExp): Promise<void> {
  const messages = await lint(filePath, code);
  expect(messages.filter((m) => m.startsWith('fatal')), messages.join('\n')).toEqual([]);
  const boundary = messages.filter((m) => BOUNDARY_RULES.has(m.split(':')[0]!));
  expect(boundary, `${filePath}: ${code}`).toHaveLength(1);
  expect(boundary[0]).toMatch(because);
}

async function expectAllowed(filePath: string, code: string): Promise<void> {
  expect(await lint(filePath, code), `${filePath}: ${code}`).toEqual([]);
}

describe('layer boundaries (eslint.config.js)', () => {
  it('src/main outside src/main/electron never imports electron, in any form', async () => {
    const file = 'src/main/library-probe.ts';
    await expectRefused(file, "import { app } from 'electron';\nexport const a = app;\n", /only src\/main\/electron/);
    await expectRefused(file, "import type { App } from 'electron';\nexport type A = App;\n", /only src\/main\/electron/);
    await expectRefused(file, "export { app } from 'electron/main';\n", /only src\/main\/electron/);
    await expectRefused('src/main/web/deep/probe.ts', "export const e = await import('electron');\n", /only src\/main\/electron/);
    await expectRefused(file, "export const e: unknown = require('electron');\n", /only src\/main\/electron/);
    // Not a prefix match: a package merely starting with "electron" is someone else's.
    await expectAllowed(file, "import { build } from 'electron-builder';\nexport const b = build;\n");
    await expectAllowed('src/main/electron/probe.ts', "import { app } from 'electron';\nexport const a = app;\n");
  });

  it('src/main never imports src/renderer (src/main/electron neither)', async () => {
    await expectRefused('src/main/probe.ts', "export { zipFiles } from '../renderer/src/lib/zip';\n", /through src\/shared/);
    await expectRefused(
      'src/main/electron/probe.ts',
      "import { zipFiles } from '../../renderer/src/lib/zip';\nexport const z = zipFiles;\n",
      /through src\/shared/,
    );
    await expectAllowed('src/main/export/probe.ts', "export { GlossError } from '../../shared/errors';\n");
  });

  it('src/renderer never imports src/main, src/preload or electron', async () => {
    await expectRefused('src/renderer/src/lib/probe.ts', "export { Library } from '../../../main/library';\n", /contract/);
    await expectRefused('src/renderer/src/lib/probe.ts', "export { contextBridge } from 'electron';\n", /sandboxed/);
    await expectRefused(
      'src/renderer/src/components/Probe.svelte',
      "<script lang=\"ts\">\n  import { Library } from '../../../main/library';\n  console.log(Library);\n</script>\n",
      /contract/,
    );
    // The renderer's own main.ts and src/shared are fine.
    await expectAllowed('src/renderer/src/lib/probe.ts', "export { mount } from '../main';\nexport { GlossError } from '../../../shared/errors';\n");
  });

  it('src/shared imports neither src/main, src/renderer, src/preload nor electron', async () => {
    await expectRefused('src/shared/probe.ts', "export { Library } from '../main/library';\n", /imports none of them/);
    await expectRefused('src/shared/text/probe.ts', "export { zipFiles } from '../../renderer/src/lib/zip';\n", /imports none of them/);
    await expectRefused('src/shared/probe.ts', "export { ipcRenderer } from 'electron';\n", /no Electron/);
    await expectRefused('src/shared/probe.ts', "export const e = await import('electron');\n", /no Electron/);
    await expectAllowed('src/shared/anchoring/probe.ts', "export { buildTextMap } from '../text/canonical';\n");
  });

  it('src/main and src/shared use no browser globals (their DOM types come with jsdom)', async () => {
    await expectRefused('src/main/probe.ts', 'export const title = document.title;\n', /browser's/);
    await expectRefused('src/main/electron/probe.ts', 'export const w = window.innerWidth;\n', /browser's/);
    await expectRefused('src/shared/text/probe.ts', 'export const ua = navigator.userAgent;\n', /browser's/);
    // A local named window (an Electron BrowserWindow, a search window) is not the global.
    await expectAllowed('src/main/probe.ts', 'export function f(window: number[]): number {\n  return window.length;\n}\n');
    await expectAllowed('src/renderer/src/lib/probe.ts', 'export const title = document.title;\n');
  });

  it('src/preload imports only electron and src/shared', async () => {
    const file = 'src/preload/probe.ts';
    await expectAllowed(file, "export { contextBridge } from 'electron';\nexport { IPC_CHANNEL } from '../shared/ipc';\n");
    await expectRefused(file, "export { readFileSync } from 'node:fs';\n", /only electron and src\/shared/);
    await expectRefused(file, "export { z } from 'zod';\n", /only electron and src\/shared/);
    await expectRefused(file, "export { Library } from '../main/library';\n", /only electron and src\/shared/);
    await expectRefused(file, "export { zipFiles } from '../renderer/src/lib/zip';\n", /only electron and src\/shared/);
  });

});
