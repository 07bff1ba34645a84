#!/usr/bin/env node
/**
 * Builds better-sqlite3 for Electron's ABI, beside (not over) the Node build.
 *
 * `npm install` compiles better-sqlite3 for Node: the tests and the CLI use
 * that one. Electron needs the same addon built for its own ABI. This script
 * builds it in a scratch copy of the package and stores the result in
 * native/electron-<version>-better-sqlite3-<version>/better_sqlite3.node, which the Electron main
 * process loads (src/main/electron/native.ts). Both ABIs then work after one
 * `npm install`.
 *
 *   node scripts/electron-sqlite.mjs                 (prestart: must succeed)
 *   node scripts/electron-sqlite.mjs --if-possible   (postinstall: never fails)
 *
 * It first tries a prebuilt binary (prebuild-install), then compiles with
 * node-gyp against Electron's headers.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, copyFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const require = createRequire(join(root, 'package.json'));
const ifPossible = process.argv.includes('--if-possible');
const log = (line) => console.log(`electron-sqlite: ${line}`);

function electronBinaryPresent() {
  try {
    // The electron package exports the path of its binary; it throws when the
    // binary was never downloaded (ELECTRON_SKIP_BINARY_DOWNLOAD=1).
    const binary = require('electron');
    return typeof binary === 'string' && existsSync(binary);
  } catch {
    return false;
  }
}

function readVersion(pkg) {
  return JSON.parse(readFileSync(require.resolve(`${pkg}/package.json`), 'utf8')).version;
}

function run(command, args, cwd) {
  const result = spawnSync(command, args, { cwd, stdio: 'inherit', env: process.env });
  return result.status === 0;
}

function nodeGyp() {
  // npm tells scripts where its bundled node-gyp is; else use a local one.
  if (process.env.npm_config_node_gyp && existsSync(process.env.npm_config_node_gyp)) {
    return process.env.npm_config_node_gyp;
  }
  try {
    return require.resolve('node-gyp/bin/node-gyp.js');
  } catch {
    const npmDir = dirname(dirname(process.execPath));
    const bundled = join(npmDir, 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
    return existsSync(bundled) ? bundled : undefined;
  }
}

function build(version, target) {
  const source = dirname(require.resolve('better-sqlite3/package.json'));
  const scratch = mkdtempSync(join(tmpdir(), 'gloss-sqlite-'));
  try {
    cpSync(source, scratch, {
      recursive: true,
      filter: (path) => !['build', 'node_modules'].some((d) => path === join(source, d) || path.startsWith(join(source, d) + sep)),
    });
    const built = join(scratch, 'build', 'Release', 'better_sqlite3.node');
    const arch = process.env.npm_config_arch ?? process.arch;
    log(`building better-sqlite3 ${readVersion('better-sqlite3')} for Electron ${version} (${arch})`);
    let ok = false;
    try {
      const prebuild = require.resolve('prebuild-install/bin.js');
      ok = run(process.execPath, [prebuild, '--runtime', 'electron', '--target', version, '--arch', arch], scratch);
    } catch {
      ok = false;
    }
    if (!ok || !existsSync(built)) {
      const gyp = nodeGyp();
      if (!gyp) throw new Error('no node-gyp found to compile better-sqlite3');
      log('no prebuilt binary; compiling with node-gyp against Electron headers');
      ok = run(
        process.execPath,
        [gyp, 'rebuild', '--release', `--target=${version}`, `--arch=${arch}`,
          '--dist-url=https://electronjs.org/headers'],
        scratch,
      );
    }
    if (!ok || !existsSync(built)) throw new Error('the build did not produce better_sqlite3.node');
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(built, target);
    log(`done: ${target}`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function main() {
  if (!electronBinaryPresent()) {
    if (ifPossible) {
      log("Electron's binary is not installed here; skipped (the CLI, tests and `gloss serve` use Node's build).");
      return 0;
    }
    console.error(
      "electron-sqlite: Electron's binary is missing (was it installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1?).\n" +
        '  Install it with `node node_modules/electron/install.js`, then run `npm start` again.',
    );
    return 1;
  }
  const version = readVersion('electron');
  // Keyed by both versions, so upgrading either one builds afresh.
  const folder = `electron-${version}-better-sqlite3-${readVersion('better-sqlite3')}`;
  const target = join(root, 'native', folder, 'better_sqlite3.node');
  if (existsSync(target)) return 0;
  try {
    build(version, target);
    return 0;
  } catch (err) {
    console.error(`electron-sqlite: could not build better-sqlite3 for Electron ${version}: ${err.message}`);
    console.error('  npm start needs it; the CLI and tests do not. See README ("Two runtimes, one install").');
    return ifPossible ? 0 : 1;
  }
}

process.exitCode = main();
