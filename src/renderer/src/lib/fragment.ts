/**
 * The element id an in-page link (`#note-1`) names. Article HTML is
 * untrusted, so a malformed escape (`#%E0%A4%A`) must not throw: the raw
 * fragment is used as it is, as browsers do when decoding fails.
 */
export function fragmentId(href: string): string {
  const raw = href.startsWith('#') ? href.slice(1) : href;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}
