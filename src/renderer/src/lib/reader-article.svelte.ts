/**
 * Loading the article a reader view shows: the first load (with a loading
 * state, then the article or a one-line error), and a reload when a
 * re-import replaces its text (the old text stays on screen meanwhile).
 */
import type { Article, ReadingChange } from '../../../shared/types';
import { ApiError } from './api';
import { messageOf } from './errors';

export interface ArticleLoadError {
  title: string;
  message: string;
}

export interface ArticleLoaderOptions {
  get: (id: string) => Promise<Article>;
  /** Before a reload replaces the shown article (pending note edits are saved first). */
  beforeReload: () => Promise<void>;
  /** Once an article is shown (load its highlights). */
  onloaded: (article: Article) => Promise<void> | void;
  /** Saves an article's tags; answers with the tags as stored (normalized). */
  setTags?: (id: string, tags: string[]) => Promise<{ id: string; tags: string[] }>;
  /** After tags were saved (refresh the tag list). */
  ontagssaved?: () => void;
  /** The window title (document.title). */
  setTitle?: (title: string) => void;
  /** An article's text, for one that came without it (Article.textLater: a PDF). */
  getText?: (id: string) => Promise<string>;
}

export class ArticleLoader {
  article = $state<Article | null>(null);
  error = $state<ArticleLoadError | null>(null);
  readonly #options: ArticleLoaderOptions;
  #loadedOnce = false;
  /** The article whose later text was asked for (asked once). */
  #textAskedFor: Article | null = null;

  constructor(options: ArticleLoaderOptions) {
    this.#options = options;
  }

  #title(title: string): void {
    if (this.#options.setTitle) this.#options.setTitle(title);
    else document.title = title;
  }

  /**
   * Loads `id` (the first call) or reloads it (every later one). Returns the
   * cancel: an answer that arrives after it is dropped.
   */
  load(id: string): () => void {
    let stale = false;
    const reload = this.#loadedOnce;
    this.#loadedOnce = true;
    if (!reload) {
      this.article = null;
      this.error = null;
    }
    this.#options
      .get(id)
      .then(async (value) => {
        if (stale) return;
        if (reload) await this.#options.beforeReload();
        this.article = value;
        this.#title(`${value.title} — Gloss`);
        await this.#options.onloaded(value);
      })
      .catch((err: unknown) => {
        if (stale) return;
        const notFound = err instanceof ApiError && err.code === 'not_found';
        this.error = {
          title: notFound ? 'Article not found' : 'Could not open this article',
          message: notFound ? 'It may have been deleted.' : messageOf(err),
        };
        this.#title('Gloss');
      });
    return () => {
      stale = true;
    };
  }

  /**
   * Fills in the text of an article that came without it (a PDF, once its
   * first page is drawn). Resolves when it is in (or not needed); rejects
   * when it could not be loaded. A reload meanwhile drops the answer.
   */
  async loadLaterText(): Promise<void> {
    const a = this.article;
    const getText = this.#options.getText;
    if (!a?.textLater || !getText || this.#textAskedFor === a) return;
    this.#textAskedFor = a;
    const text = await getText(a.id);
    if (this.article !== a || !a.textLater) return;
    a.text = text;
    delete a.textLater;
  }

  /** Takes a reading change from main unless a newer one was applied already. */
  applyReading(change: ReadingChange): void {
    const a = this.article;
    if (!a || a.id !== change.id || change.updatedAt < a.updatedAt) return;
    a.readProgress = change.readProgress;
    a.readPosition = change.readPosition;
    a.readState = change.readState;
    a.archived = change.archived;
    a.favorite = change.favorite;
    a.updatedAt = change.updatedAt;
  }

  /** Saves the shown article's tags and shows them as main stored them. */
  async saveTags(tags: string[]): Promise<void> {
    const a = this.article;
    const setTags = this.#options.setTags;
    if (!a || !setTags) return;
    const result = await setTags(a.id, tags);
    if (this.article && this.article.id === result.id) this.article.tags = result.tags;
    this.#options.ontagssaved?.();
  }
}
