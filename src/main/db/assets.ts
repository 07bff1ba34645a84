/** Saved images: stored once by content hash, linked to the articles that use them. */
import type { Database, Statement } from 'better-sqlite3';
import type { StoredAsset } from '../server/assets';

export interface NewAsset {
  hash: string;
  mime: string;
  bytes: Uint8Array;
  sourceUrl?: string | null;
}

export class AssetStore {
  private readonly select: Statement<[string], { mime: string; bytes: Buffer }>;
  private readonly insert: Statement;
  private readonly link: Statement;

  constructor(db: Database) {
    this.select = db.prepare('SELECT mime, bytes FROM assets WHERE hash = ?');
    this.insert = db.prepare(
      `INSERT INTO assets (hash, mime, size, bytes, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (hash) DO NOTHING`,
    );
    this.link = db.prepare(
      `INSERT INTO article_assets (article_seq, asset_hash, source_url) VALUES (?, ?, ?)
       ON CONFLICT (article_seq, asset_hash) DO NOTHING`,
    );
  }

  get(hash: string): StoredAsset | undefined {
    const row = this.select.get(hash);
    return row ? { mime: row.mime, bytes: new Uint8Array(row.bytes) } : undefined;
  }

  /** Stores the asset (if new) and links it to the article; call inside the article's transaction. */
  add(articleSeq: number, asset: NewAsset, now: Date = new Date()): void {
    this.insert.run(asset.hash, asset.mime, asset.bytes.byteLength, Buffer.from(asset.bytes), now.toISOString());
    this.link.run(articleSeq, asset.hash, asset.sourceUrl ?? null);
  }
}
