/** Saving a URL that serves a PDF: imported as a PDF with its file, through the same download guards. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { Library } from '../../src/main/library';
import { tempDir } from '../helpers/tmp';
import { makePdf } from './make-pdf';

const servers: Server[] = [];
const libraries: Library[] = [];
afterEach(async () => {
  for (const l of libraries.splice(0)) l.close();
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function serve(routes: Record<string, { type: string; body: Uint8Array }>): Promise<string> {
  const server = createServer((req, res) => {
    const route = routes[req.url ?? ''];
    if (!route) return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': route.type, 'content-length': route.body.length }).end(Buffer.from(route.body));
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

it('saves a URL serving application/pdf as a PDF article, and finds it again by its URL', async () => {
  const bytes = await makePdf([{ lines: ['A paper served over HTTP.'] }, { lines: ['Its second page.'] }], { title: 'Served Paper' });
  const base = await serve({ '/papers/served.pdf': { type: 'application/pdf', body: bytes } });
  const library = Library.open(tempDir());
  libraries.push(library);
  const result = await library.saveUrl(`${base}/papers/served.pdf`);
  expect(result.status).toBe('imported');
  const id = result.status === 'imported' ? result.article.id : '';
  const article = library.getArticle(id);
  expect([article.format, article.title, article.sourceUrl]).toEqual(['pdf', 'Served Paper', `${base}/papers/served.pdf`]);
  expect(article.pdf).toMatchObject({ pageCount: 2, hasText: true });
  expect(Buffer.from(library.getPdfFile(id).bytes).equals(Buffer.from(bytes))).toBe(true);
  expect((await library.saveUrl(`${base}/papers/served.pdf`)).status).toBe('duplicate');
});

it('keeps the download cap: a PDF above the caller\'s limit is refused before it is stored', async () => {
  const bytes = await makePdf([{ lines: ['Too big for this test.'] }]);
  const base = await serve({ '/big.pdf': { type: 'application/pdf', body: bytes } });
  const library = Library.open(tempDir());
  libraries.push(library);
  await expect(library.saveUrl(`${base}/big.pdf`, { fetch: { maxBytes: 100 } })).rejects.toMatchObject({ code: 'too_large' });
  expect(library.listArticles()).toHaveLength(0);
});
