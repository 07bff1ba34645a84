/**
 * Find in the document (Ctrl/Cmd+F in the reader): the find bar's state.
 * Matching runs over the document's canonical text (find-matches.ts), so a
 * PDF's pages not drawn yet are searched too; the view shown (an article
 * body or the PDF view) gives a FindSurface that paints the matches with the
 * highlight painter and brings one into view (a PDF draws its page first).
 */
import { untrack } from 'svelte';
import type { HighlightPainter } from './painter';
import { findMatches, firstMatchFrom, foldText, NO_MATCHES, type FindMatches, type FoldedText } from './find-matches';

/** What find needs of the view showing the document. */
export interface FindSurface {
  /** The canonical text searched (highlights anchor into the same text). */
  text: string;
  painter: HighlightPainter;
  /** The canonical offset at the top of the reading area: the first match from there is the current one. */
  viewStart(): number;
  /**
   * Brings the text [start, end) into view, drawing its page first where
   * needed; `stale()` turns true when another match was asked for meanwhile
   * (then it must not scroll).
   */
  reveal(start: number, end: number, stale: () => boolean): Promise<void>;
}

export class DocumentFind {
  shown = $state(false);
  query = $state('');
  count = $state(0);
  /** The index of the current match (-1: none). */
  current = $state(-1);
  /** Bumped by show(): the bar focuses its field and selects what is in it. */
  focusRequests = $state(0);

  #surface: FindSurface | null = null;
  #folded: { text: string; folded: FoldedText } | null = null;
  #matches: FindMatches = NO_MATCHES;
  #returnFocus: HTMLElement | null = null;
  #reveals = 0;

  /** "3 of 12", "No matches", or nothing before a query is typed. */
  get status(): string {
    if (!this.shown || !this.query.trim()) return '';
    if (this.count === 0) return 'No matches';
    return `${this.current + 1} of ${this.count}`;
  }

  /**
   * The view showing the document (null when it goes): matches are found
   * again in its text. Views call it from effects, which must not come to
   * depend on the query: untracked.
   */
  setSurface(surface: FindSurface | null): void {
    untrack(() => {
      this.#surface?.painter.setFind(NO_MATCHES, -1);
      this.#surface = surface;
      if (this.shown && this.query) this.#search(false);
    });
  }

  /** Opens the bar (or focuses it again), remembering where focus was to give it back on close. */
  show(): void {
    const active = document.activeElement;
    if (!this.shown && active instanceof HTMLElement && active !== document.body) this.#returnFocus = active;
    this.shown = true;
    this.focusRequests++;
    if (this.query) this.#search(false);
  }

  close(): void {
    if (!this.shown) return;
    this.shown = false;
    this.#reveals++;
    this.#surface?.painter.setFind(NO_MATCHES, -1);
    this.count = 0;
    this.current = -1;
    const back = this.#returnFocus;
    this.#returnFocus = null;
    if (back?.isConnected) back.focus({ preventScroll: true });
  }

  /** A new query: its matches counted, the first from the reading place made current and shown. */
  setQuery(query: string): void {
    this.query = query;
    this.#search(true);
  }

  next(): void {
    this.#step(1);
  }

  previous(): void {
    this.#step(-1);
  }

  #step(delta: 1 | -1): void {
    if (!this.shown) {
      // F3 with the bar closed: it opens on the first match from the reading place.
      this.show();
      this.#paintAndReveal();
      return;
    }
    if (this.count === 0) return;
    this.current = (this.current + delta + this.count) % this.count;
    this.#paintAndReveal();
  }

  #search(reveal: boolean): void {
    const surface = this.#surface;
    if (!surface) {
      this.#matches = NO_MATCHES;
      this.count = 0;
      this.current = -1;
      return;
    }
    if (this.#folded?.text !== surface.text) this.#folded = { text: surface.text, folded: foldText(surface.text) };
    this.#matches = findMatches(this.#folded.folded, this.query);
    this.count = this.#matches.count;
    if (this.count === 0) {
      this.current = -1;
      surface.painter.setFind(NO_MATCHES, -1);
      return;
    }
    this.current = firstMatchFrom(this.#matches, surface.viewStart()) % this.count;
    if (reveal) this.#paintAndReveal();
    else surface.painter.setFind(this.#matches, this.current);
  }

  #paintAndReveal(): void {
    const surface = this.#surface;
    if (!surface || this.current < 0) return;
    const matches = this.#matches;
    const at = this.current;
    surface.painter.setFind(matches, at);
    // A later step or a close meanwhile wins over a page still being drawn for this one.
    const turn = ++this.#reveals;
    void surface.reveal(matches.starts[at]!, matches.ends[at]!, () => turn !== this.#reveals);
  }
}
