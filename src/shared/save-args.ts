/**
 * The saveUrl arguments for one entry of a list of URLs (a list file, or the
 * pages a Pocket, Instapaper or Hypothesis import left to save), within the
 * contract's limits: the one rule the app's URL-list job and the CLI use.
 */
import type { UrlListEntry } from './types';

export interface SaveUrlArgs {
  url: string;
  mode: 'ask';
  tags?: string[];
  addedAt?: string;
  archived?: boolean;
  favorite?: boolean;
}

export function saveUrlArgs(entry: UrlListEntry): SaveUrlArgs {
  const tags = entry.tags.filter((t) => t.length > 0 && t.length <= 64).slice(0, 50);
  return {
    url: entry.url,
    mode: 'ask',
    ...(tags.length > 0 ? { tags } : {}),
    ...(entry.addedAt ? { addedAt: entry.addedAt } : {}),
    ...(entry.archived ? { archived: true } : {}),
    ...(entry.favorite ? { favorite: true } : {}),
  };
}
