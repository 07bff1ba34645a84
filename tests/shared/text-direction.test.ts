/** The one rule for right-to-left text (shared/text/direction.ts): by language, or by a script subtag. */
import { describe, expect, it } from 'vitest';
import { isRightToLeft } from '../../src/shared/text/direction';

describe('isRightToLeft', () => {
  it('knows the right-to-left languages, with or without a region', () => {
    for (const tag of ['ar', 'ar-EG', 'he', 'iw', 'fa-IR', 'ur', 'yi', 'ps', 'ckb', 'dv']) expect(isRightToLeft(tag), tag).toBe(true);
  });

  it('reads a script subtag before the language', () => {
    expect(isRightToLeft('pa-Arab')).toBe(true);
    expect(isRightToLeft('az-arab-IR')).toBe(true);
    expect(isRightToLeft('ku-Latn')).toBe(false);
    expect(isRightToLeft('sd-Deva')).toBe(false);
  });

  it('is false for other languages and for no language (a prefix is not a language)', () => {
    for (const tag of [null, undefined, '', 'en', 'ja', 'zh-Hant', 'arn', 'hea', 'fr-CA']) expect(isRightToLeft(tag), String(tag)).toBe(false);
  });
});
