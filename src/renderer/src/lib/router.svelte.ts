/**
 * Hash routing: `#/` is the library, `#/article/<id>` the reader (the
 * routes and their hashes: router-hash.ts). Only location.hash changes;
 * the path and query stay put.
 */
import { hashFor, parseHash, placeOf, type ArticlePlace, type Route } from './router-hash';

export { hashFor, parseHash, placeOfMatch, type ArticlePlace, type Route } from './router-hash';

/** History entries we push carry this, so "back to library" can pop instead of push. */
interface EntryState {
  glossFrom?: 'library' | 'review' | 'highlights';
}

class Router {
  route = $state<Route>(parseHash(window.location.hash));
  /** The article the reader showed last; the library focuses its title on return. */
  returnFocusId = $state<string | null>(null);
  /** The reader was opened from the daily review (Open in source): it offers Back to review. */
  fromReview = $state((window.history.state as EntryState | null)?.glossFrom === 'review');
  /** The reader was opened from the Highlights view: it offers Back to highlights (filters and scroll kept). */
  fromHighlights = $state((window.history.state as EntryState | null)?.glossFrom === 'highlights');

  constructor() {
    const sync = (): void => this.#sync();
    window.addEventListener('popstate', sync);
    window.addEventListener('hashchange', sync);
  }

  #sync(): void {
    const next = parseHash(window.location.hash);
    const current = this.route;
    if (current.name === 'article' && next.name === 'library') this.returnFocusId = current.id;
    this.fromReview = next.name === 'article' && (window.history.state as EntryState | null)?.glossFrom === 'review';
    this.fromHighlights = next.name === 'article' && (window.history.state as EntryState | null)?.glossFrom === 'highlights';
    if (hashFor(current) === hashFor(next)) return;
    this.route = next;
  }

  /** Opens an article (at a highlight or a text offset when given), adding a history entry. */
  openArticle(id: string, place: ArticlePlace = {}): void {
    const from: EntryState = this.route.name === 'article' ? {} : { glossFrom: this.route.name };
    const route: Route = { name: 'article', id, ...placeOf(place) };
    window.history.pushState(from, '', hashFor(route));
    this.#sync();
  }

  /** Returns to the library: pops the entry we pushed, or pushes a new one. */
  toLibrary(): void {
    if (this.route.name === 'library') return;
    const state = window.history.state as EntryState | null;
    if (state?.glossFrom === 'library') {
      window.history.back();
      return;
    }
    window.history.pushState({}, '', hashFor({ name: 'library' }));
    this.#sync();
  }

  /** Opens the daily review; from an article opened there, goes back to it (the same card). */
  toReview(): void {
    if (this.route.name === 'review') return;
    const state = window.history.state as EntryState | null;
    if (this.route.name === 'article' && state?.glossFrom === 'review') {
      window.history.back();
      return;
    }
    window.history.pushState({}, '', hashFor({ name: 'review' }));
    this.#sync();
  }

  /** Opens the Highlights view; from an article opened there, goes back to it (its filters and scroll kept). */
  toHighlights(): void {
    if (this.route.name === 'highlights') return;
    const state = window.history.state as EntryState | null;
    if (this.route.name === 'article' && state?.glossFrom === 'highlights') {
      window.history.back();
      return;
    }
    window.history.pushState({}, '', hashFor({ name: 'highlights' }));
    this.#sync();
  }
}

export const router = new Router();
