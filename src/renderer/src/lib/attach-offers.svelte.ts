/**
 * Offers to place a highlights-only source's highlights (a Kindle or
 * Readwise book) in a document that may be its text: after an import
 * brings in either side, one question at a time (AttachHighlightsDialog),
 * and on request for one source (Place in a document…, the picker). The
 * match itself is main's rule (findSourceMatches); placing is one call.
 */
import type { ArticleSummary, AttachReport, SourceMatchStrength } from '../../../shared/types';
import { api } from './api';
import { messageOf } from './errors';
import { libraryList } from './library-list.svelte';
import { messages } from './messages.svelte';
import { router } from './router.svelte';

export interface AttachOffer {
  source: ArticleSummary;
  document: ArticleSummary;
  /** 'title' alone is unsure: the dialog says so. */
  match: SourceMatchStrength;
}

function plural(n: number, one: string): string {
  return `${n} ${one}${n === 1 ? '' : 's'}`;
}

/** "Placed 3 highlights in “Title”: 2 exactly, 1 not found in the text — Review unplaced in the Highlights panel." */
export function attachSummary(title: string, report: AttachReport): string {
  const total = report.exact + report.fuzzy + report.unplaced;
  const parts = [`${report.exact} exactly`];
  if (report.fuzzy) parts.push(`${report.fuzzy} approximately`);
  if (report.unplaced) parts.push(`${report.unplaced} not found in the text`);
  const review = report.unplaced ? ': review them under Review unplaced in the Highlights panel' : '';
  return `Placed ${plural(total, 'highlight')} in “${title}”: ${parts.join(', ')}${review}.`;
}

class AttachOffers {
  /** The question on screen. */
  current = $state<AttachOffer | null>(null);
  /** The source whose document the user is picking (Place in a document…). */
  picking = $state<ArticleSummary | null>(null);
  busy = $state(false);
  #queue: AttachOffer[] = [];
  #asked = new Set<string>();

  /**
   * After an import: the sources each new document may hold, and the
   * document each new source may be the text of (its strongest match);
   * each source asked about once in this window. A failed look-up (an
   * article deleted meanwhile) asks nothing: an offer is a convenience.
   */
  async offerAfterImport(documents: readonly ArticleSummary[], sourceIds: readonly string[]): Promise<void> {
    for (const document of documents) {
      try {
        for (const m of await api.findSourceMatches({ articleId: document.id })) this.#add({ source: m.article, document, match: m.match });
      } catch {
        // Asks nothing about this one.
      }
    }
    for (const sourceId of sourceIds) {
      try {
        const [best] = await api.findSourceMatches({ articleId: sourceId });
        if (!best || this.#asked.has(sourceId)) continue;
        // The rule is symmetric: the document's matches hold the source's summary.
        const back = await api.findSourceMatches({ articleId: best.article.id });
        const source = back.find((m) => m.article.id === sourceId)?.article;
        if (source) this.#add({ source, document: best.article, match: best.match });
      } catch {
        // Asks nothing about this one.
      }
    }
  }

  #add(offer: AttachOffer): void {
    if (offer.source.format !== 'highlights' || this.#asked.has(offer.source.id)) return;
    this.#asked.add(offer.source.id);
    if (this.current) this.#queue.push(offer);
    else this.current = offer;
  }

  #next(): void {
    this.current = this.#queue.shift() ?? null;
  }

  /** Not now: the source stays as it is (Place in a document… remains on it). */
  decline(): void {
    this.#next();
  }

  /** Places the source's highlights in the document and opens it. */
  async place(sourceId: string, document: Pick<ArticleSummary, 'id' | 'title'>): Promise<boolean> {
    this.busy = true;
    try {
      const report = await api.attachSourceToDocument({ sourceId, documentId: document.id });
      messages.success(attachSummary(document.title, report));
      this.picking = null;
      // Questions about this source are answered; one about another source for the same document stays.
      this.#queue = this.#queue.filter((o) => o.source.id !== sourceId);
      if (this.current?.source.id === sourceId) this.#next();
      router.openArticle(document.id);
      await libraryList.reload();
      return true;
    } catch (error) {
      messages.error(`Could not place the highlights: ${messageOf(error)}`);
      return false;
    } finally {
      this.busy = false;
    }
  }

  accept(): Promise<boolean> {
    const offer = this.current;
    if (!offer) return Promise.resolve(false);
    return this.place(offer.source.id, offer.document);
  }
}

export const attachOffers = new AttachOffers();
