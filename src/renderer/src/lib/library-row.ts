/**
 * What a library row shows beside the title: the site's domain, the lead
 * image's thumbnail URL, and the dates, each labelled so the day an article
 * was published is never mistaken for the day it was saved.
 */
import type { ArticleSummary } from '../../../shared/types';
import { formatDate } from './format';
import { parseHttpUrl } from '../../../shared/http-url';
import { authorAndSite } from '../../../shared/site-name';

const ASSET_HASH = /^[0-9a-f]{64}$/;

/** The host of an http(s) address without a leading "www.", or null. */
export function domainOf(url: string | null | undefined): string | null {
  const parsed = url ? parseHttpUrl(url) : null;
  if (!parsed) return null;
  const host = parsed.hostname.replace(/^www\./i, '').replace(/\.$/, '');
  return host || null;
}

/** The site an article came from: where it was fetched, else the address the page declared as its own. */
export function articleDomain(article: Pick<ArticleSummary, 'sourceUrl' | 'canonicalUrl'>): string | null {
  return domainOf(article.sourceUrl) ?? domainOf(article.canonicalUrl);
}

/**
 * The author beside the row's site (its domain, else its name), unless the
 * author is the site under either name (shared/site-name.ts: "Mac & i" on
 * heise.de with site name "Mac & i" shows once).
 */
export function rowAuthor(article: Pick<ArticleSummary, 'author' | 'siteName'>, site: string | null): string | null {
  if (!article.author) return null;
  return [site, article.siteName].some((s) => s && authorAndSite(article.author, s).author === null) ? null : article.author;
}

/**
 * The lead image as the app serves stored assets (/asset/<sha256>, the same
 * origin in both shells, as the reader shows saved images); null without one.
 */
export function thumbnailUrl(article: Pick<ArticleSummary, 'leadImage'>): string | null {
  return article.leadImage && ASSET_HASH.test(article.leadImage) ? `/asset/${article.leadImage}` : null;
}

export interface LabelledDate {
  label: 'Published' | 'Saved';
  iso: string;
  text: string;
}

/** "Published …" when the article says so, and always "Saved …" (the day it came into the library). */
export function rowDates(article: Pick<ArticleSummary, 'publishedAt' | 'addedAt'>): LabelledDate[] {
  const dates: LabelledDate[] = [];
  const published = article.publishedAt ? formatDate(article.publishedAt) : null;
  if (article.publishedAt && published) dates.push({ label: 'Published', iso: article.publishedAt, text: published });
  const saved = formatDate(article.addedAt);
  if (saved) dates.push({ label: 'Saved', iso: article.addedAt, text: saved });
  return dates;
}

/** "21 of 25" when a filter hides some of the library, else "25 articles". */
export function countLabel(shown: number, libraryTotal: number, filtered: boolean): string {
  if (filtered) return `${shown.toLocaleString()} of ${libraryTotal.toLocaleString()}`;
  return `${shown.toLocaleString()} article${shown === 1 ? '' : 's'}`;
}
