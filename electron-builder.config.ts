/**
 * Packaging: `npm run package` (electron-vite build, then electron-builder
 * with this file) writes installers to out/packages/ for the machine it runs
 * on: AppImage and deb on Linux, dmg on macOS, NSIS on Windows.
 *
 * The security-relevant settings (fuses, asar, the gloss:// scheme, file
 * associations) are asserted by tests/electron/packaging.test.ts; change
 * them there too, on purpose.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Arch, type Configuration } from 'electron-builder';
import { NATIVE_DIR, NATIVE_FILE, nativeBindingFolder } from './src/main/electron/native-path';

const ROOT = fileURLToPath(new URL('.', import.meta.url));
const requireHere = createRequire(join(ROOT, 'package.json'));

function installedVersion(pkg: string): string {
  return (JSON.parse(readFileSync(requireHere.resolve(`${pkg}/package.json`), 'utf8')) as { version: string }).version;
}

/** native/electron-<v>-better-sqlite3-<v>: the Electron build of SQLite that the packaged app loads. */
export const NATIVE_BINDING_DIR = `${NATIVE_DIR}/${nativeBindingFolder(installedVersion('electron'), installedVersion('better-sqlite3'))}`;

/** Node's names for electron-builder's architectures. */
const NODE_ARCH: Partial<Record<Arch, NodeJS.Architecture>> = {
  [Arch.x64]: 'x64',
  [Arch.arm64]: 'arm64',
  [Arch.ia32]: 'ia32',
  [Arch.armv7l]: 'arm',
};

/**
 * scripts/electron-sqlite.mjs (the `prepackage` step) builds the binding for
 * this machine only: refuse to package without it, or for another
 * platform or architecture, rather than ship an app that cannot open its library.
 */
export function checkNativeBinding(projectDir: string, platform: string, arch: Arch): void {
  const file = join(projectDir, NATIVE_BINDING_DIR, NATIVE_FILE);
  if (!existsSync(file)) {
    throw new Error(`${file} is missing: run \`node scripts/electron-sqlite.mjs\` first (npm run package does).`);
  }
  if (platform !== process.platform || NODE_ARCH[arch] !== process.arch) {
    throw new Error(
      `The SQLite binding is built for ${process.platform}-${process.arch}; package for that (not ${platform}-${Arch[arch]}), on a machine of each kind.`,
    );
  }
}

/** Files Gloss can be asked to open; `Alternate` keeps it from taking over .txt, .html or .pdf. */
const DOCUMENTS = [
  { ext: 'txt', name: 'Plain text', mimeType: 'text/plain' },
  { ext: ['md', 'markdown'], name: 'Markdown', mimeType: 'text/markdown' },
  { ext: ['html', 'htm'], name: 'Web page', mimeType: 'text/html' },
  { ext: 'epub', name: 'EPUB book', mimeType: 'application/epub+zip' },
  { ext: 'pdf', name: 'PDF document', mimeType: 'application/pdf' },
].map((type) => ({ ...type, role: 'Viewer', rank: 'Alternate' }));

const config: Configuration = {
  appId: 'app.gloss.reader',
  productName: 'Gloss',
  executableName: 'gloss',
  directories: { output: 'out/packages' },
  // The bundles electron-vite built, and package.json; electron-builder adds
  // the production dependencies (externalized by electron-vite) itself.
  // better-sqlite3's own build (Node's ABI) and sources are never loaded.
  files: [
    'out/main/**',
    'out/preload/**',
    'out/renderer/**',
    'package.json',
    '!node_modules/better-sqlite3/{build,deps,src}/**',
  ],
  asar: true,
  // A native addon must be a real file: it goes beside app.asar, at
  // resources/native/<folder>/, where src/main/electron/native.ts looks.
  extraResources: [{ from: NATIVE_BINDING_DIR, to: NATIVE_BINDING_DIR, filter: [NATIVE_FILE] }],
  // Never rebuild node_modules in place: the Node build there serves the
  // tests and the CLI (see README, "Two runtimes, one install").
  npmRebuild: false,
  beforePack: (context) => checkNativeBinding(ROOT, context.electronPlatformName, context.arch),
  electronFuses: {
    // No `ELECTRON_RUN_AS_NODE=1 Gloss script.js`, NODE_OPTIONS or --inspect:
    // the signed binary cannot be turned into a general Node runtime.
    runAsNode: false,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableCookieEncryption: true,
    // Only the app.asar that was packaged (and, on macOS and Windows, only
    // with the integrity hash embedded at build time) is ever loaded.
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    // The app is served from app://, never file://.
    grantFileProtocolExtraPrivileges: false,
  },
  protocols: [{ name: 'Gloss link', schemes: ['gloss'], role: 'Viewer' }],
  fileAssociations: DOCUMENTS,
  linux: {
    target: ['AppImage', 'deb'],
    category: 'Office',
    maintainer: 'Gloss',
  },
  mac: {
    target: ['dmg'],
    category: 'public.app-category.productivity',
  },
  win: {
    target: ['nsis'],
  },
};

export default config;
