/**
 * The CLI reaches the library only through the API's dispatcher (the one
 * IPC and HTTP use), never the Library, its stores or the modules that
 * write to its database. Read from the files' import statements.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/tmp';

const CLI = join(ROOT, 'src/main/cli');

/** What a CLI module may import besides Node, shared/ and its own folder. */
const ALLOWED = new Set([
  '../api/library-api', // opens the library as a dispatcher
  '../api/handlers', // (types: ShellServices)
  '../backup/backup-files', // backups/ on disk: works on a damaged library that cannot open
  '../backup/recovery',
  '../backup/restore',
  '../import/page-folder-files', // reads a saved page's NAME_files/ images: bytes cross the contract
  '../import/warm-up',
  '../paths',
  '../server/http-host',
  '../connector/server', // the browser extension's connector: a host over the dispatcher, like http-host
  '../server/once-idle', // when `gloss serve` warms the importer up
  '../version',
]);

function importsOf(source: string): string[] {
  return [...source.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]/gm), ...source.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)].map(
    (m) => m[1]!,
  );
}

describe('the CLI and the core', () => {
  it('imports no Library, store or database module: only the dispatcher', () => {
    const files = readdirSync(CLI).filter((f) => f.endsWith('.ts'));
    expect(files).toContain('main.ts');
    const outside: string[] = [];
    for (const file of files) {
      for (const spec of importsOf(readFileSync(join(CLI, file), 'utf8'))) {
        if (spec.startsWith('node:') || spec.startsWith('./') || spec.startsWith('../../shared/')) continue;
        if (!ALLOWED.has(spec)) outside.push(`${file}: ${spec}`);
      }
    }
    expect(outside).toEqual([]);
  });

  it('catches an import of the Library (the check itself works)', () => {
    const imports = importsOf(`import { Library } from '../library';\nimport type { X } from '../db/articles';\n`);
    expect(imports.filter((s) => !ALLOWED.has(s))).toEqual(['../library', '../db/articles']);
  });
});
