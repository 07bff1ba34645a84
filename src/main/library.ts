/**
 * A library: one folder, one SQLite file. The core every shell uses.
 */
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { GlossError } from '../shared/errors';
import type { Article, ArticleSummary } from '../shared/types';
import { ArticleStore } from './db/articles';
import { DB_FILE_NAME, openLibraryDatabase, type OpenOptions } from './db/open';
import { importDocument } from './import';
import type { ImportInput } from './import/types';

export class Library {
  readonly dir: string;
  readonly dbPath: string;
  readonly db: Database;
  readonly articles: ArticleStore;

  private constructor(dir: string, db: Database) {
    this.dir = dir;
    this.dbPath = join(dir, DB_FILE_NAME);
    this.db = db;
    this.articles = new ArticleStore(db);
  }

  static open(dir: string, options: OpenOptions = {}): Library {
    return new Library(dir, openLibraryDatabase(dir, options));
  }

  /** Parses, sanitizes and stores one file; nothing is stored if any step fails. */
  importFile(input: ImportInput): ArticleSummary {
    const article = importDocument(input);
    return this.articles.insert(article, { sourceName: baseName(input.fileName) });
  }

  listArticles(): ArticleSummary[] {
    return this.articles.list();
  }

  getArticle(id: string): Article {
    const article = this.articles.get(id);
    if (!article) throw notFound(id);
    return article;
  }

  deleteArticle(id: string): void {
    if (!this.articles.delete(id)) throw notFound(id);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

function notFound(id: string): GlossError {
  return new GlossError('not_found', `No article with id ${id} in this library.`);
}

function baseName(fileName: string): string {
  const parts = fileName.split(/[\\/]/);
  return parts[parts.length - 1] || fileName;
}
