/**
 * Hash routing: `#/` is the library, `#/article/<id>` the reader.
 * Only location.hash changes; the path and query stay put.
 */
export type Route = { name: 'library' } | { name: 'article'; id: string; highlightId?: string };

// `#/article/<id>/highlight/<hid>` is where gloss:// links from exported notes land.
const ARTICLE = /^#\/article\/([a-z0-9]{4,40})(?:\/highlight\/([a-z0-9]{4,40}))?\/?$/;

export function parseHash(hash: string): Route {
  const match = ARTICLE.exec(hash);
  if (match?.[1]) return match[2] ? { name: 'article', id: match[1], highlightId: match[2] } : { name: 'article', id: match[1] };
  return { name: 'library' };
}

export function hashFor(route: Route): string {
  if (route.name !== 'article') return '#/';
  return route.highlightId ? `#/article/${route.id}/highlight/${route.highlightId}` : `#/article/${route.id}`;
}

/** History entries we push carry this, so "back to library" can pop instead of push. */
interface EntryState {
  glossFrom?: 'library';
}

class Router {
  route = $state<Route>(parseHash(window.location.hash));
  /** The article the reader showed last; the library focuses its title on return. */
  returnFocusId = $state<string | null>(null);

  constructor() {
    const sync = (): void => this.#sync();
    window.addEventListener('popstate', sync);
    window.addEventListener('hashchange', sync);
  }

  #sync(): void {
    const next = parseHash(window.location.hash);
    const current = this.route;
    if (current.name === 'article' && next.name === 'library') this.returnFocusId = current.id;
    if (hashFor(current) === hashFor(next)) return;
    this.route = next;
  }

  /** Opens an article (scrolled to a highlight when given), adding a history entry. */
  openArticle(id: string, highlightId?: string): void {
    const from: EntryState = this.route.name === 'library' ? { glossFrom: 'library' } : {};
    const route: Route = highlightId ? { name: 'article', id, highlightId } : { name: 'article', id };
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
}

export const router = new Router();
