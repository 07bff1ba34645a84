/**
 * Is this import already in the library? The one rule for every entry
 * point (CLI import, the app's Import button, drops, pastes, URL saves,
 * URL lists), applied by Library to what an import produced:
 *
 * - 'identical': an article with the same title and the same canonical text
 *   (the same file again, or the same page saved again unchanged). Nothing
 *   new to keep: the shells offer to skip it.
 * - 'same-source': an article from the same place: a URL equal to one the
 *   candidate has (where it was fetched, its canonical URL / og:url) as an
 *   article's source URL or canonical URL, so a page saved from the web
 *   finds the file it was imported from; or, for files, the same file name
 *   and title. Its text differs: the shells offer to update it.
 *
 * A highlights-only source is never a duplicate of a page: one with a URL
 * waits for that page, which takes its highlights when stored
 * (migrate/waiting.ts).
 */
import type { Database, Statement } from 'better-sqlite3';
import type { ArticleSummary, DuplicateMatch } from '../shared/types';
import type { ArticleStore } from './db/articles';
import { addressKeys } from './web/url';

export type { DuplicateMatch };

export interface Duplicate {
  match: DuplicateMatch;
  existing: ArticleSummary;
}

/** What an import would store, as far as recognising it goes. */
export interface DuplicateCandidate {
  title: string;
  /** Its canonical text (what highlights anchor to). */
  text: string;
  /** Addresses it has: where it was fetched, the canonical URL it declares. */
  urls: readonly (string | null | undefined)[];
  /** A file's name (null for web pages). */
  sourceName: string | null;
}

export class DuplicateFinder {
  private readonly sameText: Statement<[string, string], string>;
  private readonly sameUrl: Statement<[string, string], string>;

  constructor(
    db: Database,
    private readonly articles: ArticleStore,
  ) {
    // Title first (indexed, NOCASE like the index) narrows to a few rows whose text is compared.
    this.sameText = db
      .prepare<[string, string], string>(
        `SELECT a.id FROM articles a JOIN article_bodies b ON b.article_seq = a.seq
         WHERE a.title = ? COLLATE NOCASE AND b.text = ?
         ORDER BY a.updated_at DESC, a.seq DESC LIMIT 1`,
      )
      .pluck();
    // canonical_url has no index: it is scanned only when the indexed source_url misses.
    this.sameUrl = db
      .prepare<[string, string], string>(
        `SELECT id FROM (
           SELECT a.id, a.updated_at, a.seq FROM articles a WHERE a.source_url = ? AND a.format <> 'highlights'
           UNION ALL
           SELECT a.id, a.updated_at, a.seq FROM articles a WHERE a.canonical_url = ? AND a.format <> 'highlights'
         ) ORDER BY updated_at DESC, seq DESC LIMIT 1`,
      )
      .pluck();
  }

  /**
   * The article this candidate duplicates, identical ones first; undefined
   * when it is new. `sameSourceOnly`: an update replaces the article from the
   * same source, never an identical one from elsewhere; `identicalOnly`:
   * only an identical article counts.
   */
  find(candidate: DuplicateCandidate, options: { sameSourceOnly?: boolean; identicalOnly?: boolean } = {}): Duplicate | undefined {
    const identical =
      !options.sameSourceOnly && candidate.title && candidate.text ? this.sameText.get(candidate.title, candidate.text) : undefined;
    const identicalSummary = identical ? this.articles.summary(identical) : undefined;
    if (identicalSummary) return { match: 'identical', existing: identicalSummary };
    if (options.identicalOnly) return undefined;
    const existing = this.findByUrl(candidate.urls) ?? this.findByName(candidate);
    return existing ? { match: 'same-source', existing } : undefined;
  }

  /** An article at one of these addresses (as written, or normalized: fragment and tracking parameters dropped). */
  findByUrl(urls: readonly (string | null | undefined)[]): ArticleSummary | undefined {
    for (const key of addressKeys(urls)) {
      const id = this.sameUrl.get(key, key);
      const summary = id ? this.articles.summary(id) : undefined;
      if (summary) return summary;
    }
    return undefined;
  }

  private findByName(candidate: DuplicateCandidate): ArticleSummary | undefined {
    if (!candidate.sourceName) return undefined;
    const found = this.articles.findSameSource({
      sourceUrl: candidate.urls.find((u): u is string => !!u) ?? null,
      sourceName: candidate.sourceName,
      title: candidate.title,
    });
    return found?.format === 'highlights' ? undefined : found;
  }
}
