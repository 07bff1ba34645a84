/**
 * gloss — the command line over the same core as the app.
 *   npm run -s gloss -- <command> [options]
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { userErrorOf } from '../../shared/errors';
import { isDamagedLibrary } from '../backup/recovery';
import { openLibraryApi, type LibraryApi } from '../api/library-api';
import { warmUpImporters, warmUpWanted } from '../import/warm-up';
import { onceIdle } from '../server/once-idle';
import { defaultLibraryDir } from '../paths';
import { startHost } from '../server/http-host';
import { startShellConnector } from '../connector/server';
import { APP_VERSION } from '../version';
import { parseArgs, UsageError, type ParsedArgs } from './args';
import { LIBRARY_SORTS, type LibrarySort } from '../../shared/types';
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
import { backupLibrary, backupNow, cliServices, exportJson, exportMarkdown, exportScope, importJson } from './commands-export';
import { listBackupsCommand, restoreCommand, withWayForward } from './commands-backup';
import { attachSource } from './commands-migrate';
import { readPassphraseFile, syncCommand, syncStatusCommand } from './commands-sync';
import { highlightFiltersOf, showAllHighlights } from './commands-highlights';
import { showReview } from './commands-review';

const USAGE = `gloss ${APP_VERSION} — an offline reader and notes app

Usage: gloss <command> [arguments] [options]

Commands:
  import <file|url>...    import .txt, .md, .markdown, .html, .htm, .pdf and .epub files as new articles
                          (--password P opens an encrypted PDF; it is never stored),
                          and save http(s) web pages with their images (a URL already
                          saved is not saved twice); with --update, a file or page from
                          the same source as an existing article (same URL, or same file
                          name and title) updates that article in place instead
                          Kindle's My Clippings.txt and Readwise's highlights CSV (recognised
                          by their content) become one entry per book holding its highlights
                          and notes; importing the same file again adds nothing twice
  list                    list the library, newest first (--tag T, repeatable: only articles
                          with every such tag; --sort S: published, title, author, progress)
  search <query>          ranked full-text search over titles, authors, text, highlights and
                          notes, one result per article with its matches under it (--limit N
                          articles, default 20); "exact phrase" in quotes; the last word also
                          matches as a prefix
  tag <id> <tag>...       add tags to an article
  untag <id> <tag>...     remove tags from an article
  tags                    the tags in use, with how many articles carry each
  show <id>               show an article (--text: only its text)
  highlights <id>         an article's highlights in document order, and its note (a PDF's
                          with their page; with --json a book's with their EPUB CFI)
  highlights --all        every highlight in the library, newest first, with its source (filters:
                          --color C, --tag T and --source ID, each repeatable; --since DATE)
  update <id> <file|url>  replace an article's text with a new version (the old one is
                          kept), re-anchor its highlights, and print the anchoring report
                          {"exact":n,"moved":n,"orphaned":n}
  attach <source-id> <document-id>
                          place the highlights of a highlights-only entry (a Kindle or
                          Readwise book) in a document's text: its note and tags go with
                          them and the entry is removed; prints how many were placed
                          exactly, fuzzily or not found (--json: the report)
  delete <id>             delete an article with its highlights and notes
  export --out DIR        write highlights and notes as Markdown, one file per article:
                          --id ID (repeatable), --all (every article with highlights or
                          a note; says how many others it skipped) or --all-articles
                          (every article); prints the paths written; files you edited are never
                          overwritten (new highlights are appended; other changes are
                          listed as conflicts, exit status 1)
  backup [--out FILE]     a consistent snapshot of the library file (safe while the app runs);
                          without --out, into the library's backups/ folder
  backups                 the library's backups, newest first: date, reason (daily,
                          manual, pre-migration, before-restore), size, file
  restore <backup|file>   replace the library with a backup (a name from \`gloss backups\`, or
                          a file) after checking it; the current library file is kept in
                          backups/ as before-restore; refused while another Gloss process
                          has the library open
  review                  today's daily review: the highlights left to review (the app's Review
                          screen; the same set all day), with the day's progress and streak
  export-json --out FILE  every article, highlight, note, tag and asset as versioned JSON
  import-json FILE        restore or merge such a JSON file (by id; newest wins;
                          deletions honoured)
  serve                   serve the app to a browser on 127.0.0.1 (--port N; 0 = any free port), with
                          the browser extension's connector on 127.0.0.1:21451 (GLOSS_CONNECTOR_PORT: another, or off)
  sync                    one sync round through a folder a sync app (Syncthing, Dropbox, ...) keeps
                          in step: publish this library's changes, then apply the other devices'
                          (--folder DIR and --device-name NAME, both remembered); \`sync status\`:
                          the folder, the devices and the last round. --passphrase-file F: the folder
                          is encrypted with the passphrase in F (a new folder becomes encrypted); the
                          key derived from it is remembered on this device, the passphrase never
  help                    this text

Options (before or after the arguments):
  --library DIR           the library folder (default: $GLOSS_LIBRARY or the desktop app's)
  --json                  machine-readable output
  --text                  with show: only the article's text
  --update                with import: update matching articles instead of adding copies
  --port N                with serve: the port (default 0, a free one)
  --out PATH              with export, backup, export-json: where to write
  --tag TAG               with list: only articles with this tag (repeatable)
  --sort S                with list: added (default), published, title, author or progress
  --limit N               with search: how many articles (1-200, default 20)

Backups: before upgrading a library to a new schema, and at the first write of each day,
Gloss copies the library into DIR/backups/ (keeping the newest of each of the last 7 days
and of the last 4 weeks, the last 5 made by hand and the last 3 pre-upgrade copies).
`;

/** The app's first screen loads in about a second; warm up after this much quiet. */
const WARM_UP_AFTER_QUIET_MS = 1500;

