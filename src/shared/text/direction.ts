/**
 * Which way a language is written: the one rule for laying out a
 * right-to-left text (a book's chapters on import, an article in the
 * reader) from its BCP 47 tag.
 */

/** Languages written right to left by default (their primary subtag). */
const RTL_LANGUAGES = /^(?:ar|he|iw|fa|ur|yi|ps|sd|ug|dv|ckb|syr|arc|nqo)(?:-|$)/i;
/** A script subtag that is right to left, whatever the language (`az-Arab`, `pa-Arab`). */
const RTL_SCRIPTS = /-(?:arab|hebr|thaa|syrc|nkoo|adlm|rohg|mand|samr)(?:-|$)/i;
/** A script subtag that is left to right, overriding the language's default (`ku-Latn`, `sd-Deva`). */
const LTR_SCRIPTS = /-(?:latn|cyrl|deva|gujr|khoj|sind)(?:-|$)/i;

/** True when `language` (a BCP 47 tag) is written right to left. */
export function isRightToLeft(language: string | null | undefined): boolean {
  if (!language) return false;
  if (RTL_SCRIPTS.test(language)) return true;
  if (LTR_SCRIPTS.test(language)) return false;
  return RTL_LANGUAGES.test(language);
}
