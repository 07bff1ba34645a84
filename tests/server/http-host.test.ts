import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../src/main/api/dispatch';
import { createHandlers } from '../../src/main/api/handlers';
import { Library } from '../../src/main/library';
import { startHost, type RunningHost } from '../../src/main/server/http-host';
import { encodeWire, decodeWire } from '../../src/shared/wire';
import { tempDir } from '../helpers/tmp';

let running: { host: RunningHost; library: Library } | undefined;
afterEach(async () => {
  await running?.host.close();
  running?.library.close();
  running = undefined;
});

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 1, 2, 3]);
const PNG_HASH = createHash('sha256').update(PNG).digest('hex');

async function start() {
  const root = tempDir();
  const rendererDir = join(root, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Gloss</title>');
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(root, 'secret.txt'), 'do not serve');
  const library = Library.open(join(root, 'library'));
  const host = await startHost({
    dispatch: createDispatcher(createHandlers(library, 'browser')),
    rendererDir,
    port: 0,
    readAsset: (hash) => (hash === PNG_HASH ? { mime: 'image/png', bytes: PNG } : undefined),
  });
  running = { host, library };
  return host;
}

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw request, so tests can send any Host or Origin header. */
function send(port: number, path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: { host: `127.0.0.1:${port}`, ...options.headers } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

function api(host: RunningHost, method: string, args: unknown, headers: Record<string, string> = {}) {
  return send(host.port, `/api/${method}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${host.token}`, 'content-type': 'application/json', ...headers },
    body: encodeWire(args),
  });
}

describe('the browser host', () => {
  it('listens on 127.0.0.1 with a random token in its URL', async () => {
    const host = await start();
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${host.token}`);
    expect(host.token.length).toBeGreaterThanOrEqual(32);
  });

  it('serves the renderer with a strict CSP, and nothing outside its folder', async () => {
    const host = await start();
    const index = await send(host.port, '/');
    expect(index.status).toBe(200);
    expect(index.headers['content-security-policy']).toMatch(/script-src 'self'/);
    expect(index.headers['x-content-type-options']).toBe('nosniff');
    expect((await send(host.port, '/assets/app.js')).status).toBe(200);
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/nope.js']) {
      const reply = await send(host.port, path);
      expect(reply.status, path).toBe(404);
      expect(reply.body).not.toContain('do not serve');
    }
  });

  it('answers API calls with envelopes, bytes included', async () => {
    const host = await start();
    const data = new TextEncoder().encode('Title Line\n\nA body paragraph that says something.\n');
    const reply = await api(host, 'importFile', { name: 'a.txt', data });
    expect(reply.status).toBe(200);
    const envelope = decodeWire(reply.body) as { ok: boolean; value: { status: string; article: { title: string } } };
    expect(envelope).toMatchObject({ ok: true, value: { status: 'imported', article: { title: 'Title Line' } } });

    const bad = await api(host, 'getArticle', { id: 'NOPE!' });
    expect(bad.status).toBe(400);
    expect(decodeWire(bad.body)).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
    expect((await api(host, 'nope', {})).status).toBe(404);
  });

  it('refuses calls without the token, from other origins or hosts, and non-JSON posts', async () => {
    const host = await start();
    expect((await api(host, 'listArticles', {}, { authorization: '' })).status).toBe(401);
    expect((await api(host, 'listArticles', {}, { authorization: `Bearer ${host.token}x` })).status).toBe(401);
    expect((await api(host, 'listArticles', {}, { origin: 'https://evil.example' })).status).toBe(403);
    // DNS rebinding: a page on evil.example resolving to 127.0.0.1.
    expect((await api(host, 'listArticles', {}, { host: `evil.example:${host.port}` })).status).toBe(403);
    expect((await api(host, 'listArticles', {}, { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await send(host.port, '/api/listArticles')).status).toBe(405);
    expect((await api(host, 'listArticles', {}, { origin: `http://127.0.0.1:${host.port}` })).status).toBe(200);
  });

  it('refuses a malformed body without changing anything', async () => {
    const host = await start();
    const reply = await send(host.port, '/api/importFile', {
      method: 'POST',
      headers: { authorization: `Bearer ${host.token}`, 'content-type': 'application/json' },
      body: '{"name": "a.txt", "data": ',
    });
    expect(reply.status).toBe(400);
    expect(running?.library.articles.count()).toBe(0);
  });

  it('sets an HttpOnly, SameSite=Strict cookie on the page load with the right token, and only then', async () => {
    const host = await start();
    const opened = await send(host.port, `/?token=${host.token}`);
    expect(opened.status).toBe(200);
    const [cookie, ...more] = opened.headers['set-cookie'] ?? [];
    expect(more).toEqual([]);
    const flags = cookie!.split(';').map((part) => part.trim());
    expect(flags[0]).toMatch(new RegExp(`^gloss_assets_${host.port}=[A-Za-z0-9_-]{43}$`));
    expect(flags.slice(1).sort()).toEqual(['HttpOnly', 'Path=/', 'SameSite=Strict']);
    // The cookie opens images, not the API: it is not the token.
    expect(cookie).not.toContain(host.token);

    expect((await send(host.port, '/')).headers['set-cookie']).toBeUndefined();
    expect((await send(host.port, `/?token=${host.token}x`)).headers['set-cookie']).toBeUndefined();
    expect((await send(host.port, '/?token=')).headers['set-cookie']).toBeUndefined();
  });

  it('serves /asset/<hash> only with that cookie or the token', async () => {
    const host = await start();
    const opened = await send(host.port, `/?token=${host.token}`);
    const cookie = opened.headers['set-cookie']![0]!.split(';')[0]!;
    const asset = `/asset/${PNG_HASH}`;

    const bare = await send(host.port, asset);
    expect(bare.status).toBe(401);
    expect(bare.body).not.toContain('PNG');
    const [name, value] = cookie.split('=') as [string, string];
    const tampered = `${name}=${value.slice(0, -1)}${value.endsWith('A') ? 'B' : 'A'}`;
    for (const wrong of [tampered, `${name}=`, `${name}=${host.token}`, `gloss_assets_1=${value}`]) {
      expect((await send(host.port, asset, { headers: { cookie: wrong } })).status, wrong).toBe(401);
    }
    expect((await send(host.port, asset, { headers: { authorization: `Bearer ${host.token}x` } })).status).toBe(401);

    const withCookie = await send(host.port, asset, { headers: { cookie: `other=1; ${cookie}` } });
    expect(withCookie.status).toBe(200);
    expect(withCookie.headers['content-type']).toBe('image/png');
    expect((await send(host.port, asset, { headers: { authorization: `Bearer ${host.token}` } })).status).toBe(200);
    // The cookie is not a way into the API.
    expect((await api(host, 'listArticles', {}, { authorization: '', cookie })).status).toBe(401);
  });
});
