/**
 * "Is this page from the internet?" is decided by the address each hop's
 * socket actually connected to. Loopback plays both networks: servers on
 * 127.0.0.2 stand for the internet (the classifier below calls that one
 * address public) and servers on 127.0.0.3 for the user's own network, so
 * nothing leaves this computer even if a refusal failed.
 */
import type { LookupFunction } from 'node:net';
import { describe, expect, it } from 'vitest';
import { Library } from '../../src/main/library';
import { fetchPage } from '../../src/main/web/fetch-page';
import { downloadImages } from '../../src/main/web/images';
import { isPublicAddress } from '../../src/main/web/private-address';
import { savePage } from '../../src/main/web/save-page';
import { tempDir } from '../helpers/tmp';
import { closeServersAfterEach, failure, pngFor, serveOn, type Handler, type LoopbackHost } from './helpers';

closeServersAfterEach();

const INTERNET = '127.0.0.2';
const HOME = '127.0.0.3';
/** The real classifier, except that 127.0.0.2 plays a public host. */
const classify = (ip: string): boolean => ip === INTERNET || isPublicAddress(ip);

type Answer = string | string[];
/** A DNS stand-in: each name answers from its list (one answer per lookup, the last repeating); others are not found. */
function dns(table: Record<string, Answer[]>): LookupFunction {
  const asked = new Map<string, number>();
  return (hostname, options, callback) =>
    process.nextTick(() => {
      const cb = callback as (e: NodeJS.ErrnoException | null, a?: string | { address: string; family: number }[], f?: number) => void;
      const answers = table[hostname];
      if (!answers) return cb(Object.assign(new Error(`ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }));
      const n = asked.get(hostname) ?? 0;
      asked.set(hostname, n + 1);
      const ips = [answers[Math.min(n, answers.length - 1)]!].flat();
      if ((options as { all?: boolean }).all) cb(null, ips.map((address) => ({ address, family: 4 })));
      else cb(null, ips[0], 4);
    });
}

const ARTICLE = (body: string): string =>
  `<!doctype html><html lang="en"><head><title>A test article</title></head><body><article><h1>A test article</h1>${body}` +
  `<p>${'This paragraph holds enough words for Readability to take it as the article body, with commas, and more. '.repeat(6)}</p>` +
  `<p>${'A second paragraph, just as long, so that the content scores well above the threshold we need here. '.repeat(6)}</p>` +
  '</article></body></html>';

const png = (res: Parameters<Handler>[1], key: string): void => void res.writeHead(200, { 'content-type': 'image/png' }).end(pngFor(key));
const redirect = (res: Parameters<Handler>[1], to: string): void => void res.writeHead(302, { location: to }).end();

/** A "private" server that answers every image and page (so a request that got through would succeed). */
function home(port = 0): Promise<LoopbackHost> {
  return serveOn(
    HOME,
    (req, res) => {
      if (req.url!.endsWith('.png')) return png(res, req.url!);
      res.writeHead(200, { 'content-type': 'text/html' }).end(ARTICLE('<p>From the home network.</p>'));
    },
    port,
  );
}

describe('the page fetch decides on the connected address of every hop', () => {
  it('refuses a redirect from a public address to a private one, before connecting', async () => {
    const inside = await home();
    const site = await serveOn(INTERNET, (req, res) => {
      if (req.url === '/literal') return redirect(res, `${inside.origin}/admin`);
      if (req.url === '/named') return redirect(res, `http://router.test:${inside.port}/admin`);
      if (req.url === '/mapped') return redirect(res, `http://[::ffff:${HOME}]:${inside.port}/admin`);
      res.writeHead(404).end();
    });
    const lookup = dns({ 'router.test': [HOME] });

    const literal = await failure(fetchPage(`${site.origin}/literal`, { isPublicAddress: classify, lookup }));
    expect(literal.code).toBe('forbidden');
    expect(literal.message).toBe(
      `Could not download ${site.origin}/literal (redirected to ${inside.origin}/admin): ${HOME}:${inside.port} is on a private network or this computer; a page from the internet may not redirect to it.`,
    );
    const named = await failure(fetchPage(`${site.origin}/named`, { isPublicAddress: classify, lookup }));
    expect(named.message).toMatch(/\(redirected to http:\/\/router\.test:\d+\/admin\): router\.test:\d+ is on a private network/);
    expect((await failure(fetchPage(`${site.origin}/mapped`, { isPublicAddress: classify, lookup }))).code).toBe('forbidden');
    expect([inside.connections, inside.requests]).toEqual([0, []]);
    expect(site.requests).toEqual(['/literal', '/named', '/mapped']);
  });

  it('checks the socket’s address itself, whatever the lookup was told', async () => {
    const inside = await home();
    const site = await serveOn(INTERNET, (_req, res) => redirect(res, `http://flip.test:${inside.port}/admin`));
    // Time of check, time of use: the first verdict on 127.0.0.3 (the lookup's) says public, later ones private.
    let verdicts = 0;
    const flipping = (ip: string): boolean => (ip === HOME ? verdicts++ === 0 : classify(ip));
    const err = await failure(fetchPage(`${site.origin}/`, { isPublicAddress: flipping, lookup: dns({ 'flip.test': [HOME] }) }));
    expect(err.code).toBe('forbidden');
    expect(verdicts).toBe(2);
    // The connection was made and dropped before the request was written.
    expect(inside.connections).toBe(1);
    expect(inside.requests).toEqual([]);
  });

  it('reports each hop’s address; once a hop is public the rest must be', async () => {
    const site = await serveOn(INTERNET, (req, res) => {
      if (req.url === '/out') return redirect(res, `http://${HOME}:${inside.port}/back`);
      res.writeHead(200, { 'content-type': 'text/plain' }).end('public page');
    });
    const inside = await serveOn(HOME, (req, res) => {
      if (req.url === '/shortlink') return redirect(res, `${site.origin}/article`);
      if (req.url === '/bounce') return redirect(res, `${site.origin}/out`);
      if (req.url === '/moved') return redirect(res, `http://nas.test:${inside.port}/page`);
      res.writeHead(200, { 'content-type': 'text/plain' }).end('home page');
    });
    const lookup = dns({ 'nas.test': [HOME] });

    // A private page (the user's NAS) may redirect within the home network: not from the internet.
    const nas = await fetchPage(`${inside.origin}/moved`, { isPublicAddress: classify, lookup });
    expect(nas.hops).toEqual([
      { url: `${inside.origin}/moved`, address: HOME, public: false },
      { url: `http://nas.test:${inside.port}/page`, address: HOME, public: false },
    ]);
    expect(nas.fromInternet).toBe(false);

    // A private link leading out to the internet: the page is from the internet.
    const out = await fetchPage(`${inside.origin}/shortlink`, { isPublicAddress: classify });
    expect(out.hops.map((h) => [h.address, h.public])).toEqual([[HOME, false], [INTERNET, true]]);
    expect(out.fromInternet).toBe(true);

    // …and from there it may not come back in.
    const back = await failure(fetchPage(`${inside.origin}/bounce`, { isPublicAddress: classify }));
    expect(back.code).toBe('forbidden');
    expect(inside.requests).toEqual(['/moved', '/page', '/shortlink', '/bounce']);
  });
});

