/**
 * Whether an entity's merged values fit the library's columns before they
 * are written: the STRICT types and NOT NULLs (read from the schema) and
 * the CHECKs of the synced tables. Applying writes many entities in one
 * pass without a savepoint each, so a value the library would refuse is
 * caught here and the entity skipped (counted as failed); the materializer
 * still falls back to a savepoint per entity should something slip by.
 */
import type { Database } from 'better-sqlite3';
import { READ_STATES } from '../../shared/types';
import type { FieldValue } from './line-format';

type Rule = (v: FieldValue) => boolean;

const flag: Rule = (v) => v === 0 || v === 1;

/** Checks beyond the column's type: the tables' CHECK constraints. */
function checks(db: Database): Record<string, Record<string, Rule>> {
  // The formats are the CHECK's own list (widened by migrations): read, not copied.
  const sql = db.prepare(`SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'articles'`).pluck().get() as string;
  const formats = new Set([...(/CHECK \(format IN \(([^)]*)\)\)/.exec(sql)?.[1] ?? '').matchAll(/'([^']*)'/g)].map((m) => m[1]));
  return {
    articles: {
      format: (v) => typeof v === 'string' && formats.has(v),
      word_count: (v) => typeof v === 'number' && v >= 0,
      read_state: (v) => (READ_STATES as readonly FieldValue[]).includes(v),
      archived: flag,
      favorite: flag,
    },
    review_cards: {
      state: (v) => typeof v === 'number' && v >= 0 && v <= 3,
      scheduled_days: (v) => typeof v === 'number' && v >= 0,
      reps: (v) => typeof v === 'number' && v >= 0,
      lapses: (v) => typeof v === 'number' && v >= 0,
    },
    review_log: {
      answer: (v) => v === 'keep' || v === 'soon' || v === 'later' || v === 'retire',
    },
    highlights: {
      start_offset: (v) => typeof v === 'number' && v >= 0,
      orphaned: flag,
      anchor: (v) => v === 'exact' || v === 'moved' || v === 'orphaned',
    },
  };
}

function typeRule(type: string, notNull: boolean): Rule {
  const t = type.toUpperCase();
  const base: Rule =
    t === 'INTEGER' ? (v) => Number.isSafeInteger(v) : t === 'REAL' ? (v) => typeof v === 'number' && Number.isFinite(v) : t === 'TEXT' ? (v) => typeof v === 'string' : () => true;
  return notNull ? base : (v) => v === null || base(v);
}

export type RowCheck = (values: Record<string, FieldValue>) => boolean;

/** A check of a row's values (column → value) for `table`, made once per connection. */
export function rowCheckOf(db: Database, table: string): RowCheck {
  const columns = db.prepare(`SELECT name, type, "notnull" AS required FROM pragma_table_info(?)`).all(table) as { name: string; type: string; required: number }[];
  const extra = checks(db)[table] ?? {};
  const rules = new Map<string, Rule[]>(columns.map((c) => [c.name, [typeRule(c.type, c.required === 1), ...(extra[c.name] ? [extra[c.name]!] : [])]]));
  return (values) => {
    for (const name in values) {
      const list = rules.get(name);
      if (list && !list.every((r) => r(values[name] as FieldValue))) return false;
    }
    if (table === 'highlights' && typeof values.start_offset === 'number' && typeof values.end_offset === 'number' && values.end_offset < values.start_offset) return false;
    return true;
  };
}
