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
import { Pairing } from '../connector/pairing';
import { saveCapturedPage } from '../connector/save-captured';
import { reviewOf } from '../review/review';
import { noteLocalChange, syncServiceOf } from '../sync-service/service';
import { highlightQueriesOf } from '../highlights/query';
import { deleteHighlights, recolorHighlights, restoreHighlights } from '../highlights/bulk';
import { exportHighlightSelection } from '../highlights/export-selection';
import { MAX_BULK_IDS } from '../../shared/contract';

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
  'getInfo', 'listArticles', 'getArticle', 'getArticleText', 'parseUrlList', 'listImportJobs', 'getAnchoringReport', 'findSourceMatches', 'listHighlights',
  'getArticleNote', 'getSettings', 'listExportable', 'planExport', 'renderMarkdown', 'chooseExportFolder', 'exportToFolder',
  'showFolder', 'backupLibrary', 'listBackups', 'backupNow', 'restoreBackup', 'search', 'listArticlesPage',
  'listTags', 'listHighlightTags', 'queryHighlights', 'selectHighlightIds', 'exportHighlightsMarkdown', 'exportJson', 'getBrowserPairing', 'useBrowserKey', 'getReviewSettings', 'getSyncStatus',
]);

/** Sync's own methods: they do not count as local changes to publish (they publish themselves). */
const SYNC_METHODS: ReadonlySet<Method> = new Set<Method>(['syncNow', 'getSyncStatus', 'setSyncSettings', 'stopSync', 'chooseSyncFolder']);

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
        const result = await handler(args);
        if (!NOT_WRITES.has(method) && !SYNC_METHODS.has(method)) noteLocalChange(library);
        return result;
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
  // Browsers paired through the Gloss extension (kept in the library's settings).
  const pairing = new Pairing(library.db, library.settings);
  // Every shell of this library shares one sync service: rounds never overlap.
  const sync = syncServiceOf(library);
  // Sync folders the user picked with the desktop dialog in this session.
  const chosenSyncFolders = new Set<string>();
  return {
    getInfo: () => ({
      version: APP_VERSION,
      libraryPath: library.dir,
      articleCount: library.articles.count(),
      shell,
    }),
    listArticles: () => library.listArticles(),
    getArticle: ({ id, pdfText }) => library.getArticle(id, pdfText),
    getArticleText: ({ id }) => ({ id, text: library.getArticleText(id) }),
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
    saveCapturedPage: (args) => saveCapturedPage(library, args),
    startBrowserPairing: () => pairing.start(),
    getBrowserPairing: () => pairing.state(),
    forgetBrowser: ({ id }) => {
      pairing.forget(id);
      return { id };
    },
    pairBrowser: ({ code, name, origin }) => pairing.pair(code, name, origin),
    useBrowserKey: ({ key, origin }) => {
      const browser = pairing.check(key, origin);
      if (browser) pairing.touch(browser.id);
      return browser;
    },
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
    setHighlightTags: ({ id, tags }) => ({ id, tags: library.setHighlightTags(id, tags) }),
    tagHighlights: ({ ids, tags }) => {
      library.tagHighlights(ids, tags);
      return { ids };
    },
    untagHighlights: ({ ids, tags }) => {
      library.untagHighlights(ids, tags);
      return { ids };
    },
    listHighlightTags: () => library.listHighlightTags(),
    queryHighlights: (query) => highlightQueriesOf(library.db).page(query),
    selectHighlightIds: ({ filters }) => {
      const ids = highlightQueriesOf(library.db).ids(filters, MAX_BULK_IDS + 1);
      return { ids: ids.slice(0, MAX_BULK_IDS), capped: ids.length > MAX_BULK_IDS };
    },
    recolorHighlights: ({ ids, color }) => recolorHighlights(library.db, library.highlights, ids, color),
    deleteHighlights: ({ ids }) => deleteHighlights(library.db, library.highlights, ids),
    restoreHighlights: ({ ids }) => restoreHighlights(library.db, library.highlights, ids),
    exportHighlightsMarkdown: ({ ids }) => exportHighlightSelection(library, ids),

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

    getReviewSession: () => reviewOf(library.db).session(),
    answerReview: ({ highlightId, answer }) => reviewOf(library.db).answer(highlightId, answer),
    undoReviewAnswer: ({ highlightId }) => reviewOf(library.db).undo(highlightId),
    getReviewSettings: () => reviewOf(library.db).getSettings(),
    syncNow: ({ folder, deviceName, passphrase }) => {
      // The renderer never names a path: a folder comes from the command line (the app will ask with a dialog).
      if (folder !== undefined && shell !== 'cli') throw new GlossError('forbidden', 'Choose the sync folder in Settings → Sync.');
      return sync.run({ ...(folder !== undefined ? { folder } : {}), ...(deviceName !== undefined ? { deviceName } : {}), ...(passphrase !== undefined ? { passphrase } : {}) });
    },
    getSyncStatus: ({ devices }) => sync.overview({ devices: devices === true }),
    setSyncSettings: async ({ folder, deviceName, passphrase }) => {
      // The desktop renderer never names a path itself: only one the user picked in the dialog.
      if (folder !== undefined && shell === 'electron' && !chosenSyncFolders.has(resolve(folder))) {
        throw new GlossError('forbidden', 'Choose the sync folder with Choose folder….');
      }
      await sync.run({
        ...(folder !== undefined ? { folder } : {}),
        ...(deviceName !== undefined ? { deviceName } : {}),
        ...(passphrase !== undefined ? { passphrase } : {}),
      });
      return sync.overview({ devices: true });
    },
    stopSync: async () => {
      await sync.forget();
      return sync.overview({ devices: true });
    },
    chooseSyncFolder: async () => {
      if (!services.chooseFolder) throw unsupported('Choosing a folder with a dialog');
      const dir = await services.chooseFolder('Choose the folder to sync through');
      if (!dir) return null;
      chosenSyncFolders.add(resolve(dir));
      return { dir: resolve(dir) };
    },
    setReviewSettings: ({ dailyCount, colorWeights }) =>
      reviewOf(library.db).setSettings({
        ...(dailyCount === undefined ? {} : { dailyCount }),
        ...(colorWeights === undefined ? {} : { colorWeights }),
      }),

    getSettings: () => library.getSettings(),
    setSettings: ({ exportTemplate, colorLabels }) =>
      library.setSettings({
        ...(exportTemplate === undefined ? {} : { exportTemplate }),
        ...(colorLabels === undefined ? {} : { colorLabels }),
      }),

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
      const restored = await library.restoreBackup(name);
      sync.reload(); // the restored file's own sync settings
      return restored;
    },
    exportJson: () => ({ fileName: `gloss-library-${stamp()}.json`, json: library.exportJson() }),
    importJson: ({ data }) => library.importJson(data),
  };
}
