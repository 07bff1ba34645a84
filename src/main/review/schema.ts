/**
 * Migration 11's tables: the daily review's cards, its log and the day's
 * set. Every row belongs to a highlight and goes with it (ON DELETE
 * CASCADE: deleting an article or purging a highlight removes its card).
 */
import type { Database } from 'better-sqlite3';

export function createReviewTables(db: Database): void {
  db.exec(`
    -- FSRS state per highlight (main/review/scheduler.ts), made on its first
    -- answer: a highlight without a row has never been reviewed ("new").
    CREATE TABLE review_cards (
      highlight_id   TEXT PRIMARY KEY REFERENCES highlights (id) ON DELETE CASCADE,
      state          INTEGER NOT NULL CHECK (state BETWEEN 0 AND 3),
      due            TEXT NOT NULL,
      stability      REAL NOT NULL,
      difficulty     REAL NOT NULL,
      scheduled_days INTEGER NOT NULL CHECK (scheduled_days >= 0),
      learning_steps INTEGER NOT NULL DEFAULT 0,
      reps           INTEGER NOT NULL DEFAULT 0 CHECK (reps >= 0),
      lapses         INTEGER NOT NULL DEFAULT 0 CHECK (lapses >= 0),
      last_review    TEXT,
      -- Retire: never in the review again.
      retired_at     TEXT,
      updated_at     TEXT NOT NULL
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX review_cards_by_due ON review_cards (due) WHERE retired_at IS NULL;

    -- Every answer: the history the scheduler and the streak read.
    -- day: the user's local day of the answer; previous: the card before
    -- it (JSON, null for a new one), so an answer can be undone.
    CREATE TABLE review_log (
      seq          INTEGER PRIMARY KEY,
      highlight_id TEXT NOT NULL REFERENCES highlights (id) ON DELETE CASCADE,
      answer       TEXT NOT NULL CHECK (answer IN ('keep', 'soon', 'later', 'retire')),
      reviewed_at  TEXT NOT NULL,
      day          TEXT NOT NULL,
      previous     TEXT
    ) STRICT;
    CREATE INDEX review_log_by_day ON review_log (day, highlight_id);
    CREATE INDEX review_log_by_highlight ON review_log (highlight_id, reviewed_at);

    -- The day's set, chosen once a day so reopening the screen shows the same cards.
    CREATE TABLE review_day_cards (
      day          TEXT NOT NULL,
      position     INTEGER NOT NULL,
      highlight_id TEXT NOT NULL REFERENCES highlights (id) ON DELETE CASCADE,
      PRIMARY KEY (day, highlight_id)
    ) STRICT, WITHOUT ROWID;
  `);
}
