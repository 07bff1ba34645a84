/**
 * The contract, implemented once over a Library. Arguments arrive already
 * validated by the dispatcher.
 */
import { resolve } from 'node:path';
import type { Args, Method, Result } from '../../shared/contract';
import { GlossError } from '../../shared/errors';
import { planExport } from '../../shared/export-plan';
import { isCorruption } from '../db/library-check';
import type { Library } from '../library';
import { importJobsOf } from '../migrate/import-jobs';
import type { LibraryInfo } from '../../shared/types';
import { APP_VERSION } from '../version';
import { attachTextToSource, findSourceMatches } from '../migrate';

/**
 * What only a shell can do: native dialogs and the file manager. The
 * desktop shell provides them; the browser host has none (the renderer then
 * downloads files instead), so the methods answer 'unsupported'.
 */
export interface ShellServices {
  chooseFolder?: (title: string) => Promise<string | null>;
  chooseSaveFile?: (title: string, defaultName: string) => Promise<string | null>;
  showFolder?: (dir: string) => void;
}

function unsupported(what: string): GlossError {
  return new GlossError('unsupported', `${what} is only available in the desktop app.`);
}

/** A timestamp usable in file names: 2026-11-25-1304. */
function stamp(now = new Date()): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}-${p(now.getHours())}${p(now.getMinutes())}${p(now.getSeconds())}`;
}

export type Handlers = { [M in Method]: (args: Args<M>) => Result<M> | Promise<Result<M>> };

/**
 * Methods that change nothing in the library (or manage backups
 * themselves): every other method counts as a write, and the first write
 * of a day starts the daily backup.
 */
const NOT_WRITES: ReadonlySet<Method> = new Set<Method>([
  'getInfo', 'listArticles', 'getArticle', 'parseUrlList', 'listImportJobs', 'getAnchoringReport', 'findSourceMatches', 'listHighlights',
  'getArticleNote', 'getSettings', 'listExportable', 'planExport', 'renderMarkdown', 'chooseExportFolder', 'exportToFolder',
  'showFolder', 'backupLibrary', 'listBackups', 'backupNow', 'restoreBackup', 'search', 'listArticlesPage',
  'listTags', 'exportJson',
]);

/**
 * Wraps every handler: a write first starts the daily backup (in the
 * background: the write does not wait for it), and SQLite's "database disk
 * image is malformed" becomes a typed library_corrupt error with the way out.
 */
function guarded(library: Library, shell: LibraryInfo['shell'], handlers: Handlers): Handlers {
  // The command line adds its own way out (the gloss restore command to run).
  const wayOut = shell === 'cli' ? '' : ' Restore a backup in Settings → Backups.';
  const wrapped: Partial<Record<Method, (args: unknown) => Promise<unknown>>> = {};
  for (const method of Object.keys(handlers) as Method[]) {
    const handler = handlers[method] as (args: unknown) => unknown;
    wrapped[method] = async (args) => {
      if (!NOT_WRITES.has(method)) {
        library.beforeWrite()?.catch((err: unknown) => {
          // A library closed meanwhile (the app quitting) cancels the backup: nothing to report.
          if (library.db.open) console.warn('gloss: the daily backup failed:', err);
        });
      }
      try {
        return await handler(args);
      } catch (err) {
        if (!isCorruption(err)) throw err;
        throw new GlossError(
          'library_corrupt',
          `The library file is damaged (${(err as Error).message}).${wayOut}`,
        );
      }
    };
  }
  return wrapped as Handlers;
}

export function createHandlers(
  library: Library,
  shell: LibraryInfo['shell'],
  services: ShellServices = {},
): Handlers {
  return guarded(library, shell, shellHandlers(library, shell, services));
}

function shellHandlers(library: Library, shell: LibraryInfo['shell'], services: ShellServices): Handlers {
  // Folders the user picked in this session: the renderer may only export
  // into one of these, never into a path it made up.
  const chosenFolders = new Set<string>();
  // Background imports (one set per library, whichever shells serve it).
  const jobs = importJobsOf(library, library.dir);
  return {
    getInfo: () => ({
      version: APP_VERSION,
      libraryPath: library.dir,
      articleCount: library.articles.count(),
      shell,
    }),
    listArticles: () => library.listArticles(),
    getArticle: ({ id }) => library.getArticle(id),
    importFile: ({ name, data, mode, resources, password }) =>
      library.importFileWithImages(
        {
          fileName: name,
          bytes: data,
          ...(resources ? { resources: resources.map((r) => ({ name: r.name, bytes: r.data })) } : {}),
          ...(password !== undefined ? { password } : {}),
        },
        mode ?? 'ask',
      ),
    saveUrl: ({ url, mode, tags, addedAt, archived, favorite }) =>
      library.saveUrl(url, {
        mode: mode ?? 'ask',
        ...(tags ? { tags } : {}),
        ...(addedAt ? { addedAt } : {}),
        ...(archived ? { archived } : {}),
        ...(favorite ? { favorite } : {}),
      }),
    parseUrlList: ({ name, data }) => library.parseUrlList(name, data),
    startImportJob: ({ name, data }) => jobs.start(name, data),
    listImportJobs: () => jobs.list(),
    cancelImportJob: ({ id }) => jobs.cancel(id),
    resumeImportJob: ({ id }) => jobs.resume(id),
    dismissImportJob: ({ id }) => {
      jobs.dismiss(id);
      return { id };
    },
    updateArticle: ({ id, name, data }) => library.updateArticle(id, { fileName: name, bytes: data }),
    updateArticleFromUrl: ({ id, url }) => library.updateArticleFromUrl(id, url),
    deleteArticle: ({ id }) => {
      library.deleteArticle(id);
      return { id };
    },
    getAnchoringReport: ({ articleId }) => library.getAnchoringReport(articleId),
    findSourceMatches: ({ articleId }) => findSourceMatches(library, articleId),
    attachSourceToDocument: ({ sourceId, documentId }) => attachTextToSource(library, sourceId, documentId),

    listHighlights: ({ articleId, cfi }) => library.listHighlights(articleId, { cfi: cfi === true }),
    createHighlight: ({ articleId, quote, position, color, note }) =>
      library.createHighlight({ articleId, quote, position, color, ...(note === undefined ? {} : { note }) }),
    updateHighlight: ({ id, color, note, quote, position }) =>
      library.updateHighlight(id, {
        ...(color === undefined ? {} : { color }),
        ...(note === undefined ? {} : { note }),
        ...(quote === undefined || position === undefined ? {} : { quote, position }),
      }),
    deleteHighlight: ({ id }) => {
      library.deleteHighlight(id);
      return { id };
    },
    restoreHighlight: ({ id }) => library.restoreHighlight(id),

    getArticleNote: ({ articleId }) => library.getArticleNote(articleId),
    setArticleNote: ({ articleId, note }) => library.setArticleNote(articleId, note),

    search: ({ query, limit, offset }) =>
      library.search(query, { ...(limit === undefined ? {} : { limit }), ...(offset === undefined ? {} : { offset }) }),
    listArticlesPage: (query) => library.listArticlesPage(query),
    listTags: () => library.listTags(),
    setArticleTags: ({ id, tags }) => ({ id, tags: library.setArticleTags(id, tags) }),
    tagArticles: ({ ids, tags }) => {
      library.tagArticles(ids, tags);
      return { ids };
    },
    untagArticles: ({ ids, tags }) => {
      library.untagArticles(ids, tags);
      return { ids };
    },
    renameTag: ({ from, to }) => library.renameTag(from, to),
    deleteTag: ({ name }) => ({ name, articles: library.deleteTag(name) }),
    setReadingPosition: ({ id, progress, position }) => library.setReadingPosition(id, progress, position),
    setReadState: ({ id, state }) => library.setReadState(id, state),
    setArchived: ({ ids, archived }) => library.setArchived(ids, archived),
    setFavorite: ({ id, favorite }) => library.setFavorite(id, favorite),
    deleteArticles: ({ ids }) => library.deleteArticles(ids),
    undoDeleteArticles: ({ undoToken }) => library.undoDeleteArticles(undoToken),

    getSettings: () => library.getSettings(),
    setSettings: ({ exportTemplate }) => library.setSettings({ exportTemplate }),

    listExportable: () => library.listExportable(),
    planExport: ({ scope }) => planExport(scope, library.listExportable(), library.listArticles().map((a) => a.id)),
    renderMarkdown: ({ articleIds, frontMatter }) => library.renderMarkdown(articleIds, { frontMatter: frontMatter ?? true }),
    chooseExportFolder: async () => {
      if (!services.chooseFolder) throw unsupported('Exporting to a folder');
      const dir = await services.chooseFolder('Export notes to folder');
      if (!dir) return null;
      chosenFolders.add(resolve(dir));
      return { dir: resolve(dir) };
    },
    exportToFolder: ({ dir, articleIds }) => {
      if (!chosenFolders.has(resolve(dir))) {
        throw new GlossError('forbidden', 'Choose the export folder first (Export notes… asks for it).');
      }
      return library.exportToFolder(resolve(dir), articleIds);
    },
    showFolder: ({ dir }) => {
      if (!services.showFolder) throw unsupported('Showing a folder');
      if (!chosenFolders.has(resolve(dir))) throw new GlossError('forbidden', 'Only folders you chose can be shown.');
      services.showFolder(resolve(dir));
      return null;
    },
    backupLibrary: async () => {
      const name = `gloss-backup-${stamp()}.sqlite`;
      let file: string | null;
      if (services.chooseSaveFile) {
        file = await services.chooseSaveFile('Back up library', name);
        if (!file) return null;
      } else {
        // The browser host cannot ask where: a manual backup in backups/ (listed in Settings → Backups).
        const { file: saved, bytes } = await library.backupNow();
        return { file: saved, bytes };
      }
      return library.backup(file);
    },
    listBackups: () => library.listBackups(),
    backupNow: () => library.backupNow(),
    restoreBackup: async ({ name }) => {
      // Only a backup the list shows: the renderer never names a path.
      if (!library.listBackups().some((b) => b.name === name)) {
        throw new GlossError('not_found', `No backup named ${name} in this library.`);
      }
      return library.restoreBackup(name);
    },
    exportJson: () => ({ fileName: `gloss-library-${stamp()}.json`, json: library.exportJson() }),
    importJson: ({ data }) => library.importJson(data),
  };
}
