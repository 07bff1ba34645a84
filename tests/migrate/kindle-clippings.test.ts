import { describe, expect, it } from 'vitest';
import { isKindleClippings, parseKindleClippings, splitTitleLine } from '../../src/main/migrate/kindle-clippings';
import { parseClippingMetadata } from '../../src/main/migrate/kindle-metadata';
import { META, SEP, clippingsFile } from './clippings';

describe('the metadata line in each language', () => {
  const expected: Record<keyof typeof META, { page: string | null; start: number; end: number; addedAt: string }> = {
    en: { page: '12', start: 120, end: 122, addedAt: '2019-05-05T13:23:45.000Z' },
    enUs: { page: null, start: 35, end: 36, addedAt: '2020-07-20T00:58:07.000Z' },
    de: { page: '42', start: 1234, end: 1236, addedAt: '2024-12-30T14:46:33.000Z' },
    fr: { page: '200', start: 3054, end: 3056, addedAt: '2017-08-16T02:14:10.000Z' },
    es: { page: '7', start: 89, end: 92, addedAt: '2024-03-12T21:30:15.000Z' },
    it: { page: '6', start: 36, end: 40, addedAt: '2019-09-30T18:00:39.000Z' },
    pt: { page: null, start: 2829, end: 2830, addedAt: '2019-11-29T18:00:13.000Z' },
    nl: { page: '6', start: 36, end: 40, addedAt: '2019-09-30T18:00:39.000Z' },
    ru: { page: '5', start: 1234, end: 1236, addedAt: '2024-12-30T14:46:33.000Z' },
    ja: { page: '7', start: 114, end: 116, addedAt: '2024-12-30T14:46:33.000Z' },
    zh: { page: '7', start: 114, end: 116, addedAt: '2019-09-30T18:00:39.000Z' },
  };
  for (const [lang, line] of Object.entries(META) as [keyof typeof META, string][]) {
    it(`reads a highlight in ${lang}`, () => {
      expect(parseClippingMetadata(line)).toEqual({ kind: 'highlight', recognised: true, ...expected[lang] });
    });
  }

  it('tells notes and bookmarks in several languages', () => {
    const kinds = [
      ['- Your Note on page 12 | Location 122 | Added on Monday, 5 May 2019 13:24:00', 'note'],
      ['- Your Bookmark on page 136 | location 2543 | Added on Monday, 26 February 2018 11:00:31', 'bookmark'],
      ['- Ihre Notiz bei Position 235 | Hinzugefügt am Dienstag, 5. März 2024 21:12:45', 'note'],
      ['- Ihr Lesezeichen auf Seite 3 | Position 40 | Hinzugefügt am Dienstag, 5. März 2024 21:12:45', 'bookmark'],
      ['- Votre note sur la page 5 | emplacement 1236 | Ajouté le lundi 30 septembre 2019 18:00:39', 'note'],
      ['- Votre signet Emplacement 5527 | Ajouté le vendredi 16 novembre 2018 à 11:51:19', 'bookmark'],
      ['- Tu nota en la página 7 | posición 92 | Añadido el martes, 12 de marzo de 2024 21:30:15', 'note'],
      ['- La tua nota alla posizione 40 | Aggiunto in data lunedì 30 settembre 2019 18:00:39', 'note'],
      ['- Sua nota ou posição 2830 | Adicionado: sexta-feira, 29 de novembro de 2019 18:00:13', 'note'],
      ['- Je notitie op pagina 6 | locatie 40 | Toegevoegd op maandag 30 september 2019 18:00:39', 'note'],
      ['- Ваша заметка на странице 5 | Местоположение 1236 | Добавлено: понедельник, 30 декабря 2024 г. в 14:46:33', 'note'],
      ['- Ваша закладка на странице 5 | Местоположение 1236 | Добавлено: понедельник, 30 декабря 2024 г. в 14:46:33', 'bookmark'],
      ['- 7ページ｜位置No. 116のメモ |作成日: 2024年12月30日月曜日 14:46:33', 'note'],
      ['- 您在位置 #116的笔记 | 添加于 2019年9月30日星期一 下午6:00:39', 'note'],
      ['- 您在位置 #116的书签 | 添加于 2019年9月30日星期一 下午6:00:39', 'bookmark'],
    ] as const;
    for (const [line, kind] of kinds) expect(parseClippingMetadata(line).kind, line).toBe(kind);
    expect(parseClippingMetadata(kinds[0][0])).toMatchObject({ start: 122, end: 122 });
  });

  it('fails soft on a language it does not know: a highlight with no location and no date', () => {
    expect(parseClippingMetadata('- Þú merktir á síðu 5 | staðsetning 60-61 | Bætt við mánudagur 30 desember 2024')).toEqual({
      kind: 'highlight',
      recognised: false,
      page: null,
      start: null,
      end: null,
      addedAt: null,
    });
  });

  it('reads roman page numbers and a page range, and a 12-hour clock', () => {
    expect(parseClippingMetadata('- Your Highlight on page ix | location 247-248 | Added on Sunday, 18 February 2018 22:30:47')).toMatchObject({ page: 'ix', start: 247 });
    expect(parseClippingMetadata('- Your Highlight on page 14-14 | Added on Monday, April 18, 2016 7:28:27 PM')).toMatchObject({
      page: '14',
      start: null,
      addedAt: '2016-04-18T19:28:27.000Z',
    });
  });
});

