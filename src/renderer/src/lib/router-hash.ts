/**
 * The reader's routes as hashes, and back: `#/` the library,
 * `#/article/<id>` an article at its saved place, `…/highlight/<hid>` at a
 * highlight, `…/at/<offset>` at a place in its canonical text. Pure (no
 * window), so the rules are tested in Node; router.svelte.ts applies them.
 */
import type { SearchMatch } from '../../../shared/types';

export type Route =
  | { name: 'library' }
  | { name: 'review' }
  | { name: 'highlights' }
  | ({ name: 'article'; id: string } & ArticlePlace);

/** Where an article opens instead of its saved place: a highlight, or an offset in its canonical text (a search hit). */
export type ArticlePlace = { highlightId?: string; offset?: undefined } | { highlightId?: undefined; offset?: number };

// `#/article/<id>/highlight/<hid>` is where gloss:// links from exported notes land;
// `#/article/<id>/at/<offset>` is where a search hit in the text opens.
// `#/review` is the daily review (#18).
const REVIEW = /^#\/review\/?$/;
// `#/highlights` is every highlight across the library (#18).
const HIGHLIGHTS = /^#\/highlights\/?$/;
const ARTICLE = /^#\/article\/([a-z0-9]{4,40})(?:\/highlight\/([a-z0-9]{4,40})|\/at\/(0|[1-9][0-9]{0,14}))?\/?$/;

export function parseHash(hash: string): Route {
  if (REVIEW.test(hash)) return { name: 'review' };
  if (HIGHLIGHTS.test(hash)) return { name: 'highlights' };
  const match = ARTICLE.exec(hash);
  if (!match?.[1]) return { name: 'library' };
  if (match[2]) return { name: 'article', id: match[1], highlightId: match[2] };
  if (match[3]) return { name: 'article', id: match[1], offset: Number(match[3]) };
  return { name: 'article', id: match[1] };
}

export function hashFor(route: Route): string {
  if (route.name === 'review') return '#/review';
  if (route.name === 'highlights') return '#/highlights';
  if (route.name !== 'article') return '#/';
  if (route.highlightId) return `#/article/${route.id}/highlight/${route.highlightId}`;
  if (route.offset !== undefined) return `#/article/${route.id}/at/${route.offset}`;
  return `#/article/${route.id}`;
}

/** Where a search match opens its article: at its highlight, at its place in the text, or (title, notes) the saved place. */
export function placeOfMatch(match: Pick<SearchMatch, 'highlightId' | 'offset'> | undefined): ArticlePlace {
  return placeOf(match?.highlightId ? { highlightId: match.highlightId } : { offset: match?.offset });
}

/** Only the keys that are set (a route compares by its hash, and holds no undefined keys). */
export function placeOf(place: ArticlePlace): ArticlePlace {
  if (place.highlightId) return { highlightId: place.highlightId };
  if (place.offset !== undefined && Number.isSafeInteger(place.offset) && place.offset >= 0) return { offset: place.offset };
  return {};
}
