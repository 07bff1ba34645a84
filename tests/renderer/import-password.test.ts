/**
 * The password prompt's loop (lib/import-password.ts) over the real import
 * core and a real encrypted PDF: asked until right, asked again after a
 * wrong one, nothing stored when skipped, other errors not mistaken for it.
 */
import { describe, expect, it } from 'vitest';
import { withPdfPassword } from '../../src/renderer/src/lib/import-password';
import { makeEncryptedPdf, makePdf } from '../pdf/make-pdf';
import { tempLibrary } from '../helpers/library';


const ENCRYPTED = makeEncryptedPdf('Minutes of the garden committee', 'tulip');

/** Answers the questions in turn, recording whether each said the last password was wrong. */
function answers(...given: Array<string | null>): { ask: (wrong: boolean) => Promise<string | null>; asked: boolean[] } {
  const asked: boolean[] = [];
  return {
    asked,
    ask: (wrong) => {
      asked.push(wrong);
      return Promise.resolve(given.shift() ?? null);
    },
  };
}

describe('withPdfPassword', () => {
  it('asks for the password, says a wrong one was wrong, and imports with the right one', async () => {
    const library = tempLibrary();
    const user = answers('rose', 'tulip');
    const tried: Array<string | undefined> = [];
    const done = await withPdfPassword((password) => {
      tried.push(password);
      return library.importFileWithImages({ fileName: 'minutes.pdf', bytes: ENCRYPTED, ...(password !== undefined ? { password } : {}) });
    }, user.ask);
    expect(tried).toEqual([undefined, 'rose', 'tulip']);
    expect(user.asked).toEqual([false, true]);
    expect(done?.password).toBe('tulip');
    expect(done?.result.status).toBe('imported');
    expect(library.listArticles().map((a) => a.title)).toHaveLength(1);
  });

  it('skipped: resolves null and stores nothing', async () => {
    const library = tempLibrary();
    const user = answers('rose', null);
    const done = await withPdfPassword(
      (password) => library.importFileWithImages({ fileName: 'minutes.pdf', bytes: ENCRYPTED, ...(password !== undefined ? { password } : {}) }),
      user.ask,
    );
    expect(done).toBeNull();
    expect(user.asked).toEqual([false, true]);
    expect(library.listArticles()).toHaveLength(0);
  });

  it('never asks for a file without a password, and lets other errors through', async () => {
    const library = tempLibrary();
    const user = answers('never');
    const plain = await makePdf([{ lines: ['An open report.'] }]);
    const done = await withPdfPassword(() => library.importFileWithImages({ fileName: 'open.pdf', bytes: plain }), user.ask);
    expect(done?.result.status).toBe('imported');
    const truncated = plain.subarray(0, 200);
    await expect(
      withPdfPassword(() => library.importFileWithImages({ fileName: 'cut.pdf', bytes: truncated }), user.ask),
    ).rejects.toMatchObject({ code: 'damaged_file' });
    expect(user.asked).toEqual([]);
  });
});