describe('titles and authors', () => {
  it('takes the last parenthesised group as the author, turns "Last, First" round and keeps nested parentheses', () => {
    expect(splitTitleLine('The Effective Manager (Horstman, Mark)')).toEqual({ title: 'The Effective Manager', author: 'Mark Horstman' });
    expect(splitTitleLine('\ufeff僕が七不思議になったわけ (メディアワークス文庫) (小川 晴央)')).toEqual({ title: '僕が七不思議になったわけ (メディアワークス文庫)', author: '小川 晴央' });
    expect(splitTitleLine('飘（上下） (外国文学名著名译丛书) ((美)米切尔)')).toEqual({ title: '飘（上下） (外国文学名著名译丛书)', author: '(美)米切尔' });
    expect(splitTitleLine('Freedom, Inc. (Carney, Brian M.;Getz, Isaac)')).toEqual({ title: 'Freedom, Inc.', author: 'Brian M. Carney, Isaac Getz' });
    expect(splitTitleLine('paulo-coehlo-the-devil-and-miss-prym  ')).toEqual({ title: 'paulo-coehlo-the-devil-and-miss-prym', author: null });
  });
});

describe('a whole file', () => {
  const QUOTE = 'It is a truth universally acknowledged, that a single man in possession of a good fortune, must be in want of a wife.';

  it('reads a BOM and CRLF file in every language, one book per title, in location order', () => {
    const clips = (Object.entries(META) as [string, string][]).map(([lang, meta]) => ({ title: `Book ${lang} (Author ${lang})`, meta, body: `Quote in ${lang}.` }));
    const parsed = parseKindleClippings(clippingsFile(clips));
    expect(parsed.failures).toEqual([]);
    expect(parsed.books.map((b) => b.title)).toEqual(clips.map((c) => c.title.replace(/ \(.*\)$/, '')));
    expect(parsed.books[0]!.highlights).toEqual([
      { quote: 'Quote in en.', note: '', color: 'yellow', location: { page: '12', start: 120, end: 122 }, addedAt: '2019-05-05T13:23:45.000Z' },
    ]);
    expect(isKindleClippings(clippingsFile(clips))).toBe(true);
    expect(isKindleClippings(clippingsFile(clips, { bom: false, eol: '\n' }))).toBe(true);
  });

  it('attaches notes to the highlight that ends at their location, keeps the edited highlight, skips bookmarks and reports the broken entry', () => {
    const title = 'Pride and Prejudice (Austen, Jane)';
    const text = clippingsFile([
      { title, meta: '- Your Highlight on page 3 | Location 40-42 | Added on Monday, 5 May 2019 10:00:00', body: 'Later words.' },
      { title, meta: '- Your Highlight on page 1 | Location 10-12 | Added on Monday, 5 May 2019 09:00:00', body: 'It is a truth universally acknowledged' },
      { title, meta: '- Your Bookmark on page 2 | Location 30 | Added on Monday, 5 May 2019 09:10:00' },
      // Edited on the Kindle: the same place again, later, longer.
      { title, meta: '- Your Highlight on page 1 | Location 10-13 | Added on Monday, 5 May 2019 09:05:00', body: QUOTE },
      { title, meta: '- Your Note on page 1 | Location 13 | Added on Monday, 5 May 2019 09:06:00', body: 'The famous opening.' },
      { title, meta: '- Your Note on page 9 | Location 99 | Added on Monday, 5 May 2019 09:07:00', body: 'A thought of my own.' },
      { title: 'Broken entry with no metadata', meta: 'just some text', body: 'more text' },
      { title, meta: '- Your Highlight on page 5 | Location 50 | Added on Monday, 5 May 2019 11:00:00', body: '<You have reached the clipping limit for this item>' },
      // The same clipping twice (the file was appended to twice).
      { title, meta: '- Your Highlight on page 3 | Location 40-42 | Added on Monday, 5 May 2019 10:00:00', body: 'Later words.' },
    ]);
    const parsed = parseKindleClippings(text);
    expect(parsed.books).toHaveLength(1);
    const book = parsed.books[0]!;
    expect(book).toMatchObject({ title: 'Pride and Prejudice', author: 'Jane Austen', looseNotes: ['Location 99: A thought of my own.'] });
    expect(book.highlights.map((h) => [h.quote, h.note, h.location.start])).toEqual([
      [QUOTE, 'The famous opening.', 10],
      ['Later words.', '', 40],
    ]);
    expect(parsed.failures.map((f) => f.where)).toEqual(['entry 7', 'entry 8']);
    expect(parsed.failures[0]!.reason).toMatch(/no metadata line/);
    expect(parsed.failures[1]!.reason).toMatch(/clipping limit/);
  });

  it('keeps a highlight from a Kindle in another language, without location', () => {
    const parsed = parseKindleClippings(clippingsFile([{ title: 'Bók (Höfundur)', meta: '- Þú merktir á síðu 5 | staðsetning 60 | Bætt við 2024', body: 'Texti.' }]));
    expect(parsed.books[0]!.highlights).toEqual([{ quote: 'Texti.', note: '', color: 'yellow', location: { page: null, start: null, end: null }, addedAt: null }]);
  });

  it('is not fooled by a plain text file with a line of equals signs', () => {
    expect(isKindleClippings('A title\n\nSome text.\n==========\nMore.')).toBe(false);
    expect(isKindleClippings('Shopping\n- eggs\n- milk\n==========\n')).toBe(false);
    expect(isKindleClippings(`Title (Author)\n- Your Highlight on page 1\n\nQuote\n${SEP}\n`)).toBe(true);
  });
});

describe('placing a quote from another app in a text', () => {
  it('finds it through curly quotes, soft hyphens, ligatures and line breaks, then approximately, else not at all', async () => {
    const { QuotePlacer } = await import('../../src/main/migrate/place-quote');
    const text = 'He said, "The office is on the first floor."\n\nNext paragraph: efficient workflows matter.';
    const placer = new QuotePlacer(text);
    const at = (q: string) => {
      const found = placer.place(q);
      return found && { status: found.status, text: text.slice(found.start, found.end) };
    };
    expect(at('the first floor')).toEqual({ status: 'exact', text: 'the first floor' });
    expect(at('“The ofﬁce is on the ﬁrst ﬂoor.”')).toEqual({ status: 'exact', text: '"The office is on the first floor."' });
    expect(at('ef\u00adfi\u00adcient work\u00adflows')).toEqual({ status: 'exact', text: 'efficient workflows' });
    expect(at('floor."   Next paragraph:')).toEqual({ status: 'exact', text: 'floor."\n\nNext paragraph:' });
    expect(at('The office is on the second floor.')).toEqual({ status: 'fuzzy', text: 'The office is on the first floor.' });
    expect(at('Nothing like this sentence appears anywhere in it.')).toBeNull();
  });
});
