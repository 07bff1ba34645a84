import { describe, expect, it } from 'vitest';
import { placeNewHighlight, reanchorHighlight, selectorsAt } from '../../src/main/highlights/place';

const TEXT = 'The cat sat. A dog ran. The cat sat again. 🐈 then the cat slept.';

describe('placing a new highlight', () => {
  it('accepts the given position when it holds the quote, taking prefix and suffix from the text', () => {
    const start = TEXT.indexOf('dog ran');
    expect(placeNewHighlight(TEXT, { quote: { exact: 'dog ran', prefix: 'wrong', suffix: 'wrong' }, position: { start, end: start + 7 } })).toEqual({
      quote: { exact: 'dog ran', prefix: 'The cat sat. A ', suffix: '. The cat sat again. 🐈 then the' },
      position: { start, end: start + 7 },
    });
  });

  it('uses prefix and suffix to choose among repeats when the position is stale', () => {
    const second = TEXT.indexOf('The cat sat', 1);
    const placed = placeNewHighlight(TEXT, {
      quote: { exact: 'The cat sat', prefix: 'A dog ran. ', suffix: ' again.' },
      position: { start: 2, end: 13 },
    });
    expect(placed?.position).toEqual({ start: second, end: second + 11 });
  });

  it('refuses a quote the text does not contain, even nearly', () => {
    expect(placeNewHighlight(TEXT, { quote: { exact: 'The cat sad', prefix: '', suffix: '' }, position: { start: 0, end: 11 } })).toBeNull();
    expect(placeNewHighlight(TEXT, { quote: { exact: 'horse', prefix: '', suffix: '' }, position: { start: 900, end: 905 } })).toBeNull();
  });

  it('never cuts a surrogate pair in the stored context', () => {
    const start = TEXT.indexOf('then');
    const { quote } = selectorsAt(TEXT, start, start + 4);
    expect(quote.prefix.endsWith('🐈 ')).toBe(true);
    expect(quote.prefix.length).toBeLessThanOrEqual(32);
  });
});

describe('re-anchoring a stored highlight', () => {
  const stored = selectorsAt(TEXT, TEXT.indexOf('dog ran'), TEXT.indexOf('dog ran') + 7);

  it('is exact when the position still holds the quote', () => {
    expect(reanchorHighlight(TEXT, stored)).toEqual({ status: 'exact', selectors: stored });
  });

  it('moves with the text, describing the new place', () => {
    const edited = `Intro. ${TEXT}`;
    expect(reanchorHighlight(edited, stored)).toEqual({ status: 'moved', selectors: selectorsAt(edited, stored.position.start + 7, stored.position.end + 7) });
  });

  it('is orphaned when the quote is gone', () => {
    expect(reanchorHighlight('The cat sat. The cat sat again.', stored)).toEqual({ status: 'orphaned' });
  });
});
