/**
 * The connector against a real library and a real server on 127.0.0.1:
 * what it refuses (hosts, origins, keys, methods, routes, bodies) and what
 * a paired extension can do (pair, status, save a page with the images it
 * sends, update it, save a selection as a highlight, save a link).
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../src/main/api/dispatch';
import { createHandlers } from '../../src/main/api/handlers';
import { MAX_CONNECTOR_BODY_BYTES } from '../../src/main/connector/requests';
import { connectorPort, DEFAULT_CONNECTOR_PORT, startConnector, type RunningConnector } from '../../src/main/connector/server';
import { Library } from '../../src/main/library';
import { tempDir } from '../helpers/tmp';

const EXT = `chrome-extension://${'abcdefghijklmnop'.repeat(2)}`;
const OTHER_EXT = `chrome-extension://${'ponmlkjihgfedcba'.repeat(2)}`;
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 1, 2, 3, 4]);

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  json: { ok: boolean; error?: { code: string; message: string } } & Record<string, unknown>;
}

interface Req {
  method?: string;
  path: string;
  host?: string;
  origin?: string | null;
  key?: string;
  body?: unknown;
  contentType?: string;
  headers?: Record<string, string>;
}

let connector: RunningConnector;
let library: Library;
const servers: Server[] = [];

/** One request with full control of Host and Origin (fetch would not allow it). */
function send(r: Req): Promise<Answer> {
  const body = r.body === undefined ? undefined : typeof r.body === 'string' ? r.body : JSON.stringify(r.body);
  const headers: Record<string, string> = {
    host: r.host ?? `127.0.0.1:${connector.port}`,
    ...(r.origin === null ? {} : { origin: r.origin ?? EXT }),
    ...(r.key ? { 'x-gloss-key': r.key } : {}),
    ...(body !== undefined ? { 'content-type': r.contentType ?? 'application/json' } : {}),
    ...r.headers,
  };
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: connector.port, method: r.method ?? 'POST', path: r.path, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, json: text ? (JSON.parse(text) as Answer['json']) : { ok: false } }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function pair(origin = EXT): Promise<string> {
  const { code } = await call('startBrowserPairing', {});
  const answer = await send({ path: '/pair', origin, body: { code, name: 'Chromium' } });
  expect(answer.status).toBe(200);
  return answer.json.key as string;
}

const dispatch = (): ReturnType<typeof createDispatcher> => createDispatcher(createHandlers(library, 'browser'));
async function call<T = { code: string }>(method: string, args: unknown): Promise<T> {
  const answer = await dispatch()(method, args);
  if (!answer.ok) throw new Error(answer.error.message);
  return answer.value as T;
}

/** A local server counting the requests it gets (the refusals must happen before any connection). */
async function countingServer(): Promise<{ url: string; hits: string[] }> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(req.url ?? '');
    res.writeHead(200, { 'content-type': 'image/png' });
    res.end(Buffer.from(PNG));
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits };
}

function page(title: string, images: string[], extra = ''): string {
  const para = (i: number): string =>
    `<p>Paragraph ${i} of ${title}: the reader saw this text in the browser after the page's scripts built it, and Gloss keeps it offline for later reading.</p>`;
  return `<!doctype html><html><head><title>${title}</title></head><body><article><h1>${title}</h1>${Array.from({ length: 8 }, (_, i) => para(i)).join('')}${images
    .map((src) => `<p><img src="${src}" alt="figure"></p>`)
    .join('')}${extra}<script>window.evil = 1</script><p onclick="steal()">The end of the story.</p></article></body></html>`;
}

beforeEach(async () => {
  library = Library.open(join(tempDir(), 'library'));
  connector = await startConnector({ dispatch: dispatch(), port: 0 });
});

afterEach(async () => {
  await connector.close();
  library.close();
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
});

