import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { fetchPage, fetchResource, parseContentType } from '../../src/main/web/fetch-page';
import { closeServersAfterEach, failure, freePort, makePng, serve } from './helpers';

closeServersAfterEach();

const PAGE = '<!doctype html><html><head><title>T</title></head><body><p>Hello</p></body></html>';

describe('fetchPage: redirects', () => {
  it('follows 301 → 302 → 200 with a relative Location and reports the final URL', async () => {
    const base = await serve((req, res) => {
      if (req.url === '/start') res.writeHead(301, { location: '/middle?x=1' }).end();
      else if (req.url === '/middle?x=1') res.writeHead(302, { location: 'end' }).end('moved');
      else if (req.url === '/end') res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
      else res.writeHead(500).end();
    });
    const page = await fetchPage(`${base}/start`);
    expect(page.finalUrl).toBe(`${base}/end`);
    expect(page.urls).toEqual([`${base}/start`, `${base}/middle?x=1`, `${base}/end`]);
    expect(page.status).toBe(200);
    expect(page.contentType).toBe('text/html');
    expect(page.charset).toBe('utf-8');
    expect(page.kind).toBe('html');
    expect(new TextDecoder().decode(page.bytes)).toBe(PAGE);
  });

  it('gives up after too many redirects', async () => {
    let hits = 0;
    const base = await serve((req, res) => {
      hits++;
      const n = Number(req.url!.slice(1));
      res.writeHead(307, { location: `/${n + 1}` }).end();
    });
    const err = await failure(fetchPage(`${base}/0`));
    expect(err.message).toMatch(/too many redirects \(more than 5\)/);
    expect(err.message).toContain(`${base}/0`);
    expect(hits).toBe(6);
    // A lower limit is honoured too.
    expect((await failure(fetchPage(`${base}/0`, { maxRedirects: 1 }))).message).toMatch(/more than 1\)/);
  });

  it('refuses a redirect to a non-web scheme', async () => {
    const base = await serve((_req, res) => res.writeHead(302, { location: 'ftp://example.com/x' }).end());
    expect((await failure(fetchPage(`${base}/`))).message).toMatch(/redirected to a non-web address \(ftp:\)/);
  });
});