describe('a saved page’s images follow the page’s network', () => {
  it('a public page cannot load an image from a private host, however it is reached', async () => {
    const inside = await home();
    const site = await serveOn(INTERNET, (req, res) => {
      if (req.url === '/post') {
        return res.writeHead(200, { 'content-type': 'text/html' }).end(
          ARTICLE(
            '<p><img src="/ok.png" alt="Kept"></p>' +
              `<p><img src="${inside.origin}/literal.png" alt="Literal"></p>` +
              `<p><img src="http://[::ffff:${HOME}]:${inside.port}/mapped.png" alt="Mapped"></p>` +
              `<p><img src="http://nas.test:${inside.port}/named.png" alt="Named"></p>` +
              `<p><img src="http://cdn.test:${site.port}/bounce.png" alt="Bounced"></p>`,
          ),
        );
      }
      if (req.url === '/bounce.png') return redirect(res, `${inside.origin}/via-redirect.png`);
      if (req.url === '/ok.png') return png(res, 'ok');
      res.writeHead(404).end();
    });
    const saved = await savePage(`${site.origin}/post`, { isPublicAddress: classify, lookup: dns({ 'nas.test': [HOME], 'cdn.test': [INTERNET] }) });
    expect(saved.fromInternet).toBe(true);
    expect(saved.assets.map((a) => a.sourceUrl)).toEqual([`${site.origin}/ok.png`]);
    expect(saved.failedImages).toHaveLength(4);
    for (const f of saved.failedImages) expect(f.reason, f.url).toMatch(/is on a private network or this computer; a page from the internet may not (load|redirect to) it\.$/);
    expect([inside.connections, inside.requests]).toEqual([0, []]);
  });

  it('a rebinding DNS cannot turn a public page private, whether it answers private later or alongside', async () => {
    const site = await serveOn(INTERNET, (req, res) => {
      if (req.url === '/post') return res.writeHead(200, { 'content-type': 'text/html' }).end(ARTICLE('<p><img src="/secret.png" alt="Secret"></p>'));
      res.writeHead(404).end();
    });
    // The same port on the home address: the image URL names the page's own host.
    const inside = await home(site.port);
    const lookup = dns({
      'later.test': [INTERNET, HOME], // public for the page, private from then on
      'alongside.test': [[INTERNET, HOME]], // both at once, public first
    });
    for (const name of ['later.test', 'alongside.test']) {
      const saved = await savePage(`http://${name}:${site.port}/post`, { isPublicAddress: classify, lookup });
      expect([name, saved.fromInternet, saved.assets]).toEqual([name, true, []]);
      expect(saved.failedImages.map((f) => f.reason)).toEqual([expect.stringMatching(/is on a private network or this computer/)]);
      expect(saved.article.html).toContain('<span class="image-missing">Secret</span>');
    }
    expect(site.requests).toEqual(['/post', '/post']);
    expect([inside.connections, inside.requests]).toEqual([0, []]);
  });

  it('a page saved from the home network keeps its images, from home and from the internet', async () => {
    const site = await serveOn(INTERNET, (req, res) => png(res, req.url!));
    const inside = await serveOn(HOME, (req, res) => {
      if (req.url === '/wiki') {
        return res.writeHead(200, { 'content-type': 'text/html' }).end(
          ARTICLE(
            '<p><img src="/diagram.png" alt="Diagram"></p>' +
              `<p><img src="http://nas.test:${inside.port}/photo.png" alt="Photo"></p>` +
              `<p><img src="${site.origin}/logo.png" alt="Logo"></p>`,
          ),
        );
      }
      png(res, req.url!);
    });
    const saved = await savePage(`${inside.origin}/wiki`, { isPublicAddress: classify, lookup: dns({ 'nas.test': [HOME] }) });
    expect(saved.fromInternet).toBe(false);
    expect(saved.failedImages).toEqual([]);
    expect(saved.assets).toHaveLength(3);
    expect(inside.requests).toEqual(['/wiki', '/diagram.png', '/photo.png']);
  });

  it('an image on a public host may not redirect to a private one, even for a private page', async () => {
    const inside = await home();
    const cdn = await serveOn(INTERNET, (_req, res) => redirect(res, `${inside.origin}/x.png`));
    const { images, failed } = await downloadImages([`${cdn.origin}/a.png`], { isPublicAddress: classify });
    expect(images.size).toBe(0);
    expect(failed[0]!.reason).toMatch(/redirected to .*: 127\.0\.0\.3:\d+ is on a private network/);
    expect(inside.connections).toBe(0);
  });
});

