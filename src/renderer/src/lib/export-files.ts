/** Pure helpers of the Markdown export UI: report lines, download names. */
import type { ExportReport } from '../../../shared/types';

export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** "notes/a.md: you edited this file; 2 changed highlights were not written" */
export function conflictLine(conflict: ExportReport['conflicts'][number]): string {
  const n = conflict.highlightIds.length;
  const what =
    conflict.reason === 'highlights_changed'
      ? `${plural(n, 'changed highlight')} ${n === 1 ? 'was' : 'were'} not written`
      : conflict.reason === 'highlights_deleted'
        ? `${plural(n, 'deleted highlight')} ${n === 1 ? 'was' : 'were'} not removed`
        : conflict.reason === 'note_changed'
          ? 'the changed article note was not written'
          : String(conflict.reason);
  return `${conflict.path}: you edited this file; ${what}`;
}

/** YYYY-MM-DD in local time. */
export function localDay(date: Date = new Date()): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Makes every name unique inside an archive: `a.md`, `a-2.md`, … (case-insensitively). */
export function uniqueNames(names: readonly string[]): string[] {
  const taken = new Set<string>();
  return names.map((name) => {
    const safe = name.replace(/[\\/]/g, '-') || 'note.md';
    const dot = safe.lastIndexOf('.');
    const stem = dot > 0 ? safe.slice(0, dot) : safe;
    const ext = dot > 0 ? safe.slice(dot) : '';
    let candidate = safe;
    for (let i = 2; taken.has(candidate.toLowerCase()); i++) candidate = `${stem}-${i}${ext}`;
    taken.add(candidate.toLowerCase());
    return candidate;
  });
}
