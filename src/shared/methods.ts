/**
 * The names of the API methods, without any validation code, so the preload
 * and the renderer can list them without bundling the validators.
 * contract.ts checks at compile time that this list matches the contract.
 */
export const METHOD_NAMES = [
  'getInfo',
  'listArticles',
  'getArticle',
  'importFile',
  'updateArticle',
  'deleteArticle',
  'getAnchoringReport',
  'listHighlights',
  'createHighlight',
  'updateHighlight',
  'deleteHighlight',
  'restoreHighlight',
  'getArticleNote',
  'setArticleNote',
  'getSettings',
  'setSettings',
  'listExportable',
  'renderMarkdown',
  'chooseExportFolder',
  'exportToFolder',
  'showFolder',
  'backupLibrary',
  'search',
  'listArticlesPage',
  'listTags',
  'setArticleTags',
  'tagArticles',
  'untagArticles',
  'renameTag',
  'deleteTag',
  'setReadingPosition',
  'setReadState',
  'setArchived',
  'setFavorite',
  'deleteArticles',
  'undoDeleteArticles',
] as const;
export type MethodName = (typeof METHOD_NAMES)[number];
