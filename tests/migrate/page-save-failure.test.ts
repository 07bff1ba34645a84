/**
 * A highlights-only entry waiting for its page (Pocket here; Instapaper and
 * Hypothesis use the same rule) keeps why its page could not be saved, and
 * when: shown on the entry and by `gloss show`, replaced by a later failure,
 * gone once the page is saved.
 */
import { expect, it } from 'vitest';
import { Library } from '../../src/main/library';
import { failureReason } from '../../src/main/migrate/waiting';
import { gloss } from '../helpers/cli';
import { tempDir } from '../helpers/tmp';
import { closeServersAfterEach, serve } from '../web/helpers';
import { pageHtml, pocketCsv, pocketZip } from './web-exports';

closeServersAfterEach();

const T2023 = 1700000000;

function exportFor(origin: string): Uint8Array {
  return pocketZip({
    'part_000000.csv': pocketCsv([
      { title: 'Gone', url: `${origin}/gone`, timeAdded: T2023, tags: [], status: 'unread' },
      { title: 'Kept', url: `${origin}/kept`, timeAdded: T2023, tags: [], status: 'unread' },
    ]),
    'annotations/part_000000.json': JSON.stringify([
      { url: `${origin}/gone`, title: 'Gone', highlights: [{ quote: 'Words that come back later.', created_at: T2023 }] },
      { url: `${origin}/kept`, title: 'Kept', highlights: [{ quote: 'Another page entirely.', created_at: T2023 }] },
    ]),
  });
}

it('a failed save is kept on the waiting entry (reason and time), replaced by the next failure, and gone when the page is saved', async () => {
  // /gone answers `status` (404 first), then the page once it is set.
  let status = 404;
  let page: string | null = null;
  const origin = await serve((req, res) => {
    if (req.url === '/gone' && page) res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
    else res.writeHead(req.url === '/gone' ? status : 404, { 'content-type': 'text/plain' }).end('no');
  });
  const web = { origin };
  const dir = tempDir();
  const library = Library.open(dir);
  try {
    const result = library.importFile({ fileName: 'pocket.zip', bytes: exportFor(web.origin) });
    if (result.status !== 'highlights') throw new Error(result.status);
    const [goneId, keptId] = result.report.articleIds;
    expect(library.getArticle(goneId!)).not.toHaveProperty('pageSaveFailure');

    const before = Date.now();
    await expect(library.saveUrl(`${web.origin}/gone`, { mode: 'ask' })).rejects.toThrow(/404 Not Found/);
    const failed = library.getArticle(goneId!).pageSaveFailure;
    expect(failed).toEqual({ reason: 'the server answered 404 Not Found.', failedAt: expect.any(String) as unknown as string });
    expect(Date.parse(failed!.failedAt)).toBeGreaterThanOrEqual(before - 1000);
    // Only the entry waiting for that page.
    expect(library.getArticle(keptId!)).not.toHaveProperty('pageSaveFailure');

    // `gloss show` prints it (--json prints the article as getArticle answers it, failure included).
    library.close();
    const shown = await gloss('show', goneId!, '--library', dir);
    expect(shown.out).toContain(`Page not saved: the server answered 404 Not Found. (${failed!.failedAt})`);
    const reopened = Library.open(dir);
    try {
      // A later failure replaces the earlier one (here the address as the entry has it, with a fragment).
      status = 503;
      await expect(reopened.saveUrl(`${web.origin}/gone#section`, { mode: 'ask' })).rejects.toThrow(/503/);
      const again = reopened.getArticle(goneId!).pageSaveFailure;
      expect(again?.reason).toBe('the server answered 503 Service Unavailable.');
      expect(again!.failedAt >= failed!.failedAt).toBe(true);

      // The page comes back: saved, the entry becomes the document, the failure is gone with it.
      page = pageHtml('Gone', ['Words that come back later.', 'A second paragraph long enough for the reader to keep.']);
      const saved = await reopened.saveUrl(`${web.origin}/gone`, { mode: 'ask' });
      if (saved.status !== 'imported') throw new Error(saved.status);
      expect(() => reopened.getArticle(goneId!)).toThrow(/No article/);
      expect(reopened.listHighlights(saved.article.id).map((h) => [h.quote.exact, h.anchor])).toEqual([['Words that come back later.', 'exact']]);
      expect(reopened.getArticle(saved.article.id)).not.toHaveProperty('pageSaveFailure');
      expect(reopened.db.prepare(`SELECT count(*) FROM page_save_failures`).pluck().get()).toBe(0);
    } finally {
      reopened.close();
    }
  } finally {
    if (library.db.open) library.close();
  }
});

it('the reason leaves out the address (and a redirect), keeping the words that say why', () => {
  expect(failureReason('Could not download https://a.example/x: the server answered 410 Gone.')).toBe('the server answered 410 Gone.');
  expect(failureReason('Could not download https://a.example/x (redirected to https://b.example/y): too many redirects (more than 10).')).toBe(
    'too many redirects (more than 10).',
  );
  expect(failureReason('Could not save https://a.example/x: it is not a web page (content type image/png).')).toBe('it is not a web page (content type image/png).');
  expect(failureReason('Something else entirely.')).toBe('Something else entirely.');
});
