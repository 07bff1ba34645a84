/**
 * The reader's light first answer for a PDF (getArticle with pdfText
 * 'later': no html, no text, the file's address at once) and the text
 * that follows it (getArticleText), through the contract on a real library.
 */
import { describe, expect, it } from 'vitest';
import { createDispatcher } from '../../src/main/api/dispatch';
import { createHandlers } from '../../src/main/api/handlers';
import { Library } from '../../src/main/library';
import type { Envelope } from '../../src/shared/errors';
import type { Article } from '../../src/shared/types';
import { tempDir } from '../helpers/tmp';
import { makePdf } from '../pdf/make-pdf';

function value<T>(envelope: Envelope<unknown>): T {
  if (!envelope.ok) throw new Error(`expected a value, got ${envelope.error.code}: ${envelope.error.message}`);
  return envelope.value as T;
}

async function setup() {
  const library = Library.open(tempDir());
  const dispatch = createDispatcher(createHandlers(library, 'browser'));
  const pdf = await makePdf(
    [{ lines: ['The first page of a paper.'] }, { lines: ['The second page, with more to say.'] }],
    { title: 'Two Pages' },
  );
  const imported = value<{ article: { id: string } }>(await dispatch('importFile', { name: 'two.pdf', data: pdf }));
  const note = value<{ article: { id: string } }>(
    await dispatch('importFile', { name: 'note.txt', data: new TextEncoder().encode('A Note\n\nPlain words here.\n') }),
  );
  return { library, dispatch, pdfId: imported.article.id, noteId: note.article.id };
}

describe('a PDF for the reader, its text later', () => {
  it('comes without html and text but with its file, pages and reading state; the text follows', async () => {
    const { library, dispatch, pdfId } = await setup();
    try {
      const whole = value<Article>(await dispatch('getArticle', { id: pdfId }));
      const light = value<Article>(await dispatch('getArticle', { id: pdfId, pdfText: 'later' }));
      expect(whole.textLater).toBeUndefined();
      expect(whole.text).toContain('second page');
      expect(light.textLater).toBe(true);
      expect(light.html).toBe('');
      expect(light.text).toBe('');
      // Everything else is the same answer.
      const { html: _h, text: _t, textLater: _l, ...rest } = light;
      const { html: _wh, text: _wt, ...wholeRest } = whole;
      expect(rest).toEqual(wholeRest);
      expect(light.pdf?.fileHash).toMatch(/^[0-9a-f]{64}$/);
      expect(light.pdf?.pageStarts).toHaveLength(2);
      const later = value<{ id: string; text: string }>(await dispatch('getArticleText', { id: pdfId }));
      expect(later).toEqual({ id: pdfId, text: whole.text });
    } finally {
      library.close();
    }
  });

  it('changes nothing for other articles, and both answer not_found or invalid_argument as getArticle does', async () => {
    const { library, dispatch, noteId } = await setup();
    try {
      const note = value<Article>(await dispatch('getArticle', { id: noteId, pdfText: 'later' }));
      expect(note.textLater).toBeUndefined();
      expect(note.text).toContain('Plain words here.');
      expect(note.html).toContain('Plain words here.');
      for (const method of ['getArticle', 'getArticleText'] as const) {
        const missing = await dispatch(method, { id: 'nosucharticle' });
        expect(!missing.ok && missing.error.code, method).toBe('not_found');
        const bad = await dispatch(method, { id: "x'; DROP TABLE articles; --" });
        expect(!bad.ok && bad.error.code, method).toBe('invalid_argument');
      }
      const wrongChoice = await dispatch('getArticle', { id: noteId, pdfText: 'now' });
      expect(!wrongChoice.ok && wrongChoice.error.code).toBe('invalid_argument');
    } finally {
      library.close();
    }
  });
});
