/**
 * The CLI's commands over the core Library. Output goes through `out`
 * (stdout lines) and `err` (stderr lines) so tests can run them in-process.
 */
import { readFileSync, statSync } from 'node:fs';
import { GlossError } from '../../shared/errors';
import { MAX_IMPORT_BYTES } from '../../shared/contract';
import type { ArticleSummary } from '../../shared/types';
import type { Library } from '../library';

export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
}

export interface ImportReport {
  ok: boolean;
  source: string;
  id?: string;
  title?: string;
  error?: string;
}

function errorMessage(err: unknown): string {
  if (err instanceof GlossError) return err.message;
  if (err && typeof err === 'object' && 'code' in err && err.code === 'ENOENT') return 'No such file.';
  if (err && typeof err === 'object' && 'code' in err && err.code === 'EISDIR') return 'Is a folder, not a file.';
  if (err && typeof err === 'object' && 'code' in err && err.code === 'EACCES') return 'Permission denied.';
  return err instanceof Error ? err.message : String(err);
}

/** Reads a file for import, refusing oversize files before reading them. */
function readImportFile(path: string): Uint8Array {
  const size = statSync(path).size;
  if (size > MAX_IMPORT_BYTES) {
    throw new GlossError('too_large', `The file is ${(size / 1048576).toFixed(1)} MB; Gloss imports files up to 50 MB.`);
  }
  return readFileSync(path);
}

export function importFiles(library: Library, files: readonly string[], json: boolean, io: Io): number {
  let failed = 0;
  for (const source of files) {
    let report: ImportReport;
    try {
      const bytes = readImportFile(source);
      const article = library.importFile({ fileName: source, bytes });
      report = { ok: true, source, id: article.id, title: article.title };
    } catch (err) {
      failed++;
      report = { ok: false, source, error: errorMessage(err) };
    }
    if (json) {
      io.out(
        JSON.stringify(
          report.ok
            ? { ok: true, id: report.id, title: report.title, source }
            : { ok: false, source, error: report.error },
        ),
      );
    } else if (report.ok) io.out(`imported ${report.id}  ${report.title}`);
    else io.err(`failed   ${source}: ${report.error}`);
  }
  return failed > 0 ? 1 : 0;
}

const LIST_FIELDS = [
  'id', 'title', 'author', 'siteName', 'sourceUrl', 'publishedAt', 'addedAt', 'wordCount', 'readingMinutes',
] as const satisfies readonly (keyof ArticleSummary)[];

export function listArticles(library: Library, json: boolean, io: Io): number {
  const articles = library.listArticles();
  if (json) {
    io.out(JSON.stringify(articles.map((a) => Object.fromEntries(LIST_FIELDS.map((f) => [f, a[f]]))), null, 2));
    return 0;
  }
  if (articles.length === 0) {
    io.out('The library is empty. Add articles with: gloss import <file>...');
    return 0;
  }
  for (const a of articles) {
    const by = [a.author, a.siteName].filter(Boolean).join(', ');
    const date = a.publishedAt ? a.publishedAt.slice(0, 10) : '          ';
    io.out(`${a.id}  ${date}  ${String(a.readingMinutes).padStart(3)} min  ${a.title}${by ? ` — ${by}` : ''}`);
  }
  return 0;
}

export function showArticle(library: Library, id: string, json: boolean, textOnly: boolean, io: Io): number {
  const article = library.getArticle(id);
  if (json) {
    io.out(JSON.stringify(textOnly ? { id: article.id, title: article.title, text: article.text } : article, null, 2));
    return 0;
  }
  if (!textOnly) {
    io.out(article.title);
    const details: [string, string | null][] = [
      ['Author', article.author],
      ['Site', article.siteName],
      ['Source', article.sourceUrl ?? article.sourceName],
      ['Published', article.publishedAt],
      ['Added', article.addedAt],
      ['Reading time', `${article.readingMinutes} min (${article.wordCount} words)`],
      ['Tags', article.tags.length ? article.tags.join(', ') : null],
    ];
    for (const [label, value] of details) if (value) io.out(`${label}: ${value}`);
    io.out('');
  }
  io.out(article.text);
  return 0;
}

export function deleteArticle(library: Library, id: string, json: boolean, io: Io): number {
  const article = library.getArticle(id);
  library.deleteArticle(id);
  io.out(json ? JSON.stringify({ ok: true, id, title: article.title }) : `deleted ${id}  ${article.title}`);
  return 0;
}
