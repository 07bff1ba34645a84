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
 * The icons are the committed PNGs in extension/icons/.
 *
 *   node scripts/build-extension.mjs [--out DIR] [--port N]
 *
 * --port bakes in another connector port (tests); the user can set one in
 * the popup, under Advanced.
 */
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
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
// The PNGs scripts/render-extension-icons.mjs draws from extension/icons/gloss.svg (committed; it decides the sizes).
const ICONS = Object.fromEntries(
  readdirSync(join(ROOT, 'extension', 'icons'))
    .map((name) => /^icon-(\d+)\.png$/.exec(name))
    .filter((match) => match !== null)
    .sort((a, b) => Number(a[1]) - Number(b[1]))
    .map(([name, size]) => [size, `icons/${name}`]),
);

function manifest(target) {
  return {
    manifest_version: 3,
    name: 'Gloss',
    short_name: 'Gloss',
    version,
    description: 'Save pages, links and highlights to the Gloss reader on this computer, as the page looks to you.',
    permissions: PERMISSIONS,
    host_permissions: HOSTS,
    icons: ICONS,
    // The title is the button's accessible name: say what it does.
    action: { default_title: 'Save this page to Gloss', default_popup: 'popup.html', default_icon: ICONS },
    background: target === 'firefox' ? { scripts: ['background.js'] } : { service_worker: 'background.js' },
    commands: {
      'save-page': { suggested_key: { default: 'Alt+Shift+S' }, description: 'Save page to Gloss' },
    },
    content_security_policy: { extension_pages: "script-src 'self'; object-src 'none'; connect-src http://127.0.0.1:* 'self'" },
    ...(target === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'extension@gloss.app',
              // 140 (ESR): the first to know data_collection_permissions, which addons.mozilla.org asks of new add-ons.
              strict_min_version: '140.0',
              // Nothing leaves the computer: pages go to the Gloss app on 127.0.0.1 only.
              data_collection_permissions: { required: ['none'] },
            },
          },
        }
      : { minimum_chrome_version: '116' }),
  };
}

/** Every file under `dir`, by its path relative to `root` (the zip's layout). */
function filesOf(dir, root = dir) {
  const files = {};
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) Object.assign(files, filesOf(path, root));
    else files[relative(root, path).split(sep).join('/')] = new Uint8Array(readFileSync(path));
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
  target: ['chrome116', 'firefox140'],
  define: { __GLOSS_PORT__: String(port) },
  legalComments: 'none',
  logLevel: 'warning',
});
for (const target of ['chromium', 'firefox']) {
  const dir = join(out, target);
  mkdirSync(dir, { recursive: true });
  cpSync(bundled, dir, { recursive: true });
  for (const file of ['popup.html', 'popup.css']) cpSync(join(SRC, file), join(dir, file));
  mkdirSync(join(dir, 'icons'));
  for (const file of Object.values(ICONS)) cpSync(join(ROOT, 'extension', file), join(dir, file));
  writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(manifest(target), null, 2)}\n`);
  writeFileSync(join(out, `gloss-${target}.zip`), zipSync(filesOf(dir), { level: 9, mtime: new Date('2026-01-01T00:00:00Z') }));
}
rmSync(bundled, { recursive: true, force: true });
console.log(`Built the Gloss extension (connector port ${port}) into ${relative(ROOT, out) || out}`);