describe('the connector refuses', () => {
  it('foreign hosts, non-extension origins, missing or wrong keys, another extension using a key', async () => {
    const key = await pair();
    const ok = await send({ method: 'GET', path: '/status', key });
    expect(ok.status).toBe(200);
    expect(ok.headers['access-control-allow-origin']).toBe(EXT);

    // DNS rebinding: a name that resolves to 127.0.0.1 still carries its own Host.
    for (const host of [`evil.example:${connector.port}`, `127.0.0.1:${connector.port + 1}`, '127.0.0.1', `localhost.evil.example:${connector.port}`]) {
      const r = await send({ method: 'GET', path: '/status', key, host });
      expect(r.status, host).toBe(403);
    }
    expect((await send({ method: 'GET', path: '/status', key, host: `localhost:${connector.port}` })).status).toBe(200);

    // Web pages' fetch carries an http(s) origin, or `null` (sandboxed frames, file:, data:).
    for (const origin of ['https://evil.example', 'null', `http://127.0.0.1:${connector.port}`, 'http://localhost', 'chrome-extension://short', 'file://']) {
      const r = await send({ method: 'GET', path: '/status', key, origin });
      expect(r.status, origin).toBe(403);
      expect(r.headers['access-control-allow-origin'], origin).toBeUndefined();
    }
    expect((await send({ method: 'GET', path: '/status', key, origin: null })).status).toBe(403);
    // A web origin cannot even preflight.
    const webPreflight = await send({ method: 'OPTIONS', path: '/save-page', origin: 'https://evil.example', headers: { 'access-control-request-method': 'POST' } });
    expect(webPreflight.status).toBe(403);
    expect(webPreflight.headers['access-control-allow-origin']).toBeUndefined();

    expect((await send({ method: 'GET', path: '/status' })).status).toBe(401);
    expect((await send({ method: 'GET', path: '/status', key: key.slice(0, -1) + (key.endsWith('A') ? 'B' : 'A') })).status).toBe(401);
    // The key works only from the extension that paired.
    expect((await send({ method: 'GET', path: '/status', key, origin: OTHER_EXT })).status).toBe(401);
    // Saving needs the key too, and nothing is stored without it.
    expect((await send({ path: '/save-page', body: { url: 'https://example.com/a', html: page('Nope', []) } })).status).toBe(401);
    expect(library.listArticles()).toHaveLength(0);

    // Forgotten: the key stops working at once.
    const { browsers } = await call<{ browsers: { id: string; name: string }[] }>('getBrowserPairing', {});
    expect(browsers.map((b) => b.name)).toEqual(['Chromium']);
    await call('forgetBrowser', { id: browsers[0]!.id });
    expect((await send({ method: 'GET', path: '/status', key })).status).toBe(401);
  });

  it('wrong methods, unknown routes, bad bodies and oversize bodies; preflight only for the extension', async () => {
    const key = await pair();
    const preflight = await send({ method: 'OPTIONS', path: '/save-page', headers: { 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, x-gloss-key' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(EXT);
    expect(preflight.headers['access-control-allow-headers']).toContain('x-gloss-key');

    expect((await send({ method: 'GET', path: '/save-page', key })).status).toBe(405);
    expect((await send({ method: 'DELETE', path: '/status', key })).status).toBe(405);
    expect((await send({ method: 'POST', path: '/api/deleteArticles', key, body: {} })).status).toBe(404);
    expect((await send({ method: 'GET', path: '/', key })).status).toBe(404);
    expect((await send({ path: '/save-page', key, body: 'url=x', contentType: 'application/x-www-form-urlencoded' })).status).toBe(415);
    expect((await send({ path: '/save-page', key, body: '{not json' })).status).toBe(400);
    const invalid = await send({ path: '/save-page', key, body: { url: 'https://example.com/a', html: 42, extra: true } });
    expect(invalid.status).toBe(400);
    expect(invalid.json.error?.message).toMatch(/html/);
    const notWeb = await send({ path: '/save-page', key, body: { url: 'file:///etc/passwd', html: page('File', []) } });
    expect(notWeb.status).toBe(415);
    expect(notWeb.json.error?.message).toMatch(/only http and https/);

    // Declared too large: refused before reading.
    const declared = await send({ path: '/save-page', key, body: '{}', headers: { 'content-length': String(MAX_CONNECTOR_BODY_BYTES + 1) } }).catch(
      (err: NodeJS.ErrnoException) => ({ status: err.code === 'EPIPE' || err.code === 'ECONNRESET' ? 413 : 0 }) as Answer,
    );
    expect(declared.status).toBe(413);
    // Streamed past the cap without a length.
    const big = await new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: connector.port,
          method: 'POST',
          path: '/save-page',
          headers: { host: `127.0.0.1:${connector.port}`, origin: EXT, 'x-gloss-key': key, 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', (err: NodeJS.ErrnoException) => (err.code === 'EPIPE' || err.code === 'ECONNRESET' ? resolve(413) : reject(err)));
      const chunk = Buffer.alloc(1024 * 1024, 0x61);
      let sent = 0;
      const pump = (): void => {
        while (sent <= MAX_CONNECTOR_BODY_BYTES) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        req.end();
      };
      pump();
    });
    expect(big).toBe(413);
    expect(library.listArticles()).toHaveLength(0);
  });

  it('pairing codes: one use, wrong codes count, a few wrong ones burn the code', async () => {
    const { code } = await call('startBrowserPairing', {});
    expect(code).toMatch(/^[A-Z2-9]{6}$/);
    const wrong = code === 'AAAAAA' ? 'BBBBBB' : 'AAAAAA';
    const first = await send({ path: '/pair', body: { code: wrong, name: 'X' } });
    expect(first.status).toBe(403);
    // Lower case and a dash still match (what a user types).
    const ok = await send({ path: '/pair', body: { code: `${code.slice(0, 3).toLowerCase()}-${code.slice(3)}`, name: 'Firefox' } });
    expect(ok.status).toBe(200);
    expect(ok.json.key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // One use.
    expect((await send({ path: '/pair', body: { code, name: 'Again' } })).status).toBe(403);

    const next = await call('startBrowserPairing', {});
    for (let i = 0; i < 5; i++) expect((await send({ path: '/pair', body: { code: wrong, name: 'Guess' } })).status).toBe(403);
    // The right code after five wrong ones: burned.
    const late = await send({ path: '/pair', body: { code: next.code, name: 'Late' } });
    expect(late.status).toBe(403);
    expect(late.json.error?.message).toMatch(/No pairing code|Too many/);
    expect((await call<{ pendingUntil: string | null }>('getBrowserPairing', {})).pendingUntil).toBeNull();
    // A web page cannot pair either.
    const again = await call('startBrowserPairing', {});
    expect((await send({ path: '/pair', origin: 'https://evil.example', body: { code: again.code, name: 'Evil' } })).status).toBe(403);
    expect((await call<{ browsers: unknown[] }>('getBrowserPairing', {})).browsers).toHaveLength(1);
  });
});

describe('a paired extension', () => {
  it('saves the page it rendered with the images it sent, never fetching private ones; exists → update; selection → highlight', async () => {
    const key = await pair();
    const local = await countingServer();
    const sentImage = `${local.url}/sent.png`;
    const notSent = `${local.url}/not-sent.png`;
    const html = page('Rendered by scripts', [sentImage, notSent]);
    const url = 'https://news.example/story?utm_source=x';

    const saved = await send({ path: '/save-page', key, body: { url, title: 'Rendered', html, images: [{ url: sentImage, data: Buffer.from(PNG).toString('base64') }] } });
    expect(saved.status).toBe(200);
    expect(saved.json).toMatchObject({ ok: true, status: 'saved', article: { title: 'Rendered by scripts' } });
    const id = (saved.json.article as { id: string }).id;
    expect(saved.json.openUrl).toBe(`gloss://article/${id}`);
    // The image not sent sits on a private address: refused before connecting.
    expect(local.hits).toEqual([]);
    const article = library.getArticle(id);
    expect(article.sourceUrl).toBe('https://news.example/story');
    expect(article.html).toContain('gloss-asset:');
    expect(article.html).not.toContain('sent.png');
    expect(article.html).not.toMatch(/<script|onclick/);
    expect(library.db.prepare('SELECT COUNT(*) AS n FROM article_assets').get()).toEqual({ n: 1 });

    // Again: it exists (nothing changes) until the extension asks to update.
    const html2 = html.replace('The end of the story.', 'The end of the story, corrected.');
    const again = await send({ path: '/save-page', key, body: { url, html: html2 } });
    expect(again.json).toMatchObject({ status: 'exists', article: { id } });
    const updated = await send({ path: '/save-page', key, body: { url, html: html2, mode: 'update' } });
    expect(updated.json).toMatchObject({ status: 'updated', article: { id } });
    expect(library.getArticle(id).text).toContain('corrected');

    // A selection (white space as the browser gives it) becomes a highlight in the saved article.
    const selection = { exact: 'Paragraph 3 of Rendered   by scripts:\n the reader saw', prefix: 'reading.\n', suffix: ' this text' };
    const highlighted = await send({ path: '/save-selection', key, body: { url, html: html2, selection } });
    expect(highlighted.json).toMatchObject({ ok: true, status: 'exists', highlighted: true });
    const [h] = library.listHighlights(id);
    expect(h?.quote.exact).toBe('Paragraph 3 of Rendered by scripts: the reader saw');
    const text = library.getArticle(id).text;
    expect(text.slice(h!.position.start, h!.position.end)).toBe(h!.quote.exact);
    // The same selection again does not make a second highlight.
    await send({ path: '/save-selection', key, body: { url, html: html2, selection } });
    expect(library.listHighlights(id)).toHaveLength(1);
    const missing = await send({ path: '/save-selection', key, body: { url, html: html2, selection: { exact: 'words that are not there at all', prefix: '', suffix: '' } } });
    expect(missing.json).toMatchObject({ ok: true, highlighted: false });
  });

  it('in Firefox: pairs and saves with the headers Firefox 153 sends (moz-extension:// Origin on POST, none on GET)', async () => {
    const FIREFOX = 'moz-extension://6a4d2e1c-3b5f-4c7a-9e8d-0f1a2b3c4d5e';
    // As measured from the add-on's background script: no preflight, and these headers.
    const firefox = { 'sec-fetch-site': 'same-origin', 'sec-fetch-mode': 'cors', 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64; rv:153.0) Gecko/20100101 Firefox/153.0' };
    const { code } = await call('startBrowserPairing', {});
    const paired = await send({ path: '/pair', origin: FIREFOX, headers: firefox, body: { code, name: 'Firefox on Linux' } });
    expect(paired.status).toBe(200);
    expect(paired.headers['access-control-allow-origin']).toBe(FIREFOX);
    const key = paired.json.key as string;
    const saved = await send({ path: '/save-page', origin: FIREFOX, headers: firefox, key, body: { url: 'https://news.example/fx', html: page('Saved from Firefox', []) } });
    expect(saved.json).toMatchObject({ ok: true, status: 'saved', article: { title: 'Saved from Firefox' } });
    // Firefox's GET carries no Origin: refused like any request without one (the extension only POSTs).
    expect((await send({ method: 'GET', path: '/status', origin: null, headers: firefox, key })).status).toBe(403);
    // The key is bound to this add-on's per-install origin: not another add-on's, not a page's.
    for (const origin of ['moz-extension://0b8c6f4e-5d2a-4c1b-9e7f-3a6d8c2b1e40', EXT, 'https://news.example']) {
      expect((await send({ path: '/save-page', origin, key, body: { url: 'https://news.example/other', html: page('Not saved', []) } })).status, origin).not.toBe(200);
    }
    expect(library.listArticles().map((a) => a.title)).toEqual(['Saved from Firefox']);
  });

  it('saves a link: the app fetches it itself', async () => {
    const key = await pair();
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(page('Fetched by the app', []));
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const link = `http://127.0.0.1:${(server.address() as AddressInfo).port}/post`;
    const saved = await send({ path: '/save-link', key, body: { url: link } });
    expect(saved.json).toMatchObject({ ok: true, status: 'saved', article: { title: 'Fetched by the app' } });
    expect((await send({ path: '/save-link', key, body: { url: link } })).json).toMatchObject({ status: 'exists' });
  });
});

describe('the connector port', () => {
  it('is fixed by default, configurable, can be turned off, and says clearly when taken', async () => {
    expect(connectorPort({})).toBe(DEFAULT_CONNECTOR_PORT);
    expect(connectorPort({ GLOSS_CONNECTOR_PORT: '31000' })).toBe(31000);
    expect(connectorPort({ GLOSS_CONNECTOR_PORT: 'off' })).toBeNull();
    expect(() => connectorPort({ GLOSS_CONNECTOR_PORT: '99999' })).toThrow(/GLOSS_CONNECTOR_PORT/);
    await expect(startConnector({ dispatch: dispatch(), port: connector.port })).rejects.toThrow(
      new RegExp(`port ${connector.port} on 127.0.0.1 is in use.*GLOSS_CONNECTOR_PORT`),
    );
  });
});