const SPEC = {
  library: 'value',
  json: 'flag',
  text: 'flag',
  update: 'flag',
  password: 'value',
  port: 'value',
  out: 'value',
  id: 'value',
  all: 'flag',
  'all-articles': 'flag',
  help: 'flag',
  tag: 'value',
  sort: 'value',
  limit: 'value',
  color: 'value',
  source: 'value',
  since: 'value',
  folder: 'value',
  'device-name': 'value',
  'passphrase-file': 'value',
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

/** The browser host: its own dispatcher (shell 'browser', no CLI services) over the same library. */
async function serve(dir: string, port: number): Promise<number> {
  let library: LibraryApi;
  try {
    library = openLibraryApi(dir, { shell: 'browser', syncInBackground: true });
  } catch (err) {
    throw withWayForward(err, dir);
  }
  try {
    return await serveLibrary(library, port);
  } catch (err) {
    throw withWayForward(err, dir);
  } finally {
    await library.close();
  }
}

async function serveLibrary(library: LibraryApi, port: number): Promise<number> {
  const host = await startHost({
    dispatch: library.dispatch,
    rendererDir: rendererDir(),
    port,
    readAsset: (hash) => library.readAsset(hash),
    readDocument: (hash) => library.readDocument(hash),
    importUpload: library.importUpload,
  });
  // Load the HTML parser before the user's first import, but once the app's
  // first screen is in: it blocks the server for a moment.
  if (warmUpWanted()) onceIdle(host.server, WARM_UP_AFTER_QUIET_MS, warmUpImporters);
  io.out(`Gloss is serving at ${host.url}`);
  io.out(`Library: ${library.dir}  (Ctrl+C to stop)`);
  const connector = await startShellConnector(library.dispatch, { info: io.out, warn: (line) => io.err(`gloss: ${line}`) });
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      void Promise.all([host.close(), connector?.close()]).then(() => resolve());
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
  const known = [...READS, ...WRITES, 'serve', 'backups', 'restore'];
  if (!known.includes(command)) throw new UsageError(`Unknown command: ${command}`);
  const dir = resolve(values.library ?? defaultLibraryDir());
  // These two never open the library: they must work on a damaged one.
  if (command === 'backups') {
    if (positionals.length) throw new UsageError('backups takes no arguments');
    return listBackupsCommand(dir, json, io);
  }
  if (command === 'restore') return restoreCommand(dir, needOne(positionals, 'backup name or file'), json, io);
  if (command === 'serve') return serve(dir, portOf(values.port));

  // Usage errors are found before the library is opened (or found missing).
  const run = plan(command, { positionals, values, all, flags }, json);
  let api: LibraryApi;
  try {
    api = openLibraryApi(dir, {
      shell: 'cli',
      // Reading a library that is not there says so, instead of making an empty one.
      open: READS.includes(command) ? { create: false, access: 'read' } : {},
      services: cliServices(values.out),
    });
  } catch (err) {
    throw withWayForward(err, dir);
  }
  try {
    if (WRITES.includes(command)) await dailyBackup(api);
    return await run(api);
  } catch (err) {
    throw withWayForward(err, dir);
  } finally {
    await api.close();
  }
}

function portOf(value: string | undefined): number {
  const port = value === undefined ? 0 : Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port must be 0-65535');
  return port;
}

type Run = (api: LibraryApi) => Promise<number>;

const isLibrarySort = (s: string): s is LibrarySort => (LIBRARY_SORTS as readonly string[]).includes(s);

/** Checks a library command's arguments; answers what runs it on the open library. */
function plan(command: string, args: ParsedArgs, json: boolean): Run {
  const { positionals, values, all, flags } = args;
  switch (command) {
    case 'import':
      if (positionals.length === 0) throw new UsageError('Name at least one file to import');
      return (api) => importFiles(api, positionals, { json, update: flags.has('update'), ...(values.password !== undefined ? { password: values.password } : {}) }, io);
    case 'list': {
      if (positionals.length) throw new UsageError('list takes no arguments; filter with --tag TAG');
      const sort = values.sort;
      if (sort !== undefined && !isLibrarySort(sort)) throw new UsageError(`--sort must be one of ${LIBRARY_SORTS.join(', ')}`);
      return (api) => listArticles(api, json, io, all.tag ?? [], sort);
    }
    case 'search': {
      if (positionals.length === 0) throw new UsageError('Say what to search for');
      const limit = values.limit === undefined ? 20 : Number(values.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw new UsageError('--limit must be 1-200');
      return (api) => searchLibrary(api, positionals.join(' '), { json, limit }, io);
    }
    case 'tag':
    case 'untag': {
      if (positionals.length < 2) throw new UsageError(`Expected an article id and at least one tag`);
      const [id, ...tags] = positionals as [string, ...string[]];
      return (api) => tagArticle(api, id, tags, command === 'tag', json, io);
    }
    case 'tags':
      return (api) => listTags(api, json, io);
    case 'show': {
      const id = needOne(positionals, 'article id');
      return (api) => showArticle(api, id, json, flags.has('text'), io);
    }
    case 'highlights': {
      if (flags.has('all')) {
        if (positionals.length) throw new UsageError('highlights --all takes no article id');
        const filters = highlightFiltersOf({
          colors: all.color ?? [],
          tags: all.tag ?? [],
          sources: all.source ?? [],
          ...(values.since === undefined ? {} : { since: values.since }),
          json,
        });
        return (api) => showAllHighlights(api, filters, json, io);
      }
      if (all.color || all.source || values.since !== undefined) throw new UsageError('--color, --source and --since go with highlights --all');
      const id = needOne(positionals, 'article id');
      return (api) => showHighlights(api, id, json, io);
    }
    case 'update': {
      if (positionals.length !== 2) throw new UsageError('Expected an article id and a file or URL');
      return (api) => updateArticle(api, positionals[0]!, positionals[1]!, json, io);
    }
    case 'attach': {
      if (positionals.length !== 2) throw new UsageError('Expected a source id and a document id');
      return (api) => attachSource(api, positionals[0]!, positionals[1]!, json, io);
    }
    case 'delete': {
      const id = needOne(positionals, 'article id');
      return (api) => deleteArticle(api, id, json, io);
    }
    case 'export': {
      if (positionals.length) throw new UsageError('export takes no arguments; use --id ID, --all or --all-articles');
      needOut(values.out); // the API asks where to write; cliServices answers --out
      const scope = exportScope(flags.has('all'), flags.has('all-articles'), all.id ?? []);
      return (api) => exportMarkdown(api, { ids: all.id ?? [], scope, json }, io);
    }
    case 'backup':
      return (api) => (values.out === undefined ? backupNow(api, json, io) : backupLibrary(api, json, io));
    case 'export-json': {
      const out = needOut(values.out);
      return (api) => exportJson(api, out, json, io);
    }
    case 'review':
      if (positionals.length) throw new UsageError('review takes no arguments');
      return (api) => showReview(api, json, io);
    case 'sync': {
      if (positionals[0] === 'status' && positionals.length === 1) return (api) => syncStatusCommand(api, json, io);
      if (positionals.length) throw new UsageError('sync takes no arguments but status; say the folder with --folder DIR');
      const folder = values.folder;
      const deviceName = values['device-name'];
      const passphraseFile = values['passphrase-file'];
      return (api) =>
        syncCommand(
          api,
          { ...(folder !== undefined ? { folder } : {}), ...(deviceName !== undefined ? { deviceName } : {}), ...(passphraseFile !== undefined ? { passphrase: readPassphraseFile(passphraseFile) } : {}), json },
          io,
        );
    }
    case 'import-json': {
      const file = needOne(positionals, 'JSON file');
      return (api) => importJson(api, file, json, io);
    }
    default:
      throw new UsageError(`Unknown command: ${command}`);
  }
}

/** Commands that only read the library (they refuse a folder with none); and those that change it. */
const READS = ['list', 'show', 'search', 'export', 'highlights', 'tags', 'backup', 'export-json'];
// review writes: the day's set is chosen (and kept) on its first call of the day.
const WRITES = ['import', 'update', 'attach', 'delete', 'import-json', 'tag', 'untag', 'review', 'sync'];

/**
 * The first write of a day backs the library up first. A damaged library
 * stops here (its error carries the way forward); any other failure of the
 * backup is a warning, and the command goes on.
 */
async function dailyBackup(api: LibraryApi): Promise<void> {
  try {
    await api.beforeWrite();
  } catch (err) {
    if (isDamagedLibrary(err)) throw err;
    io.err(`gloss: warning: the daily backup failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    const known = userErrorOf(err);
    if (err instanceof UsageError) {
      io.err(`gloss: ${err.message}\nRun \`gloss help\` for usage.`);
      process.exitCode = 2;
    } else if (known) {
      io.err(`gloss: ${known.message}`);
      process.exitCode = 1;
    } else {
      io.err(`gloss: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      process.exitCode = 1;
    }
  },
);
