import { describe, expect, it } from 'vitest';
import { CONTEXT_LENGTH, describeTextRange } from '../../src/shared/anchoring';

describe('describeTextRange', () => {
  const text = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ!?abcdefghijklmnopqrstuvwxyz';

  it('quotes the range with up to 32 characters of context each side', () => {
    const sel = describeTextRange(text, 40, 45);
    expect(sel.position).toEqual({ type: 'TextPositionSelector', start: 40, end: 45 });
    expect(sel.quote.type).toBe('TextQuoteSelector');
    expect(sel.quote.exact).toBe(text.slice(40, 45));
    expect(sel.quote.prefix).toBe(text.slice(8, 40));
    expect(sel.quote.prefix).toHaveLength(CONTEXT_LENGTH);
    expect(sel.quote.suffix).toBe(text.slice(45, 77));
  });

  it('shortens the context at the edges of the text', () => {
    const sel = describeTextRange(text, 3, text.length - 2);
    expect(sel.quote.prefix).toBe('abc');
    expect(sel.quote.suffix).toBe('yz');
    const whole = describeTextRange('hello', 0, 5);
    expect(whole.quote).toMatchObject({ exact: 'hello', prefix: '', suffix: '' });
  });

  it('never splits a surrogate pair at the context edges', () => {
    // 31 ASCII characters after the emoji: the 32-unit window would start on
    // the emoji's low surrogate.
    const before = '😀' + 'x'.repeat(31);
    const t = before + 'QUOTE' + 'y'.repeat(31) + '🎉' + 'tail';
    const start = before.length;
    const sel = describeTextRange(t, start, start + 5);
    expect(sel.quote.prefix).toBe('x'.repeat(31));
    expect(sel.quote.suffix).toBe('y'.repeat(31));
    // With one more unit of room the whole pair fits.
    const t2 = '😀' + 'x'.repeat(30) + 'QUOTE' + 'y'.repeat(30) + '🎉tail';
    const sel2 = describeTextRange(t2, 32, 37);
    expect(sel2.quote.prefix).toBe('😀' + 'x'.repeat(30));
    expect(sel2.quote.suffix).toBe('y'.repeat(30) + '🎉');
  });

  it('rejects invalid ranges with a RangeError', () => {
    expect(() => describeTextRange('hello', 2, 2)).toThrow(RangeError);
    expect(() => describeTextRange('hello', 3, 2)).toThrow(RangeError);
    expect(() => describeTextRange('hello', -1, 2)).toThrow(RangeError);
    expect(() => describeTextRange('hello', 0, 6)).toThrow(RangeError);
    expect(() => describeTextRange('hello', 0.5, 2)).toThrow(RangeError);
    expect(() => describeTextRange('hello', 0, Number.NaN)).toThrow(RangeError);
  });
});
