/**
 * A Kindle clippings file of Pride and Prejudice and an EPUB of the book,
 * for attaching highlights to their text (unit, CLI and e2e tests): two
 * quotes the book holds (one in the Kindle's curly typography) and one it
 * does not.
 */
import { makeEpub } from '../epub/make-epub';
import { clippingsFile } from './clippings';

export const OPENING = 'It is a truth universally acknowledged, that a single man in possession of a good fortune, must be in want of a wife.';
export const BENNET_BOOK = '"My dear Mr. Bennet," said his lady to him one day, "have you heard that Netherfield Park is let at last?"';
export const MISSING = 'A sentence that this edition does not contain at all.';
/** Where the reader places the missing one by hand. */
export const REPLIED = 'Mr. Bennet replied that he had not.';

export function austenClippings(): string {
  const title = 'Pride and Prejudice (Austen, Jane)';
  return clippingsFile([
    { title, meta: '- Your Highlight on page 1 | Location 10-12 | Added on Monday, 5 May 2019 09:00:00', body: OPENING },
    { title, meta: '- Your Note on page 1 | Location 12 | Added on Monday, 5 May 2019 09:01:00', body: 'The famous opening.' },
    { title, meta: '- Your Highlight on page 1 | Location 14-15 | Added on Monday, 5 May 2019 09:02:00', body: '“My dear Mr. Bennet,” said his lady to him one day, “have you heard that Netherﬁeld Park is let at last?”' },
    { title, meta: '- Your Highlight on page 9 | Location 90-91 | Added on Monday, 5 May 2019 09:04:00', body: MISSING },
    { title: 'Walden (Thoreau, Henry David)', meta: '- Your Highlight on page 5 | Location 70-72 | Added on Monday, 5 May 2019 09:05:00', body: 'I went to the woods because I wished to live deliberately.' },
  ]);
}

// Enough text after the passages that the reader can scroll any of them to the middle of the window.
const FILLER = Array.from({ length: 20 }, (_, i) => `<p>Paragraph ${i + 1} of the rest of the chapter, where Mrs. Bennet talks on.</p>`).join('');

/** The book as an EPUB: its title with a subtitle, its author the other way round. */
export function austenEpub(): Uint8Array {
  return makeEpub({
    title: 'Pride and Prejudice: A Novel',
    creators: [{ name: 'Jane Austen', role: 'aut', fileAs: 'Austen, Jane' }],
    chapters: [
      {
        title: 'Chapter 1',
        body: `<h1>Chapter 1</h1><p>${OPENING}</p><p>${BENNET_BOOK.replace(/"/g, '&quot;')}</p><p>${REPLIED} "But it is," returned she.</p>${FILLER}`,
      },
    ],
  });
}
