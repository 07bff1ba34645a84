#!/usr/bin/env node
/**
 * Renders the extension's icon (extension/icons/gloss.svg) to the PNGs the
 * manifests name: extension/icons/icon-{16,32,48,128}.png. Chromium needs PNG
 * for the toolbar button and the store; Firefox uses the same files.
 *
 * Run once after changing the SVG, and commit the PNGs (the extension build
 * copies them; it needs no browser):
 *
 *   node scripts/render-extension-icons.mjs
 *
 * Drawn by Chromium (Playwright, the system's Chromium: CHROMIUM_PATH or
 * /usr/bin/chromium) at each size from the vector, on a transparent
 * background, so small sizes are rasterized from the shapes rather than
 * scaled down from a large bitmap.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { chromium } from '@playwright/test';

const ROOT = resolve(import.meta.dirname, '..');
const ICONS = join(ROOT, 'extension', 'icons');
const ICON_SIZES = [16, 32, 48, 128];

const svg = readFileSync(join(ICONS, 'gloss.svg'), 'utf8');
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--disable-gpu', '--no-first-run'] });
try {
  const page = await browser.newPage({ deviceScaleFactor: 1 });
  for (const size of ICON_SIZES) {
    await page.setViewportSize({ width: size, height: size });
    const src = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
    await page.setContent(`<!doctype html><style>html,body{margin:0;background:transparent}img{display:block}</style><img src="${src}" width="${size}" height="${size}" alt="">`);
    await page.locator('img').evaluate((img) => (img.complete ? undefined : new Promise((done) => img.addEventListener('load', done, { once: true }))));
    const png = await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
    const file = join(ICONS, `icon-${size}.png`);
    writeFileSync(file, png);
    console.log(`${relative(ROOT, file)} (${png.length} bytes)`);
  }
} finally {
  await browser.close();
}