describe('fetchPage: HTTP and network failures', () => {
  it('explains a 404 and a 500, naming the URL', async () => {
    const base = await serve((req, res) => {
      if (req.url === '/gone') res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not here</h1>');
      else res.writeHead(503, { 'content-type': 'text/plain' }).end('down');
    });
    const missing = await failure(fetchPage(`${base}/gone`));
    expect(missing.code).toBe('not_found');
    expect(missing.message).toBe(`Could not download ${base}/gone: the server answered 404 Not Found.`);
    const down = await failure(fetchPage(`${base}/busy`));
    expect(down.code).toBe('network');
    expect(down.message).toMatch(/the server answered 503 Service Unavailable\.$/);
  });

  it('times out a slow server with the given limit', async () => {
    const base = await serve((req, res) => {
      if (req.url === '/slow-body') {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.write('<p>start'); // …and never finishes
      }
      // '/slow': never answers at all
    });
    const started = Date.now();
    const slow = await failure(fetchPage(`${base}/slow`, { timeoutMs: 300 }));
    expect(slow.code).toBe('network');
    expect(slow.message).toBe(`Could not download ${base}/slow: it took longer than 0.3 s.`);
    expect(Date.now() - started).toBeLessThan(3000);
    const slowBody = await failure(fetchPage(`${base}/slow-body`, { timeoutMs: 300 }));
    expect(slowBody.message).toMatch(/took longer than 0\.3 s/);
  });

  it('says "30 s" for the default limit', async () => {
    const { formatSeconds } = await import('../../src/main/web/fetch-page');
    expect(formatSeconds(30_000)).toBe('30 s');
    expect(formatSeconds(1500)).toBe('1.5 s');
  });

  it('explains a DNS failure', async () => {
    const err = await failure(
      fetchPage('http://no-such-host.invalid/page', {
        lookup: (hostname, _options, callback) =>
          process.nextTick(() =>
            (callback as (e: NodeJS.ErrnoException) => void)(
              Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }),
            ),
          ),
      }),
    );
    expect(err.code).toBe('network');
    expect(err.message).toBe('Could not download http://no-such-host.invalid/page: could not find the server host “no-such-host.invalid”.');
  });

  it('explains a refused connection', async () => {
    const port = await freePort();
    const err = await failure(fetchPage(`http://127.0.0.1:${port}/`));
    expect(err.message).toBe(`Could not download http://127.0.0.1:${port}/: the server 127.0.0.1:${port} refused the connection.`);
  });

  it('explains a connection closed in the middle of the body', async () => {
    const base = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html', 'content-length': '1000' });
      res.write('<p>only the start', () => res.socket?.destroy());
    });
    const err = await failure(fetchPage(`${base}/cut`));
    expect(err.code).toBe('network');
    expect(err.message).toBe(`Could not download ${base}/cut: the server closed the connection unexpectedly.`);
  });

  it('explains a TLS failure (https to a plain HTTP server)', async () => {
    const base = await serve((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE));
    const httpsUrl = base.replace('http:', 'https:') + '/';
    const err = await failure(fetchPage(httpsUrl));
    expect(err.code).toBe('network');
    expect(err.message).toContain(`Could not download ${httpsUrl}: the secure (TLS) connection to`);
  });

  it('passes the caller’s cancel through as an AbortError', async () => {
    const base = await serve(() => {}); // never answers
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    await expect(fetchPage(`${base}/`, { signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('fetchPage: size and content types', () => {
  it('refuses a page over maxBytes, announced or streamed', async () => {
    const base = await serve((req, res) => {
      if (req.url === '/announced') {
        res.writeHead(200, { 'content-type': 'text/html', 'content-length': '5000' }).end('x'.repeat(5000));
      } else {
        res.writeHead(200, { 'content-type': 'text/html' }); // chunked, no length
        for (let i = 0; i < 50; i++) res.write('y'.repeat(100));
        res.end();
      }
    });
    const announced = await failure(fetchPage(`${base}/announced`, { maxBytes: 1000 }));
    expect(announced.code).toBe('too_large');
    expect(announced.message).toContain(`${base}/announced`);
    const streamed = await failure(fetchPage(`${base}/streamed`, { maxBytes: 1000 }));
    expect(streamed.code).toBe('too_large');
    expect((await fetchPage(`${base}/streamed`, { maxBytes: 5000 })).bytes.length).toBe(5000);
  });

  it('counts decompressed bytes (a gzip bomb cannot slip through) and decompresses', async () => {
    const big = gzipSync(Buffer.from('z'.repeat(200_000)));
    const base = await serve((req, res) => {
      if (req.url === '/page') res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' }).end(gzipSync(PAGE));
      else res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' }).end(big);
    });
    expect(new TextDecoder().decode((await fetchPage(`${base}/page`)).bytes)).toBe(PAGE);
    expect(big.length).toBeLessThan(10_000);
    expect((await failure(fetchPage(`${base}/bomb`, { maxBytes: 10_000 }))).code).toBe('too_large');
  });

  it('takes a PDF as a PDF, refuses an image and other types, and accepts text and Markdown', async () => {
    const base = await serve((req, res) => {
      const types: Record<string, string> = {
        '/doc.pdf': 'application/pdf',
        '/pic': 'image/png',
        '/data': 'application/json',
        '/notes': 'text/plain; charset=windows-1252',
        '/readme': 'text/markdown',
        '/x.xhtml': 'application/xhtml+xml',
      };
      const type = types[req.url!];
      if (type) res.writeHead(200, { 'content-type': type });
      else res.writeHead(200); // no content type
      res.end(req.url === '/pic' ? makePng() : '# Title\n\nText.\n');
    });
    expect((await fetchPage(`${base}/doc.pdf`)).kind).toBe('pdf');
    const png = await failure(fetchPage(`${base}/pic`));
    expect(png.message).toBe(`Could not save ${base}/pic: it is not a web page (content type image/png).`);
    expect((await failure(fetchPage(`${base}/data`))).message).toMatch(/not a web page \(content type application\/json\)/);
    const notes = await fetchPage(`${base}/notes`);
    expect([notes.kind, notes.charset]).toEqual(['text', 'windows-1252']);
    expect((await fetchPage(`${base}/readme`)).kind).toBe('markdown');
    expect((await fetchPage(`${base}/x.xhtml`)).kind).toBe('html');
    expect((await fetchPage(`${base}/untyped`)).kind).toBe('text');
  });

  it('fetchResource returns any type', async () => {
    const base = await serve((_req, res) => res.writeHead(200, { 'content-type': 'image/png' }).end(makePng()));
    const r = await fetchResource(`${base}/i.png`);
    expect(r.contentType).toBe('image/png');
    expect(Array.from(r.bytes.subarray(0, 4))).toEqual([0x89, 0x50, 0x4e, 0x47]);
  });

  it('parses Content-Type', () => {
    expect(parseContentType('Text/HTML; Charset="ISO-8859-1"')).toEqual({ mime: 'text/html', charset: 'windows-1252' });
    expect(parseContentType('text/html; charset=bogus')).toEqual({ mime: 'text/html', charset: null });
    expect(parseContentType(undefined)).toEqual({ mime: null, charset: null });
  });
});

describe('fetchPage: connect timeout', () => {
  it('gives up connecting after connectTimeoutMs (here: a name lookup that never ends)', async () => {
    const started = Date.now();
    const err = await failure(
      fetchPage('http://stuck.example/', { connectTimeoutMs: 200, timeoutMs: 5000, lookup: () => {} }),
    );
    expect(err.code).toBe('network');
    expect(err.message).toBe('Could not download http://stuck.example/: could not connect to stuck.example within 0.2 s.');
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
