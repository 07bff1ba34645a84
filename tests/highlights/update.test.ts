import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Library } from '../../src/main/library';
import { GlossError } from '../../src/shared/errors';
import type { ImportResult } from '../../src/shared/types';
import { SEED, tempDir } from '../helpers/tmp';
import { FIRST, INSERTED, SECOND, SECOND_EDITED, THIRD, editedSeed, writeEditedSeed } from './seed';

const seedInput = () => ({ fileName: SEED, bytes: readFileSync(SEED) });
const editedInput = () => ({ fileName: writeEditedSeed(tempDir()), bytes: new TextEncoder().encode(editedSeed()) });

function imported(result: ImportResult) {
  if (result.status !== 'imported') throw new Error(`expected a new article, got ${result.status}`);
  return result.article;
}

/** The seed, imported, with highlights on three sentences (and a deleted fourth). */
function seeded() {
  const library = Library.open(tempDir());
  const article = imported(library.importFile(seedInput()));
  const text = library.getArticle(article.id).text;
  const make = (sentence: string, color: 'yellow' | 'green' | 'blue', note: string) => {
    const start = text.indexOf(sentence);
    expect(start, sentence).toBeGreaterThan(-1);
    return library.createHighlight({
      articleId: article.id,
      quote: { exact: sentence, prefix: text.slice(Math.max(0, start - 32), start), suffix: text.slice(start + sentence.length, start + sentence.length + 32) },
      position: { start, end: start + sentence.length },
      color,
      note,
    });
  };
  const first = make(FIRST, 'yellow', 'organisms');
  const second = make(SECOND, 'green', 'balance');
  const third = make(THIRD, 'blue', 'nutrients');
  return { library, article, text, first, second, third, make };
}

describe('updating an article in place', () => {
  it('keeps the old text, re-anchors highlights and reports exact/moved/orphaned', () => {
    const { library, article, text, first, second, third } = seeded();
    const { article: after, report } = library.updateArticle(article.id, editedInput());

    expect(report).toMatchObject({ exact: 0, moved: 2, orphaned: 1, orphanedIds: [third.id] });
    expect([...report.movedIds].sort()).toEqual([first.id, second.id].sort());
    expect(after).toMatchObject({ id: article.id, addedAt: article.addedAt, highlightCount: 3 });

    const newText = library.getArticle(article.id).text;
    expect(newText).toContain(INSERTED.trim());
    expect(newText).not.toContain(THIRD);

    const list = library.listHighlights(article.id);
    expect(list.map((h) => [h.id, h.anchor])).toEqual([
      [first.id, 'moved'],
      [second.id, 'moved'],
      [third.id, 'orphaned'],
    ]);
    const [h1, h2, h3] = list;
    // Placed highlights cover the expected words of the new text, with selectors describing it.
    expect(newText.slice(h1!.position.start, h1!.position.end)).toBe(FIRST);
    expect(h1!.position.start).toBe(first.position.start + INSERTED.length);
    expect(newText.slice(h2!.position.start, h2!.position.end)).toBe(SECOND_EDITED);
    expect(h2!.quote.exact).toBe(SECOND_EDITED);
    expect(newText.endsWith(h2!.quote.suffix, h2!.position.end + h2!.quote.suffix.length)).toBe(true);
    expect(newText.slice(h2!.position.start - h2!.quote.prefix.length, h2!.position.start)).toBe(h2!.quote.prefix);
    // The orphaned one keeps its old selectors and note; it is never deleted.
    expect(h3).toMatchObject({ quote: third.quote, position: third.position, note: 'nutrients', color: 'blue' });

    // The previous text is kept as version 1; the article is now version 2.
    const versions = library.db.prepare('SELECT version, text FROM article_versions').all();
    expect(versions).toEqual([{ version: 1, text }]);
    expect(library.articles.version(article.id)).toBe(2);

    expect(library.getAnchoringReport(article.id)).toEqual(report);
    library.close();
  });

  it('places exact highlights exactly, and re-anchors deleted ones so that undo puts them back right', () => {
    const { library, article, make } = seeded();
    const title = make('The Gut-Skin Axis: A Two-Way Street', 'yellow', '');
    const later = make('Chronic stress can disrupt the gut microbiome.', 'green', '');
    library.deleteHighlight(later.id);
    const { report } = library.updateArticle(article.id, editedInput());
    // The heading comes after the inserted sentence, so it moved too.
    expect(report.orphaned).toBe(1);
    expect(report.moved).toBe(3);
    expect(report.movedIds).toContain(title.id);
    expect(report.movedIds).not.toContain(later.id); // deleted ones are not reported

    const restored = library.restoreHighlight(later.id);
    const newText = library.getArticle(article.id).text;
    expect(newText.slice(restored.position.start, restored.position.end)).toBe('Chronic stress can disrupt the gut microbiome.');
    expect(restored.position.start).toBeLessThan(later.position.start);
    library.close();
  });

  it('reports exact when the text before a highlight did not change, and brings back an orphan that reappears', () => {
    const { library, article, first, second, third } = seeded();
    const original = readFileSync(SEED, 'utf8');
    const appended = original.replace('Remember, beautiful skin starts from the inside out.', 'Remember, beautiful skin starts from the inside out. Really.');
    expect(appended).not.toBe(original);
    const { report } = library.updateArticle(article.id, { fileName: 'x.txt', bytes: new TextEncoder().encode(appended) });
    expect(report).toMatchObject({ exact: 3, moved: 0, orphaned: 0 });

    library.updateArticle(article.id, editedInput());
    expect(library.listHighlights(article.id).find((h) => h.id === third.id)?.anchor).toBe('orphaned');
    const back = library.updateArticle(article.id, seedInput()).report;
    expect(back).toMatchObject({ exact: 1, moved: 2, orphaned: 0 });
    const list = library.listHighlights(article.id);
    // The orphan kept its old selectors, which hold again in the old text: exact, and listed in place again.
    expect(list.map((h) => h.id)).toEqual([first.id, second.id, third.id]);
    expect(list.find((h) => h.id === third.id)).toMatchObject({ anchor: 'exact', quote: third.quote, position: third.position });
    expect(list.find((h) => h.id === first.id)).toMatchObject({ anchor: 'moved', position: first.position });
    expect(list.find((h) => h.id === second.id)).toMatchObject({ anchor: 'moved', quote: { exact: SECOND } });
    expect(library.db.prepare('SELECT count(*) FROM article_versions').pluck().get()).toBe(3);
    library.close();
  });

  it('changes nothing when the new version cannot be imported, or the article is unknown', () => {
    const { library, article, first } = seeded();
    let error: unknown;
    try {
      library.updateArticle(article.id, { fileName: 'x.pdf', bytes: new Uint8Array([1, 2, 3]) });
    } catch (err) {
      error = err;
    }
    expect((error as GlossError).code).toBe('unsupported_format');
    expect(library.getArticle(article.id).text).toContain(THIRD);
    expect(library.listHighlights(article.id)[0]).toEqual(first);
    expect(library.getAnchoringReport(article.id)).toBeNull();
    expect(library.db.prepare('SELECT count(*) FROM article_versions').pluck().get()).toBe(0);

    expect(() => library.updateArticle('nosucharticle', seedInput())).toThrow(GlossError);
    expect(() => library.getAnchoringReport('nosucharticle')).toThrow(/No article/);
    library.close();
  });
});

