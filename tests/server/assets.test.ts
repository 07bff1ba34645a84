import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../src/main/api/dispatch';
import { createHandlers } from '../../src/main/api/handlers';
import { AssetStore } from '../../src/main/db/assets';
import { Library } from '../../src/main/library';
import { startHost, type RunningHost } from '../../src/main/server/http-host';
import { tempDir } from '../helpers/tmp';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
const PNG_HASH = 'a'.repeat(64);
const HTML_HASH = 'b'.repeat(64);

let running: { host: RunningHost; library: Library } | undefined;
afterEach(async () => {
  await running?.host.close();
  running?.library.close();
  running = undefined;
});

describe('saved images in the browser host', () => {
  it('are served from the library at /asset/<hash>, images only', async () => {
    const root = tempDir();
    const rendererDir = join(root, 'renderer');
    mkdirSync(rendererDir);
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html>');
    const library = Library.open(join(root, 'library'));
    const seq = library.db.prepare(
      `INSERT INTO articles (id, format, title, added_at, updated_at) VALUES ('abcd1234', 'html', 't', 'x', 'x')`,
    ).run().lastInsertRowid;
    const assets = new AssetStore(library.db);
    assets.add(Number(seq), { hash: PNG_HASH, mime: 'image/png', bytes: PNG, sourceUrl: 'https://example.com/a.png' });
    assets.add(Number(seq), { hash: HTML_HASH, mime: 'text/html', bytes: new TextEncoder().encode('<script>') });
    const host = await startHost({
      dispatch: createDispatcher(createHandlers(library, 'browser')),
      rendererDir,
      readAsset: (hash) => assets.get(hash),
    });
    running = { host, library };
    const base = `http://127.0.0.1:${host.port}`;
    // The token (or the page's cookie, tests/server/http-host.test.ts) opens assets.
    const auth = { headers: { authorization: `Bearer ${host.token}` } };

    const image = await fetch(`${base}/asset/${PNG_HASH}`, auth);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(new Uint8Array(await image.arrayBuffer())).toEqual(PNG);

    expect((await fetch(`${base}/asset/${HTML_HASH}`, auth)).status).toBe(404);
    expect((await fetch(`${base}/asset/${'c'.repeat(64)}`, auth)).status).toBe(404);
    expect((await fetch(`${base}/asset/xyz`, auth)).status).toBe(404);
  });
});
