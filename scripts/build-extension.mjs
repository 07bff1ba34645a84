#!/usr/bin/env node
/**
 * Builds the Gloss browser extension from extension/ (TypeScript, bundled by
 * esbuild) for Chromium-family browsers and Firefox, and zips each for its
 * store:
 *
 *   out/extension/chromium/   out/extension/gloss-chromium.zip
 *   out/extension/firefox/    out/extension/gloss-firefox.zip
 *
 * One source; the manifests differ only where the browsers do (Chromium: a
 * background service worker; Firefox: background scripts and its add-on id).
 *
 *   node scripts/build-extension.mjs [--out DIR] [--port N]
 *
 * --port bakes in another connector port (tests); the user can also set
 * `port` in the extension's storage.
 */
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { zipSync } from 'fflate';

const ROOT = resolve(import.meta.dirname, '..');
const SRC = join(ROOT, 'extension', 'src');
const { values } = parseArgs({ options: { out: { type: 'string' }, port: { type: 'string' } } });
const out = resolve(values.out ?? join(ROOT, 'out', 'extension'));
const port = Number(values.port ?? 21451);
if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`--port must be a port number, not ${values.port}`);
const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;

const PERMISSIONS = ['activeTab', 'scripting', 'contextMenus', 'storage', 'unlimitedStorage', 'alarms'];
// The connector, and pages served from this computer (saved by the same rules as any page).
const HOSTS = ['http://127.0.0.1/*', 'http://localhost/*'];

function manifest(target) {
  return {
    manifest_version: 3,
    name: 'Gloss',
    short_name: 'Gloss',
    version,
    description: 'Save pages, links and highlights to the Gloss reader on this computer, as the page looks to you.',
    permissions: PERMISSIONS,
    host_permissions: HOSTS,
    action: { default_title: 'Save to Gloss', default_popup: 'popup.html' },
    background: target === 'firefox' ? { scripts: ['background.js'] } : { service_worker: 'background.js' },
    commands: {
      'save-page': { suggested_key: { default: 'Alt+Shift+S' }, description: 'Save page to Gloss' },
    },
    content_security_policy: { extension_pages: "script-src 'self'; object-src 'none'; connect-src http://127.0.0.1:* 'self'" },
    ...(target === 'firefox'
      ? { browser_specific_settings: { gecko: { id: 'extension@gloss.app', strict_min_version: '128.0' } } }
      : { minimum_chrome_version: '116' }),
  };
}

function filesOf(dir) {
  const files = {};
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) Object.assign(files, filesOf(path));
    else files[relative(dir, path)] = new Uint8Array(readFileSync(path));
  }
  return files;
}

rmSync(out, { recursive: true, force: true });
const bundled = join(out, '.bundle');
await build({
  entryPoints: { background: join(SRC, 'background.ts'), popup: join(SRC, 'popup.ts') },
  outdir: bundled,
  bundle: true,
  format: 'iife',
  target: ['chrome116', 'firefox128'],
  define: { __GLOSS_PORT__: String(port) },
  legalComments: 'none',
  logLevel: 'warning',
});
for (const target of ['chromium', 'firefox']) {
  const dir = join(out, target);
  mkdirSync(dir, { recursive: true });
  cpSync(bundled, dir, { recursive: true });
  for (const file of ['popup.html', 'popup.css']) cpSync(join(SRC, file), join(dir, file));
  writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(manifest(target), null, 2)}\n`);
  writeFileSync(join(out, `gloss-${target}.zip`), zipSync(filesOf(dir), { level: 9, mtime: new Date('2026-01-01T00:00:00Z') }));
}
rmSync(bundled, { recursive: true, force: true });
console.log(`Built the Gloss extension (connector port ${port}) into ${relative(ROOT, out) || out}`);
