/** Pages of the web corpus for the reliability tests. */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { WEB_CORPUS_DIR } from '../helpers/corpus';

/** The n smallest pages of the web corpus (quick to import), in a stable order. */
export function smallCorpusPages(n: number): string[] {
  return readdirSync(WEB_CORPUS_DIR)
    .map((name) => join(WEB_CORPUS_DIR, name, 'source.html'))
    .map((file) => ({ file, size: statSync(file).size }))
    .sort((a, b) => a.size - b.size || a.file.localeCompare(b.file))
    .slice(0, n)
    .map((p) => p.file);
}
