import type { PageResource } from './page-folder';
import type { ArticleFormat, ArticleMeta } from '../../shared/types';

/** Bytes to import, with the name they came with. */
export interface ImportInput {
  /** File name (or last URL path segment); its extension picks the importer. */
  fileName: string;
  bytes: Uint8Array;
  /** Where the bytes came from, when known (a URL); used to resolve links. */
  sourceUrl?: string;
  /** Files that came with an HTML file (its `_files` folder), named relative to its folder. */
  resources?: readonly PageResource[];
  /** Opens an encrypted PDF for this import only; never stored. */
  password?: string;
}

/** One normalized article, ready to store. */
export interface ImportedArticle {
  format: ArticleFormat;
  meta: ArticleMeta;
  /** Sanitized body HTML, without the title heading. */
  html: string;
  /** canonicalText() of `html`. */
  text: string;
  /** Tags found in the source (Markdown front matter), trimmed, deduplicated. */
  tags: string[];
}
