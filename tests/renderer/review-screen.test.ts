/** The Review screen's rules without a window: its keys (and their place in the shortcut table) and its route. */
import { describe, expect, it } from 'vitest';
import { reviewKeyAction } from '../../src/renderer/src/lib/review-keys';
import { SHORTCUTS } from '../../src/renderer/src/lib/shortcuts';
import { hashFor, parseHash } from '../../src/renderer/src/lib/router-hash';

const press = (key: string, extra: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean; isComposing: boolean }> = {}) => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  ...extra,
});

describe('the Review screen keys', () => {
  it('1-4 answer Keep, Soon, Later, Retire; o opens; e edits', () => {
    expect(['1', '2', '3', '4', 'o', 'e'].map((k) => reviewKeyAction(press(k), false))).toEqual([
      { answer: 'keep' },
      { answer: 'soon' },
      { answer: 'later' },
      { answer: 'retire' },
      { action: 'open' },
      { action: 'edit' },
    ]);
    expect(reviewKeyAction(press('5'), false)).toBeNull();
    expect(reviewKeyAction(press('O'), false)).toBeNull();
  });

  it('never while typing, composing, or with Ctrl, ⌘ or Alt', () => {
    expect(reviewKeyAction(press('1'), true)).toBeNull();
    expect(reviewKeyAction(press('e', { isComposing: true }), false)).toBeNull();
    expect(reviewKeyAction(press('1', { ctrlKey: true }), false)).toBeNull();
    expect(reviewKeyAction(press('o', { metaKey: true }), false)).toBeNull();
    expect(reviewKeyAction(press('4', { altKey: true }), false)).toBeNull();
  });
});

describe('the shortcut table', () => {
  it('lists what the Review screen answers, and the screen answers every key it lists', () => {
    const listed = SHORTCUTS.filter((s) => s.by === 'review-keys');
    const expected: Record<string, unknown> = {
      'review-keep': { answer: 'keep' },
      'review-soon': { answer: 'soon' },
      'review-later': { answer: 'later' },
      'review-retire': { answer: 'retire' },
      'review-open': { action: 'open' },
      'review-edit': { action: 'edit' },
    };
    expect(listed.map((s) => s.id).sort()).toEqual(Object.keys(expected).sort());
    for (const shortcut of listed) {
      for (const [stroke] of shortcut.keys) expect(reviewKeyAction(press(stroke!.key), false), shortcut.id).toEqual(expected[shortcut.id]);
    }
  });
});

describe('the Review route', () => {
  it('is #/review, and back', () => {
    expect(parseHash('#/review')).toEqual({ name: 'review' });
    expect(parseHash('#/review/')).toEqual({ name: 'review' });
    expect(hashFor({ name: 'review' })).toBe('#/review');
    expect(parseHash('#/reviewx')).toEqual({ name: 'library' });
  });
});
