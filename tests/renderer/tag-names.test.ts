/** Tag names in the renderer's Tags field: cleaning, adding, removing, completions. */
import { describe, expect, it } from 'vitest';

import { addTag, cleanTagName, hasTag, removeTag, tagSuggestions } from '../../src/renderer/src/lib/tag-names';

describe('cleanTagName', () => {
  it('trims and collapses inner spaces', () => {
    expect(cleanTagName('  slow   reading \t')).toEqual({ name: 'slow reading' });
    expect(cleanTagName('a\u00a0b')).toEqual({ name: 'a b' });
  });

  it('refuses empty, over-long, comma and control-character names', () => {
    expect(cleanTagName('   ')).toEqual({ error: 'A tag name must not be empty.' });
    expect(cleanTagName('x'.repeat(64))).toEqual({ name: 'x'.repeat(64) });
    expect(cleanTagName('x'.repeat(65))).toEqual({ error: 'A tag name must be at most 64 characters.' });
    // Characters, not UTF-16 units.
    expect(cleanTagName('😀'.repeat(64))).toEqual({ name: '😀'.repeat(64) });
    expect(cleanTagName('a,b')).toHaveProperty('error');
    expect(cleanTagName('a\nb')).toHaveProperty('error');
    expect(cleanTagName('a\u0007b')).toHaveProperty('error');
  });
});

describe('adding and removing', () => {
  it('never adds a tag twice, ignoring case', () => {
    expect(hasTag(['Reading'], 'reading')).toBe(true);
    expect(addTag(['Reading'], 'READING')).toEqual(['Reading']);
    expect(addTag(['Reading'], 'notes')).toEqual(['Reading', 'notes']);
  });

  it('spells a new tag as the existing tag of that name', () => {
    expect(addTag([], 'science', ['Philosophy', 'Science'])).toEqual(['Science']);
    expect(addTag([], 'new one', ['Science'])).toEqual(['new one']);
  });

  it('removes ignoring case', () => {
    expect(removeTag(['a', 'Science', 'b'], 'science')).toEqual(['a', 'b']);
  });
});

describe('tagSuggestions', () => {
  const known = ['History', 'history of science', 'Philosophy', 'Physics', 'reading'];

  it('offers known tags starting with what is typed, ignoring case', () => {
    expect(tagSuggestions(known, 'ph', [])).toEqual(['Philosophy', 'Physics']);
    expect(tagSuggestions(known, 'HIST', [])).toEqual(['History', 'history of science']);
    expect(tagSuggestions(known, '  history  of', [])).toEqual(['history of science']);
    expect(tagSuggestions(known, 'zz', [])).toEqual([]);
  });

  it('puts the tag typed in full first (any case): the field chooses the first suggestion', () => {
    const withLonger = ['Science fiction', 'science', 'Scientists'];
    expect(tagSuggestions(withLonger, 'sci', [])).toEqual(['Science fiction', 'science', 'Scientists']);
    expect(tagSuggestions(withLonger, 'SCIENCE', [])).toEqual(['science', 'Science fiction']);
    expect(tagSuggestions(withLonger, 'science ', [])).toEqual(['Science fiction']);
    expect(tagSuggestions(withLonger, 'science', [], 1)).toEqual(['science']);
    expect(tagSuggestions(withLonger, 'science', ['SCIENCE'])).toEqual(['Science fiction']);
  });

  it('leaves out tags already chosen, and offers everything for an empty field', () => {
    expect(tagSuggestions(known, 'ph', ['physics'])).toEqual(['Philosophy']);
    expect(tagSuggestions(known, '', ['reading'])).toEqual(['History', 'history of science', 'Philosophy', 'Physics']);
    expect(tagSuggestions(known, '', [], 2)).toEqual(['History', 'history of science']);
  });
});
