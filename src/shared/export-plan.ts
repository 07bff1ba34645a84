/**
 * What "export all" writes and what it skips: one rule and one wording for
 * the app's Export all… dialog, its result message and `gloss export`.
 */

/** annotated: articles with highlights or a note (the default); all: every article. */
export const EXPORT_SCOPES = ['annotated', 'all'] as const;
export type ExportScope = (typeof EXPORT_SCOPES)[number];

export interface ExportPlan {
  scope: ExportScope;
  /** The articles to export, newest first. */
  ids: string[];
  /** How many articles have highlights or a note. */
  annotated: number;
  /** How many articles the library holds. */
  total: number;
  /** How many are left out: those without highlights or a note, unless scope is all. */
  skipped: number;
}

/**
 * The plan for `scope`, from the annotated articles' ids and every
 * article's id (both newest first).
 */
export function planExport(scope: ExportScope, annotatedIds: readonly string[], allIds: readonly string[]): ExportPlan {
  const ids = scope === 'all' ? [...allIds] : [...annotatedIds];
  return { scope, ids, annotated: annotatedIds.length, total: allIds.length, skipped: allIds.length - ids.length };
}

function articles(n: number): string {
  return `${n} article${n === 1 ? '' : 's'}`;
}

/** "22 without highlights or notes skipped" ('' when none are). */
export function skippedPhrase(skipped: number): string {
  return skipped === 0 ? '' : `${skipped} without highlights or notes skipped`;
}

/** What an export of this scope will do, said before it starts. */
export function planSummary(plan: Pick<ExportPlan, 'annotated' | 'total'>, scope: ExportScope): string {
  if (scope === 'all') return `Export all ${articles(plan.total)}.`;
  const without = plan.total - plan.annotated;
  const skipped = without === 0 ? '' : ` (${without} without ${without === 1 ? 'is' : 'are'} skipped)`;
  return `Export ${articles(plan.annotated)} with highlights or notes${skipped}.`;
}
