/** `gloss review`: today's set from the real CLI, the same as the API's (and the same on a second call). */
import { describe, expect, it } from 'vitest';
import { gloss } from '../helpers/cli';
import { libraryWithHighlights } from './helpers';

describe('gloss review', () => {
  it('lists today’s cards as JSON and as text, the same set on every call that day', async () => {
    const { library, highlights } = libraryWithHighlights(3);
    const dir = library.dir;
    library.close();
    const first = await gloss('review', '--json', '--library', dir);
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    const session = JSON.parse(first.out) as { cards: { highlight: { id: string }; article: { title: string } }[]; total: number };
    expect(session.total).toBe(3);
    expect(session.cards.map((c) => c.highlight.id).sort()).toEqual(highlights.map((h) => h.id).sort());
    expect(session.cards[0]!.article.title).toBe('Sentences');

    const text = await gloss('review', '--library', dir);
    expect(text.code).toBe(0);
    expect(text.out).toContain('0 of 3 today');
    expect(text.out).toContain('“Sentence number');
    const order = session.cards.map((c) => text.out.indexOf(c.highlight.id));
    expect(order.every((at, i) => at > (order[i - 1] ?? -1))).toBe(true);

    expect((await gloss('review', 'extra', '--library', dir)).code).not.toBe(0);
  });
});
