/**
 * The packaging config's security-relevant settings, pinned so they cannot
 * drift silently: fuses, asar, the gloss:// scheme, file associations, and
 * the native SQLite binding placed where the packaged app looks for it.
 * The config is also loaded and checked by electron-builder's own loader and
 * schema (packaging itself needs Electron's download, so it cannot run here).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Arch } from 'electron-builder';
import { describe, expect, it } from 'vitest';
import config, { checkNativeBinding, NATIVE_BINDING_DIR } from '../../electron-builder.config';
import { NATIVE_FILE, nativeBindingFile } from '../../src/main/electron/native-path';
import { ROOT, tempDir } from '../helpers/tmp';

describe('the packaging config', () => {
  it('sets every fuse that keeps the binary from running other code', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
    expect(config.asar).toBe(true);
  });

  it('registers gloss:// and the document types, without claiming to own them', () => {
    expect(config.protocols).toEqual([{ name: 'Gloss link', schemes: ['gloss'], role: 'Viewer' }]);
    const associations = [config.fileAssociations ?? []].flat();
    expect(associations.flatMap((a) => a.ext).sort()).toEqual(['epub', 'htm', 'html', 'markdown', 'md', 'pdf', 'txt']);
    for (const a of associations) expect(a, String(a.ext)).toMatchObject({ role: 'Viewer', rank: 'Alternate' });
  });

  it('builds the installers asked for', () => {
    expect(config).toMatchObject({
      appId: 'app.gloss.reader',
      productName: 'Gloss',
      linux: { target: ['AppImage', 'deb'] },
      mac: { target: ['dmg'] },
      win: { target: ['nsis'] },
    });
  });

  it('ships only the built app, and the Electron SQLite binding where native.ts finds it', () => {
    expect(config.files).toEqual(expect.arrayContaining(['out/main/**', 'out/preload/**', 'out/renderer/**', 'package.json']));
    expect(config.npmRebuild).toBe(false);
    expect(config.extraResources).toEqual([{ from: NATIVE_BINDING_DIR, to: NATIVE_BINDING_DIR, filter: [NATIVE_FILE] }]);
    const resources = join('/opt', 'Gloss', 'resources');
    const [electronVersion, sqliteVersion] = /^native\/electron-(.+)-better-sqlite3-(.+)$/.exec(NATIVE_BINDING_DIR)?.slice(1) ?? [];
    expect(electronVersion && sqliteVersion).toBeTruthy();
    const lookedUp = nativeBindingFile({
      packaged: true,
      appPath: join(resources, 'app.asar'),
      resourcesPath: resources,
      electronVersion: electronVersion as string,
      sqliteVersion: sqliteVersion as string,
    });
    expect(lookedUp).toBe(join(resources, NATIVE_BINDING_DIR, NATIVE_FILE));
  });

  it('is valid for electron-builder, read through its own loader', async () => {
    const { getConfig, validateConfiguration } = await import('app-builder-lib/out/util/config/config.js');
    const { DebugLogger } = await import('builder-util');
    const loaded = await getConfig(ROOT, 'electron-builder.config.ts', null);
    expect(loaded.electronFuses).toEqual(config.electronFuses);
    expect(loaded.protocols).toEqual(config.protocols);
    await expect(validateConfiguration(loaded, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('refuses to package without the Electron SQLite binding, or for another machine', () => {
    const dir = tempDir('gloss-package-');
    expect(() => checkNativeBinding(dir, process.platform, Arch.x64)).toThrow(/missing: run `node scripts\/electron-sqlite\.mjs`/);
    mkdirSync(join(dir, NATIVE_BINDING_DIR), { recursive: true });
    writeFileSync(join(dir, NATIVE_BINDING_DIR, NATIVE_FILE), '');
    const here = Object.entries({ x64: Arch.x64, arm64: Arch.arm64, ia32: Arch.ia32, arm: Arch.armv7l })
      .find(([name]) => name === process.arch)?.[1];
    if (here === undefined) throw new Error(`no electron-builder arch for ${process.arch}`);
    expect(() => checkNativeBinding(dir, process.platform, here)).not.toThrow();
    const otherPlatform = process.platform === 'win32' ? 'linux' : 'win32';
    expect(() => checkNativeBinding(dir, otherPlatform, here)).toThrow(/built for/);
    const otherArch = here === Arch.arm64 ? Arch.x64 : Arch.arm64;
    expect(() => checkNativeBinding(dir, process.platform, otherArch)).toThrow(/built for/);
    expect(() => checkNativeBinding(dir, process.platform, Arch.universal)).toThrow(/built for/);
  });
});
