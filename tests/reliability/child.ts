/**
 * A child process for the reliability tests: runs one long operation on a
 * library through the same code the CLI and the app use, printing a line
 * as each item is committed, so the parent can kill it (SIGKILL) at any
 * point and check what it was told.
 *
 *   node --import tsx tests/reliability/child.ts <op> <library> [args...]
 *   (the tests run it bundled: spawn.ts)
 *
 * import <file>...          bulk import (the CLI's `gloss import --json`)
 * urls <list file>          a URL-list save, as the app does it: parseUrlList, then saveUrl for each
 * restore <json file>       `gloss import-json --json`
 * export <dir>              `gloss export --all --json`
 * write <tag> <n> <seed id> n imports and n highlights on the seed article through the dispatcher
 *
 * It prints `ready` once the library is open and the importers are loaded.
 */
import { readFileSync } from 'node:fs';
import type { Dispatch } from '../../src/main/api/dispatch';
import { openLibraryApi } from '../../src/main/api/library-api';
import { importFiles, type Io } from '../../src/main/cli/commands';
import { cliServices, exportMarkdown, importJson } from '../../src/main/cli/commands-export';
import { warmUpImporters } from '../../src/main/import/warm-up';
import type { Envelope } from '../../src/shared/errors';

const io: Io = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};
const print = (record: unknown): void => io.out(JSON.stringify(record));

/** A quote of `text` at [start, end) with its context, as the reader sends it. */
function quoteAt(text: string, start: number, end: number) {
  return {
    quote: { exact: text.slice(start, end), prefix: text.slice(Math.max(0, start - 32), start), suffix: text.slice(end, end + 32) },
    position: { start, end },
  };
}

async function writeMany(dispatch: Dispatch, tag: string, n: number, seedId: string): Promise<void> {
  const report = (kind: string, envelope: Envelope<unknown>, value: (v: never) => string): void => {
    if (envelope.ok) print({ kind, ok: true, id: value(envelope.value as never) });
    else print({ kind, ok: false, code: envelope.error.code, message: envelope.error.message });
  };
  const seed = await dispatch('getArticle', { id: seedId });
  if (!seed.ok) throw new Error(seed.error.message);
  const text = (seed.value as { text: string }).text;
  // Word starts in the seed, to highlight whole words.
  const starts = [...text.matchAll(/(?<=\s)[A-Za-z]{4,}/g)].map((m) => [m.index, m.index + m[0].length] as const);
  for (let i = 0; i < n; i++) {
    const body = `${tag} note ${i}\n\nWritten by ${tag} as item ${i}. Unique word ${tag}x${i}y.\n`;
    report('import', await dispatch('importFile', { name: `${tag}-${i}.txt`, data: new TextEncoder().encode(body), mode: 'new' }), (v: { article: { id: string } }) => v.article.id);
    const [start, end] = starts[(i * 7 + tag.length) % starts.length]!;
    report(
      'highlight',
      await dispatch('createHighlight', { articleId: seedId, ...quoteAt(text, start, end), color: 'yellow', note: `${tag} ${i}` }),
      (v: { id: string }) => v.id,
    );
  }
}

async function urlList(dispatch: Dispatch, listFile: string): Promise<void> {
  const list = await dispatch('parseUrlList', { name: 'urls.txt', data: new Uint8Array(readFileSync(listFile)) });
  if (!list.ok) throw new Error(list.error.message);
  for (const entry of (list.value as { entries: Array<{ url: string }> }).entries) {
    const saved = await dispatch('saveUrl', { url: entry.url, mode: 'new' });
    if (saved.ok) print({ ok: true, url: entry.url, id: (saved.value as { article: { id: string } }).article.id });
    else print({ ok: false, url: entry.url, code: saved.error.code, error: saved.error.message });
  }
}

async function main(): Promise<number> {
  const [op, dir, ...args] = process.argv.slice(2);
  if (!op || !dir) throw new Error('usage: child.ts <op> <library> [args...]');
  const library = openLibraryApi(dir, {
    shell: 'cli',
    services: cliServices(op === 'export' ? args[0] : undefined),
    onInternalError: (err) => print({ kind: 'crash', error: String(err) }),
  });
  try {
    // Loaded now, so a kill timed from `ready` lands in the operation itself.
    if (op !== 'export') warmUpImporters();
    io.out('ready');
    switch (op) {
      case 'import':
        return await importFiles(library, args, { json: true, update: false }, io);
      case 'urls':
        await urlList(library.dispatch, args[0]!);
        return 0;
      case 'restore':
        return await importJson(library, args[0]!, true, io);
      case 'export':
        return await exportMarkdown(library, { ids: [], scope: 'annotated', json: true }, io);
      case 'write':
        await writeMany(library.dispatch, args[0]!, Number(args[1]), args[2]!);
        return 0;
      default:
        throw new Error(`unknown op ${op}`);
    }
  } finally {
    await library.close();
  }
}

main().then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    io.err(err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exitCode = 1;
  },
);
