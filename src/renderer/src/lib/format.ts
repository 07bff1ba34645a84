/** Display helpers for article metadata. */
import type { ArticleSummary, ReadState } from '../../../shared/types';

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

/** Parses an ISO date or date-time; a bare date is a calendar day, not UTC midnight. */
export function parseDate(iso: string): Date | null {
  const day = DATE_ONLY.exec(iso);
  const date = day ? new Date(Number(day[1]), Number(day[2]) - 1, Number(day[3])) : new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

export function formatDate(iso: string): string | null {
  const date = parseDate(iso);
  return date ? dateFormat.format(date) : null;
}

/** The date to show for an article: published if known, else when it was added. */
export function articleDate(article: ArticleSummary): { iso: string; text: string; kind: 'published' | 'added' } | null {
  if (article.publishedAt) {
    const text = formatDate(article.publishedAt);
    if (text) return { iso: article.publishedAt, text, kind: 'published' };
  }
  const text = formatDate(article.addedAt);
  return text ? { iso: article.addedAt, text, kind: 'added' } : null;
}

export function readingTime(minutes: number): string {
  return `${Math.max(1, Math.round(minutes))} min read`;
}

export function highlightLabel(count: number): string {
  return `${count} highlight${count === 1 ? '' : 's'}`;
}

/** "Unread", "37% read" or "Finished", as the library shows reading state. */
export function progressLabel(state: ReadState, progress: number): string {
  if (state === 'finished') return 'Finished';
  if (state === 'unread') return 'Unread';
  return `${Math.min(99, Math.max(0, Math.round(progress * 100)))}% read`;
}

/** "1.2 MB" */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}
