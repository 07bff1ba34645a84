import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { documentsThatMayMatch } from '../../src/main/migrate/attach-matches';
import { authorKeys, authorsAgree, isbn13, matchBooks, titleKey } from '../../src/main/migrate/match-source';

describe('titleKey', () => {
  it.each([
    ['Pride and Prejudice', 'pride and prejudice'],
    ['PRIDE & PREJUDICE', 'pride and prejudice'],
    ['Sapiens: A Brief History of Humankind', 'sapiens'],
    ['Sapiens – A Brief History of Humankind', 'sapiens'],
    ['Pride and Prejudice (Penguin Classics) [Illustrated]', 'pride and prejudice'],
    ['The Hobbit', 'hobbit'],
    ['Hobbit, The', 'hobbit'],
    ['Catch-22', 'catch 22'],
    ['Don’t Make Me Think', 'dont make me think'],
    ['Les Misérables', 'les miserables'],
    ['Ｆｕｌｌｗｉｄｔｈ', 'fullwidth'],
    ['ノルウェイの森', 'ノルウェイの森'],
    // Nothing but a bracket or a subtitle: the title itself is kept.
    ['(Untitled)', 'untitled'],
    [': On Writing', 'on writing'],
    ['The', 'the'],
    ['!!!', ''],
  ])('%s → %s', (title, key) => {
    expect(titleKey(title)).toBe(key);
  });
});

describe('authorKeys and authorsAgree', () => {
  it('reads "Last, First", initials and lists of names alike', () => {
    expect(authorKeys('Austen, Jane')).toEqual([['austen', 'jane']]);
    expect(authorKeys('Jane Austen')).toEqual([['austen', 'jane']]);
    expect(authorKeys('Tolkien, J.R.R.')).toEqual([['j', 'r', 'tolkien']]);
    expect(authorKeys('Daniel Kahneman, Amos Tversky')).toEqual([['daniel', 'kahneman'], ['amos', 'tversky']]);
    expect(authorKeys('Kahneman, Daniel; Tversky, Amos')).toEqual([['daniel', 'kahneman'], ['amos', 'tversky']]);
    expect(authorKeys('Strunk & White')).toEqual([['strunk'], ['white']]);
    expect(authorKeys('García Márquez, Gabriel')).toEqual([['gabriel', 'garcia', 'marquez']]);
    expect(authorKeys(null)).toEqual([]);
    expect(authorKeys('  ')).toEqual([]);
  });

  it('agrees on one shared person, not on a shared particle or initial', () => {
    expect(authorsAgree('Austen, Jane', 'Jane Austen')).toBe(true);
    expect(authorsAgree('J. R. R. Tolkien', 'Tolkien')).toBe(true);
    expect(authorsAgree('Amos Tversky', 'Daniel Kahneman, Amos Tversky')).toBe(true);
    expect(authorsAgree('Ludwig van Beethoven', 'Vincent van Gogh')).toBe(false);
    expect(authorsAgree('J. Smith', 'J. Doe')).toBe(false);
    expect(authorsAgree('Frank Herbert', 'Brian Herbert')).toBe(true); // a surname is all a Kindle may print: the title decides
    expect(authorsAgree('Jane Austen', null)).toBe(false);
  });
});

describe('isbn13', () => {
  it('turns an ISBN-10 into its ISBN-13 and refuses a bad checksum', () => {
    expect(isbn13('0-14-143951-3')).toBe('9780141439518');
    expect(isbn13('978-0-14-143951-8')).toBe('9780141439518');
    expect(isbn13('urn:isbn:9780141439518')).toBe('9780141439518');
    expect(isbn13('080442957X')).toBe('9780804429573');
    expect(isbn13('0-14-143951-4')).toBeNull();
    expect(isbn13('9780141439519')).toBeNull();
    expect(isbn13('B00K0OI42W')).toBeNull(); // a Kindle ASIN
    expect(isbn13(null)).toBeNull();
  });
});

describe('matchBooks', () => {
  const kindle = { title: 'Pride and Prejudice (Penguin Classics)', author: 'Jane Austen' };
  it('is sure on title and author, however written', () => {
    expect(matchBooks(kindle, { title: 'Pride & Prejudice: A Novel', author: 'Austen, Jane' })).toBe('title-author');
    expect(matchBooks({ title: 'The Lord of the Rings', author: 'Tolkien, J.R.R.' }, { title: 'Lord of the Rings, The', author: 'J. R. R. Tolkien' })).toBe('title-author');
  });
  it('is unsure on a title alone, and no match when named authors differ or titles differ', () => {
    expect(matchBooks(kindle, { title: 'Pride and Prejudice', author: null })).toBe('title');
    expect(matchBooks({ title: 'Pride and Prejudice', author: '' }, { title: 'Pride and Prejudice', author: 'Jane Austen' })).toBe('title');
    expect(matchBooks(kindle, { title: 'Pride and Prejudice', author: 'Seth Grahame-Smith' })).toBeNull();
    expect(matchBooks(kindle, { title: 'Pride and Prejudice and Zombies', author: 'Jane Austen' })).toBeNull();
    expect(matchBooks({ title: '???', author: null }, { title: '!!!', author: null })).toBeNull();
  });
  it('is sure on the same ISBN whatever the titles, in either of its forms', () => {
    expect(matchBooks({ title: 'P&P', author: null, isbn: '0141439513' }, { title: 'Pride and Prejudice', author: 'Jane Austen', isbn: '9780141439518' })).toBe('isbn');
    expect(matchBooks({ title: 'P&P', author: null, isbn: '0141439513' }, { title: 'Emma', author: null, isbn: '9780141439587' })).toBeNull();
  });
});

describe('documentsThatMayMatch (the library scan)', () => {
  it('reads every document whose title has the key, whatever its case, accents, apostrophes or ampersands', () => {
    const db = new Database(':memory:');
    db.exec(`CREATE TABLE articles (id TEXT, title TEXT, author TEXT, format TEXT)`);
    const insert = db.prepare(`INSERT INTO articles VALUES (?, ?, NULL, ?)`);
    const piece = fc.constantFrom('the ', 'The ', 'Les ', 'Misérables', 'MISERABLES', 'miserables', 'Don’t', "Don't", 'Dont', 'Make', 'me', ' & ', ' and ', ': Sub', ' (Ed.)', ' – More', 'Catch-22', 'ﬁsh', 'fish', 'Œuvre', '村上', ', The', ' ', '`');
    const title = fc.array(piece, { minLength: 1, maxLength: 6 }).map((p) => p.join(''));
    fc.assert(
      fc.property(fc.array(title, { minLength: 1, maxLength: 30 }), fc.nat(), (titles, pick) => {
        db.exec('DELETE FROM articles');
        titles.forEach((t, i) => insert.run(`d${i}`, t, i % 5 === 0 ? 'highlights' : 'epub'));
        const key = titleKey(titles[pick % titles.length]!);
        fc.pre(key !== '');
        const read = new Set(documentsThatMayMatch({ db } as never, key, 'none').map((r) => r.id));
        titles.forEach((t, i) => {
          if (i % 5 !== 0 && titleKey(t) === key) expect(read.has(`d${i}`), `${t} for ${key}`).toBe(true);
        });
      }),
      { numRuns: 300, seed: 15 },
    );
    db.close();
  });
});
