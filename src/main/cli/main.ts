/**
 * gloss — the command line over the same core as the app.
 *   npm run -s gloss -- <command> [options]
 */
import { fileURLToPath } from 'node:url';
import { GlossError } from '../../shared/errors';
import { createDispatcher } from '../api/dispatch';
import { createHandlers } from '../api/handlers';
import { Library } from '../library';
import { warmUpImporters } from '../import/dom';
import { defaultLibraryDir } from '../paths';
import { startHost } from '../server/http-host';
import { APP_VERSION } from '../version';
import { parseArgs, UsageError } from './args';
import {
  deleteArticle,
  importFiles,
  listArticles,
  listTags,
  searchLibrary,
  showArticle,
  tagArticle,
  showHighlights,
  updateArticle,
  type Io,
} from './commands';
import { backupLibrary, exportJson, exportMarkdown, importJson } from './commands-export';

const USAGE = `gloss ${APP_VERSION} — an offline reader and notes app

Usage: gloss <command> [arguments] [options]

Commands:
  import <file|url>...    import .txt, .md, .markdown, .html, .htm files as new articles,
                          and save http(s) web pages with their images (a URL already
                          saved is not saved twice); with --update, a file or page from
                          the same source as an existing article (same URL, or same file
                          name and title) updates that article in place instead
  list                    list the library, newest first (--tag T, repeatable: only articles
                          with every such tag)
  search <query>          ranked full-text search over titles, authors, text, highlights and
                          notes (--limit N, default 20); "exact phrase" in quotes; the last
                          word also matches as a prefix
  tag <id> <tag>...       add tags to an article
  untag <id> <tag>...     remove tags from an article
  tags                    the tags in use, with how many articles carry each
  show <id>               show an article (--text: only its text)
  highlights <id>         an article's highlights in document order, and its note
  update <id> <file|url>  replace an article's text with a new version (the old one is
                          kept), re-anchor its highlights, and print the anchoring report
                          {"exact":n,"moved":n,"orphaned":n}
  delete <id>             delete an article with its highlights and notes
  export --out DIR        write highlights and notes as Markdown, one file per article:
                          --id ID (repeatable) or --all (every article with highlights or
                          a note); prints the paths written; files you edited are never
                          overwritten (new highlights are appended; other changes are
                          listed as conflicts, exit status 1)
  backup --out FILE       a consistent snapshot of the library file (safe while the app runs)
  export-json --out FILE  every article, highlight, note, tag and asset as versioned JSON
  import-json FILE        restore or merge such a JSON file (by id; newest wins;
                          deletions honoured)
  serve                   serve the app to a browser on 127.0.0.1 (--port N; 0 = any free port)
  help                    this text

Options (before or after the arguments):
  --library DIR           the library folder (default: $GLOSS_LIBRARY or the desktop app's)
  --json                  machine-readable output
  --text                  with show: only the article's text
  --update                with import: update matching articles instead of adding copies
  --port N                with serve: the port (default 0, a free one)
  --out PATH              with export, backup, export-json: where to write
  --tag TAG               with list: only articles with this tag (repeatable)
  --limit N               with search: how many results (1-200, default 20)
`;

const SPEC = {
  library: 'value',
  json: 'flag',
  text: 'flag',
  update: 'flag',
  port: 'value',
  out: 'value',
  id: 'value',
  all: 'flag',
  help: 'flag',
  tag: 'value',
  limit: 'value',
} as const;

const io: Io = {
  out: (line) => process.stdout.write(line + '\n'),
  err: (line) => process.stderr.write(line + '\n'),
};

function rendererDir(): string {
  return process.env.GLOSS_RENDERER_DIR ?? fileURLToPath(new URL('../../../out/renderer', import.meta.url));
}

function needOut(out: string | undefined): string {
  if (!out) throw new UsageError('Say where with --out');
  return out;
}

function needOne(positionals: string[], what: string): string {
  const value = positionals[0];
  if (!value || positionals.length > 1) throw new UsageError(`Expected exactly one ${what}`);
  return value;
}

async function serve(library: Library, portText: string | undefined): Promise<number> {
  const port = portText === undefined ? 0 : Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port must be 0-65535');
  const host = await startHost({
    dispatch: createDispatcher(createHandlers(library, 'browser')),
    rendererDir: rendererDir(),
    port,
    readAsset: (hash) => library.assets.get(hash),
  });
  // Load the HTML parser now rather than on the user's first import.
  setTimeout(warmUpImporters, 100).unref();
  io.out(`Gloss is serving at ${host.url}`);
  io.out(`Library: ${library.dir}  (Ctrl+C to stop)`);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      void host.close().then(resolve);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}

export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    io.out(USAGE);
    return command ? 0 : 2;
  }
  const { positionals, values, all, flags } = parseArgs(rest, SPEC);
  if (flags.has('help')) {
    io.out(USAGE);
    return 0;
  }
  const json = flags.has('json');
  const known = [
    'import', 'list', 'show', 'highlights', 'update', 'delete', 'serve',
    'export', 'backup', 'export-json', 'import-json', 'search', 'tag', 'untag', 'tags',
  ];
  if (!known.includes(command)) throw new UsageError(`Unknown command: ${command}`);
  const library = Library.open(values.library ?? defaultLibraryDir());
  try {
    switch (command) {
      case 'import':
        if (positionals.length === 0) throw new UsageError('Name at least one file to import');
        return await importFiles(library, positionals, { json, update: flags.has('update') }, io);
      case 'list':
        if (positionals.length) throw new UsageError('list takes no arguments; filter with --tag TAG');
        return listArticles(library, json, io, all.tag ?? []);
      case 'search': {
        if (positionals.length === 0) throw new UsageError('Say what to search for');
        const limit = values.limit === undefined ? 20 : Number(values.limit);
        if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw new UsageError('--limit must be 1-200');
        return searchLibrary(library, positionals.join(' '), { json, limit }, io);
      }
      case 'tag':
      case 'untag': {
        if (positionals.length < 2) throw new UsageError(`Expected an article id and at least one tag`);
        const [id, ...tags] = positionals as [string, ...string[]];
        return tagArticle(library, id, tags, command === 'tag', json, io);
      }
      case 'tags':
        return listTags(library, json, io);
      case 'show':
        return showArticle(library, needOne(positionals, 'article id'), json, flags.has('text'), io);
      case 'highlights':
        return showHighlights(library, needOne(positionals, 'article id'), json, io);
      case 'update': {
        if (positionals.length !== 2) throw new UsageError('Expected an article id and a file or URL');
        return await updateArticle(library, positionals[0]!, positionals[1]!, json, io);
      }
      case 'delete':
        return deleteArticle(library, needOne(positionals, 'article id'), json, io);
      case 'export':
        if (positionals.length) throw new UsageError('export takes no arguments; use --id ID or --all');
        return exportMarkdown(library, { out: needOut(values.out), ids: all.id ?? [], all: flags.has('all'), json }, io);
      case 'backup':
        return await backupLibrary(library, needOut(values.out), json, io);
      case 'export-json':
        return exportJson(library, needOut(values.out), json, io);
      case 'import-json':
        return importJson(library, needOne(positionals, 'JSON file'), json, io);
      default:
        return await serve(library, values.port);
    }
  } finally {
    library.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof UsageError) {
      io.err(`gloss: ${err.message}\nRun \`gloss help\` for usage.`);
      process.exitCode = 2;
    } else if (err instanceof GlossError) {
      io.err(`gloss: ${err.message}`);
      process.exitCode = 1;
    } else {
      io.err(`gloss: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      process.exitCode = 1;
    }
  },
);