describe('importing a file again', () => {
  it("'ask' answers duplicate and stores nothing; 'update' updates in place; 'new' adds a copy", () => {
    const { library, article, second } = seeded();
    const dir = tempDir();
    const edited = { fileName: writeEditedSeed(dir), bytes: new TextEncoder().encode(editedSeed()) };

    const asked = library.importFile(edited);
    expect(asked.status).toBe('duplicate');
    if (asked.status !== 'duplicate') return;
    expect(asked.existing.id).toBe(article.id);
    expect(asked.article).toMatchObject({ id: '', title: article.title, highlightCount: 0 });
    expect(library.listArticles()).toHaveLength(1);
    expect(library.getArticle(article.id).text).not.toContain(INSERTED.trim());

    const updated = library.importFile(edited, 'update');
    expect(updated.status).toBe('updated');
    if (updated.status !== 'updated') return;
    expect(updated.article.id).toBe(article.id);
    expect(updated.report).toMatchObject({ moved: 2, orphaned: 1 });
    expect(library.listHighlights(article.id).find((h) => h.id === second.id)?.quote.exact).toBe(SECOND_EDITED);
    expect(library.listArticles()).toHaveLength(1);

    const copy = library.importFile(edited, 'new');
    expect(copy.status).toBe('imported');
    expect(library.listArticles()).toHaveLength(2);
    library.close();
  });

  it("imports a file from another source as new even in 'ask' and 'update' modes", () => {
    const library = Library.open(tempDir());
    imported(library.importFile(seedInput()));
    const other = new TextEncoder().encode('Another Title\n\nSomething else entirely.\n');
    expect(library.importFile({ fileName: join('x', basename()), bytes: other }).status).toBe('imported');
    expect(library.importFile({ fileName: 'different.txt', bytes: readFileSync(SEED) }, 'update').status).toBe('imported');
    expect(library.listArticles()).toHaveLength(3);
    library.close();
  });
});

function basename(): string {
  return SEED.split('/').pop()!;
}