describe('every entry point follows the rule', () => {
  it('a URL list entry that redirects into the home network fails alone; the others are saved', async () => {
    const inside = await home();
    const site = await serveOn(INTERNET, (req, res) => {
      if (req.url === '/bounce') return redirect(res, `${inside.origin}/admin`);
      res.writeHead(200, { 'content-type': 'text/html' }).end(ARTICLE(`<p>Article at ${req.url}.</p>`));
    });
    const library = Library.open(tempDir());
    try {
      const list = library.parseUrlList('list.txt', new TextEncoder().encode(`${site.origin}/one\n${site.origin}/bounce\n${inside.origin}/nas-page\n`));
      const outcomes: string[] = [];
      for (const entry of list.entries) {
        try {
          const result = await library.saveUrl(entry.url, { fetch: { isPublicAddress: classify } });
          outcomes.push(result.status);
        } catch (err) {
          outcomes.push(`${(err as { code?: string }).code}: ${(err as Error).message}`);
        }
      }
      expect(outcomes).toEqual([
        'imported',
        `forbidden: Could not download ${site.origin}/bounce (redirected to ${inside.origin}/admin): ${HOME}:${inside.port} is on a private network or this computer; a page from the internet may not redirect to it.`,
        'imported', // the user's own choice of a home-network page
      ]);
      expect(library.listArticles()).toHaveLength(2);
      expect(inside.requests).toEqual(['/nas-page']);
    } finally {
      library.close();
    }
  });

  it('gloss update <id> <url> (updateArticleFromUrl) downloads through the same guard', async () => {
    const inside = await home();
    const site = await serveOn(INTERNET, (_req, res) => redirect(res, `${inside.origin}/notes.html`));
    const library = Library.open(tempDir());
    try {
      const { id } = library.importFile({ fileName: 'notes.txt', bytes: new TextEncoder().encode('Notes\n\nOld text.\n') }, 'new').article;
      const err = await failure(library.updateArticleFromUrl(id, `${site.origin}/notes.html`, { isPublicAddress: classify }));
      expect(err.code).toBe('forbidden');
      expect(inside.connections).toBe(0);
      expect(library.articles.version(id)).toBe(1);
      // From the home network itself, it downloads.
      await library.updateArticleFromUrl(id, `${inside.origin}/notes.html`, { isPublicAddress: classify });
      expect(library.getArticle(id).text).toContain('From the home network.');
    } finally {
      library.close();
    }
  });
});
