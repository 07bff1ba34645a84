/**
 * ELECTRON_RENDERER_URL is trusted only in a bundle built by `npm run dev`.
 * Builds src/main/electron/protocol.ts through electron-vite's own main-process
 * pipeline, once as `electron-vite build` (npm start, npm run package) does
 * and once as `electron-vite dev` does: the dev-only branch, and the
 * environment read in it, must be absent from the first and present in the second.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveConfig } from 'electron-vite';
import { build } from 'vite';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../helpers/tmp';

const saved = { NODE_ENV: process.env.NODE_ENV, NODE_ENV_ELECTRON_VITE: process.env.NODE_ENV_ELECTRON_VITE };

afterEach(() => {
  // electron-vite sets both for the process; give vitest its own back.
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

/** The main-process bundle of protocol.ts, built the way `electron-vite <command>` builds out/main. */
async function buildMain(mode: 'production' | 'development'): Promise<string> {
  const outDir = tempDir('gloss-main-build-');
  process.env.NODE_ENV_ELECTRON_VITE = mode;
  const resolved = await resolveConfig(
    {
      root: ROOT,
      logLevel: 'silent',
      build: { outDir, rollupOptions: { input: { index: join(ROOT, 'src/main/electron/protocol.ts') } } },
    },
    mode === 'production' ? 'build' : 'serve',
    mode,
  );
  const main = resolved.config?.main;
  if (!main) throw new Error('electron.vite.config.ts has no main build');
  await build(main);
  const files = readdirSync(join(outDir, 'main'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js'));
  expect(files.length).toBeGreaterThan(0);
  return files.map((f) => readFileSync(join(outDir, 'main', f), 'utf8')).join('\n');
}

describe('the main-process bundle', () => {
  it('has no dev server branch when built for npm start or packaging', async () => {
    const code = await buildMain('production');
    expect(code).toContain('content-security-policy');
    expect(code).not.toContain('ELECTRON_RENDERER_URL');
  });

  it('keeps it under npm run dev', async () => {
    expect(await buildMain('development')).toContain('ELECTRON_RENDERER_URL');
  });
});
