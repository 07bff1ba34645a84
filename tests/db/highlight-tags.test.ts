/**
 * Tags on highlights (migration 10): one vocabulary with article tags, the
 * `#tag` words leading a note, the store functions the Highlights view
 * uses (ids by tag, tags with counts), and the contract's methods.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../src/main/api/dispatch';
import { createHandlers } from '../../src/main/api/handlers';
import { highlightQueriesOf } from '../../src/main/highlights/query';
import { Library } from '../../src/main/library';
import type { Envelope } from '../../src/shared/errors';
import { splitNoteTags } from '../../src/shared/note-tags';
import { sampleArticle } from '../helpers/articles';
import { tempDir } from '../helpers/tmp';

// 'Tending a garden\n\nSoil first, then seeds.'
const TEXT = sampleArticle().text;

function span(phrase: string) {
  const start = TEXT.indexOf(phrase);
  return {
    quote: { exact: phrase, prefix: TEXT.slice(Math.max(0, start - 32), start), suffix: TEXT.slice(start + phrase.length, start + phrase.length + 32) },
    position: { start, end: start + phrase.length },
  };
}

const libraries: Library[] = [];
afterEach(() => {
  for (const library of libraries.splice(0)) library.close();
});

function setup() {
  const library = Library.open(tempDir());
  libraries.push(library);
  const article = library.articles.insert(sampleArticle({}, ['Garden']));
  const soil = library.createHighlight({ articleId: article.id, ...span('Soil'), color: 'yellow' });
  const seeds = library.createHighlight({ articleId: article.id, ...span('seeds'), color: 'green' });
  return { library, article, soil, seeds };
}

function value<T>(envelope: Envelope<T>): T {
  if (!envelope.ok) throw new Error(`${envelope.error.code}: ${envelope.error.message}`);
  return envelope.value;
}

describe('splitNoteTags (the #tag rule)', () => {
  it.each([
    ['#idea why this matters', ['idea'], 'why this matters'],
    ['  #idea #later\n\nText', ['idea', 'later'], 'Text'],
    ['#idea ', ['idea'], ''],
    ['#Ärger #to-do/next\tok', ['Ärger', 'to-do/next'], 'ok'],
  ])('%j becomes tags %j and note %j', (note, tags, rest) => {
    expect(splitNoteTags(note)).toEqual({ note: rest, tags });
  });

  it.each([
    // Still being typed (the note autosaves), a heading, a number, a word after text, too long for a tag.
    '#ide',
    '# Heading\n\ntext',
    '#1 rule',
    'see #idea later',
    `#${'x'.repeat(65)} text`,
    '#idea, then',
  ])('leaves %j as it is', (note) => {
    expect(splitNoteTags(note)).toEqual({ note, tags: [] });
  });
});

describe('highlight tags in the store', () => {
  it('sets, adds and removes tags, one vocabulary with article tags (case-insensitive, first spelling kept)', () => {
    const { library, article, soil, seeds } = setup();
    expect(library.getArticle(article.id).tags).toEqual(['Garden']);
    expect(library.setHighlightTags(soil.id, ['garden', 'Soil care', 'soil CARE'])).toEqual(['Garden', 'Soil care']);
    expect(library.highlights.get(soil.id)?.tags).toEqual(['Garden', 'Soil care']);
    library.tagHighlights([soil.id, seeds.id], ['later']);
    expect(library.listHighlights(article.id).map((h) => [h.id, h.tags])).toEqual([
      [soil.id, ['Garden', 'later', 'Soil care']],
      [seeds.id, ['later']],
    ]);
    library.untagHighlights([soil.id], ['LATER', 'never-there']);
    expect(library.highlights.get(soil.id)?.tags).toEqual(['Garden', 'Soil care']);
    // Article tags are untouched by highlight tags, and the other way round.
    expect(library.getArticle(article.id).tags).toEqual(['Garden']);
    expect(library.listTags()).toEqual([{ name: 'Garden', count: 1 }]);
    // All or nothing: an unknown highlight refuses the whole call.
    expect(() => library.tagHighlights([seeds.id, 'nosuchhighlight'], ['x'])).toThrow(/No highlight/);
    expect(library.highlights.get(seeds.id)?.tags).toEqual(['later']);
    expect(() => library.setHighlightTags(soil.id, ['a,b'])).toThrow(/commas/);
  });

  it('lists tags with counts and highlight ids by tag (live highlights only; deleted ones get theirs back on undo)', () => {
    const { library, soil, seeds } = setup();
    library.tagHighlights([soil.id, seeds.id], ['idea']);
    library.tagHighlights([seeds.id], ['Later']);
    const store = library.highlightTags;
    expect(store.listHighlightTags()).toEqual([
      { name: 'idea', count: 2 },
      { name: 'Later', count: 1 },
    ]);
    expect(new Set(store.highlightIdsByTag('IDEA'))).toEqual(new Set([soil.id, seeds.id]));
    expect(store.highlightIdsByTag('nothing')).toEqual([]);
    library.deleteHighlight(seeds.id);
    expect(store.listHighlightTags()).toEqual([{ name: 'idea', count: 1 }]);
    expect(store.highlightIdsByTag('idea')).toEqual([soil.id]);
    expect(library.restoreHighlight(seeds.id).tags).toEqual(['idea', 'Later']);
  });

  it('answers the tags of many highlights at once, grouped by highlight: the article\'s list and the Highlights view agree', () => {
    const { library, article, soil, seeds } = setup();
    const untagged = library.createHighlight({ articleId: article.id, ...span('Tending'), color: 'blue' });
    library.setHighlightTags(soil.id, ['b-tag', 'A-tag']);
    library.setHighlightTags(seeds.id, ['c-tag']);
    const seqOf = (id: string) => library.db.prepare('SELECT seq FROM highlights WHERE id = ?').pluck().get(id) as number;
    const store = library.highlightTags;
    expect(store.tagsOfSeqs([seqOf(seeds.id), seqOf(soil.id), seqOf(untagged.id), 999_999])).toEqual(
      new Map([
        [seqOf(soil.id), ['A-tag', 'b-tag']],
        [seqOf(seeds.id), ['c-tag']],
      ]),
    );
    expect(store.tagsOfSeqs([])).toEqual(new Map());
    const listed = Object.fromEntries(library.listHighlights(article.id).map((h) => [h.id, h.tags]));
    const paged = Object.fromEntries(highlightQueriesOf(library.db).page({}).items.map((h) => [h.id, h.tags]));
    expect(listed).toEqual({ [soil.id]: ['A-tag', 'b-tag'], [seeds.id]: ['c-tag'], [untagged.id]: [] });
    expect(paged).toEqual(listed);
  });

  it('takes #tag words leading a note as tags when a highlight is created or its note saved', () => {
    const { library, article, soil } = setup();
    const h = library.createHighlight({ articleId: article.id, ...span('Tending'), color: 'blue', note: '#idea #Garden the start' });
    expect(h).toMatchObject({ note: 'the start', tags: ['Garden', 'idea'] });
    // Typed a word at a time: "#ide" stays text until a space follows it.
    expect(library.updateHighlight(soil.id, { note: '#ide' })).toMatchObject({ note: '#ide', tags: [] });
    expect(library.updateHighlight(soil.id, { note: '#idea ' })).toMatchObject({ note: '', tags: ['idea'] });
    expect(library.updateHighlight(soil.id, { note: '#idea note' })).toMatchObject({ note: 'note', tags: ['idea'] });
    // Adds, never removes: a note without tags keeps the tags.
    expect(library.updateHighlight(soil.id, { note: 'plain' })).toMatchObject({ note: 'plain', tags: ['idea'] });
    // The search index holds the note as stored (without the tag words).
    expect(library.search('start').results[0]?.matches.some((m) => m.highlightId === h.id)).toBe(true);
  });

  it('renaming a tag to another merges the highlights\' links too; deleting a tag removes it from highlights', () => {
    const { library, soil, seeds } = setup();
    library.tagHighlights([soil.id], ['ideas']);
    library.tagHighlights([seeds.id], ['idea']);
    expect(library.renameTag('ideas', 'Idea')).toEqual({ name: 'idea', merged: true });
    expect(library.highlightTags.listHighlightTags()).toEqual([{ name: 'idea', count: 2 }]);
    expect(library.deleteTag('idea')).toBe(0); // articles carrying it
    expect(library.highlights.get(soil.id)?.tags).toEqual([]);
    expect(library.highlightTags.listHighlightTags()).toEqual([]);
  });

  it('deleting an article drops its highlights\' tag links (cascade) and its undo brings them back', () => {
    const { library, article, soil } = setup();
    library.setHighlightTags(soil.id, ['keep me']);
    const { undoToken } = library.deleteArticles([article.id]);
    expect(library.db.prepare('SELECT count(*) FROM highlight_tags').pluck().get()).toBe(0);
    library.undoDeleteArticles(undoToken);
    expect(library.highlights.get(soil.id)?.tags).toEqual(['keep me']);
  });
});

describe('highlight tags through the contract', () => {
  it('sets, adds, removes and lists them; refuses bad names and unknown highlights', async () => {
    const { library, soil, seeds } = setup();
    const dispatch = createDispatcher(createHandlers(library, 'browser'), () => undefined);
    expect(value(await dispatch('setHighlightTags', { id: soil.id, tags: ['One', 'two'] }))).toEqual({ id: soil.id, tags: ['One', 'two'] });
    value(await dispatch('tagHighlights', { ids: [seeds.id], tags: ['one'] }));
    expect(value(await dispatch('listHighlightTags', {}))).toEqual([
      { name: 'One', count: 2 },
      { name: 'two', count: 1 },
    ]);
    value(await dispatch('untagHighlights', { ids: [soil.id, seeds.id], tags: ['one'] }));
    const listed = value(await dispatch('listHighlights', { articleId: soil.articleId })) as { tags?: string[] }[];
    expect(listed.map((h) => h.tags)).toEqual([['two'], []]);
    const bad = await dispatch('setHighlightTags', { id: soil.id, tags: ['a\nb'] });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
    const unknown = await dispatch('tagHighlights', { ids: ['nosuchhighlight'], tags: ['x'] });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});

describe('highlight tags in the JSON backup', () => {
  it('round-trip into an empty library, merge as a union, and an old file without them still restores', () => {
    const { library, soil, seeds } = setup();
    library.setHighlightTags(soil.id, ['idea', 'Garden']);
    const file = library.exportJson();
    const parsed = JSON.parse(file) as { highlights: { id: string; tags?: string[] }[] };
    expect(parsed.highlights.find((h) => h.id === soil.id)?.tags).toEqual(['Garden', 'idea']);
    expect(parsed.highlights.find((h) => h.id === seeds.id)).not.toHaveProperty('tags');

    const target = Library.open(tempDir());
    libraries.push(target);
    target.importJson(file);
    expect(target.highlights.get(soil.id)?.tags).toEqual(['Garden', 'idea']);
    expect(target.getArticle(soil.articleId).tags).toEqual(['Garden']);
    // A merge adds the file's tags to the ones here (never removes).
    target.setHighlightTags(soil.id, ['local only']);
    target.importJson(file);
    expect(target.highlights.get(soil.id)?.tags).toEqual(['Garden', 'idea', 'local only']);

    // A file from before highlight tags (no `tags` on highlights) restores as before.
    for (const h of parsed.highlights) delete h.tags;
    const old = Library.open(tempDir());
    libraries.push(old);
    const report = old.importJson(JSON.stringify(parsed));
    expect(report.highlights.added).toBe(2);
    expect(old.highlights.get(soil.id)?.tags).toEqual([]);
  });
});
