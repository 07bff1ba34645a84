/**
 * The contract, implemented once over a Library. Arguments arrive already
 * validated by the dispatcher.
 */
import type { Args, Method, Result } from '../../shared/contract';
import type { Library } from '../library';
import type { LibraryInfo } from '../../shared/types';
import { APP_VERSION } from '../version';

export type Handlers = { [M in Method]: (args: Args<M>) => Result<M> | Promise<Result<M>> };

export function createHandlers(library: Library, shell: LibraryInfo['shell']): Handlers {
  return {
    getInfo: () => ({
      version: APP_VERSION,
      libraryPath: library.dir,
      articleCount: library.articles.count(),
      shell,
    }),
    listArticles: () => library.listArticles(),
    getArticle: ({ id }) => library.getArticle(id),
    importFile: ({ name, data, mode }) => library.importFile({ fileName: name, bytes: data }, mode ?? 'ask'),
    updateArticle: ({ id, name, data }) => library.updateArticle(id, { fileName: name, bytes: data }),
    deleteArticle: ({ id }) => {
      library.deleteArticle(id);
      return { id };
    },
    getAnchoringReport: ({ articleId }) => library.getAnchoringReport(articleId),

    listHighlights: ({ articleId }) => library.listHighlights(articleId),
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
  };
}
