/** Key-value settings stored in the library (JSON values), read with defaults. */
import type { Database, Statement } from 'better-sqlite3';

export class SettingsStore {
  private readonly select: Statement<[string], { value: string }>;
  private readonly upsert: Statement;
  private readonly remove: Statement;

  constructor(db: Database) {
    this.select = db.prepare('SELECT value FROM settings WHERE key = ?');
    this.upsert = db.prepare(`
      INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
      ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`);
    this.remove = db.prepare('DELETE FROM settings WHERE key = ?');
  }

  get<T>(key: string): T | undefined {
    const row = this.select.get(key);
    if (!row) return undefined;
    try {
      return JSON.parse(row.value) as T;
    } catch {
      return undefined; // a damaged value reads as unset rather than breaking the app
    }
  }

  /** undefined removes the key (back to the default). */
  set(key: string, value: unknown, now: Date = new Date()): void {
    if (value === undefined) this.remove.run(key);
    else this.upsert.run(key, JSON.stringify(value), now.toISOString());
  }
}
