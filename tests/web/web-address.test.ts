/**
 * A web address typed without `https://` (`example.com/page`,
 * `www.example.com`): one rule decides what is an address, and saving one
 * tries https first, then http when https cannot connect.
 */
import type { LookupFunction } from 'node:net';
import { describe, expect, it } from 'vitest';
import { Library } from '../../src/main/library';
import { savePage } from '../../src/main/web/save-page';
import { addressCandidates, normalizeTypedAddress, readWebAddress } from '../../src/main/web/url';
import { parseUrlList } from '../../src/main/web/url-lists';
import { tempDir } from '../helpers/tmp';
import { closeServersAfterEach, failure, serveOn } from './helpers';

closeServersAfterEach();

const ARTICLE =
  '<!doctype html><html><head><title>Typed without a scheme</title></head><body><article><h1>Typed without a scheme</h1>' +
  `<p>${'Words about the garden and its soil, with commas, and more words to read. '.repeat(12)}</p></article></body></html>`;

describe('what looks like a web address', () => {
  it('takes http(s) URLs and host names with a dot, not file paths or file names', () => {
    const yes: [string, string][] = [
      ['https://example.com/a', 'https://example.com/a'],
      ['http://example.com', 'http://example.com'],
      ['example.com/page', 'https://example.com/page'],
      ['www.example.com', 'https://www.example.com'],
      ['  <sub.example.co.uk/a?b=c#d>  ', 'https://sub.example.co.uk/a?b=c#d'],
      ['localhost:8080/x', 'https://localhost:8080/x'],
      ['127.0.0.1:3000/page', 'https://127.0.0.1:3000/page'],
      ['example.com/notes.md', 'https://example.com/notes.md'],
      ['www.notes.md', 'https://www.notes.md'],
    ];
    for (const [text, url] of yes) expect(readWebAddress(text)?.url, text).toBe(url);
    expect(readWebAddress('example.com/page')?.fallbackUrl).toBe('http://example.com/page');
    expect(readWebAddress('https://example.com/a')?.fallbackUrl).toBeNull();

    const no = [
      '', 'notes.md', 'My Notes.txt', 'page.html', 'list.csv', './example.com/a', '../a.html', '/home/me/a.md',
      '~/example.com', 'C:\\pages\\a.html', 'docs/notes.md', 'v1.2', 'hello world.com', 'mailto:me@example.com',
      'file:///etc/passwd', 'ftp://example.com', 'https://', 'example', 'javascript:alert(1)', 'example.com\\a',
    ];
    for (const text of no) expect(readWebAddress(text), text).toBeNull();
  });

  it('normalizes both forms, https first; URL lists keep the address without a scheme', () => {
    expect(addressCandidates('EXAMPLE.com/a?utm_source=x#top')).toEqual(['https://example.com/a', 'http://example.com/a']);
    expect(addressCandidates('https://example.com/a#top')).toEqual(['https://example.com/a']);
    expect(normalizeTypedAddress('Example.com/a?utm_medium=mail')).toBe('example.com/a');
    const invalid: unknown[] = [];
    const entries = parseUrlList('example.com/a Garden notes\nwww.example.org\nhttps://example.com/b\nnot-an-address\n', (i) => invalid.push(i));
    expect(entries.map((e) => e.url)).toEqual(['example.com/a', 'www.example.org/', 'https://example.com/b']);
    expect(entries[0]!.title).toBe('Garden notes');
    expect(invalid).toHaveLength(1);
  });
});

describe('saving an address typed without a scheme', () => {
  it('falls back to http when https cannot connect, and finds it again under either form', async () => {
    const site = await serveOn('127.0.0.1', (_req, res) => void res.writeHead(200, { 'content-type': 'text/html' }).end(ARTICLE));
    const saved = await savePage(`127.0.0.1:${site.port}/typed`);
    expect(saved.finalUrl).toBe(`http://127.0.0.1:${site.port}/typed`);
    expect(saved.requestedUrl).toBe(`http://127.0.0.1:${site.port}/typed`);
    expect(site.connections).toBe(2); // the TLS hello, then http
    expect(site.requests).toEqual(['/typed']);

    const library = Library.open(tempDir());
    try {
      const first = await library.saveUrl(`127.0.0.1:${site.port}/typed`);
      expect(first.status).toBe('imported');
      const again = await library.saveUrl(`127.0.0.1:${site.port}/typed#part`);
      expect(again.status).toBe('duplicate');
      expect(site.requests).toHaveLength(2); // recognised before fetching
    } finally {
      library.close();
    }
  });

  it('does not fall back for an address typed with https://', async () => {
    const site = await serveOn('127.0.0.1', (_req, res) => void res.writeHead(200, { 'content-type': 'text/html' }).end(ARTICLE));
    const err = await failure(savePage(`https://127.0.0.1:${site.port}/typed`));
    expect(err.code).toBe('network');
    expect(err.message).toMatch(/secure \(TLS\) connection/);
    expect(site.requests).toEqual([]);
  });

  it('does not fall back when the host is not found (http would not find it either)', async () => {
    let lookups = 0;
    const lookup: LookupFunction = (hostname, _options, callback) => {
      lookups++;
      process.nextTick(() => (callback as (e: NodeJS.ErrnoException) => void)(Object.assign(new Error(`ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' })));
    };
    const err = await failure(savePage('garden.test/page', { lookup }));
    expect(err.message).toBe('Could not download https://garden.test/page: could not find the server host “garden.test”.');
    expect(lookups).toBe(1);
  });
});
