/**
 * The daily review over one library connection: today's set (chosen once
 * a day, day-set.ts), answers (scheduler.ts), undo, the streak and the
 * review's settings. The clock and the seed are injected: shells pass
 * nothing (real time), tests pass a fixed clock.
 */
import type { Database, Statement } from 'better-sqlite3';
import { GlossError } from '../../shared/errors';
import {
  defaultReviewSettings,
  MAX_COLOR_WEIGHT,
  MAX_DAILY_COUNT,
  type ReviewAnswer,
  type ReviewCard,
  type ReviewSession,
  type ReviewSettings,
} from '../../shared/review';
import { HIGHLIGHT_COLORS, type HighlightColor } from '../../shared/types';
import { HighlightStore } from '../db/highlights';
import { SettingsStore } from '../db/settings';
import { chapterAt, parseChapters } from '../epub/chapter-at';
import { chooseDaySet, dayKey, previousDay, startOfNextDay, type Candidate } from './day-set';
import { cardFromRow, UPSERT_CARD_SQL, type CardRow } from './cards';
import { newCard, scheduleAnswer, type StoredCard } from './scheduler';

export interface ReviewOptions {
  now?: () => Date;
  /** Salts the day's draw (day-set.ts); the same seed and clock give the same sets. */
  seed?: string;
}

const SETTINGS_KEY = 'review';
/** How far back the streak looks (days with answers). */
const STREAK_LOOKBACK = 3660;

/** Settings as stored, repaired: anything missing or out of range reads as its default. */
export function cleanReviewSettings(raw: unknown): ReviewSettings {
  const settings = defaultReviewSettings();
  if (typeof raw !== 'object' || raw === null) return settings;
  const value = raw as { dailyCount?: unknown; colorWeights?: unknown };
  const count = value.dailyCount;
  if (typeof count === 'number' && Number.isInteger(count) && count >= 1 && count <= MAX_DAILY_COUNT) settings.dailyCount = count;
  const weights = value.colorWeights;
  if (typeof weights === 'object' && weights !== null) {
    for (const color of HIGHLIGHT_COLORS) {
      const w = (weights as Record<string, unknown>)[color];
      if (typeof w === 'number' && Number.isFinite(w) && w >= 0 && w <= MAX_COLOR_WEIGHT) settings.colorWeights[color] = w;
    }
  }
  return settings;
}

export class Review {
  private readonly now: () => Date;
  private readonly seed: string;
  private readonly settingsStore: SettingsStore;
  private readonly highlights: HighlightStore;
  private readonly s: {
    candidates: Statement;
    setSize: Statement;
    dropOtherDays: Statement;
    lastPosition: Statement;
    addToSet: Statement;
    daySet: Statement;
    answeredOn: Statement;
    liveHighlights: Statement;
    card: Statement;
    upsertCard: Statement;
    deleteCard: Statement;
    log: Statement;
    lastLog: Statement;
    deleteLog: Statement;
    days: Statement;
    article: Statement;
    chapters: Statement;
    liveHighlight: Statement;
  };

  constructor(private readonly db: Database, options: ReviewOptions = {}) {
    this.now = options.now ?? (() => new Date());
    this.seed = options.seed ?? 'gloss';
    this.settingsStore = new SettingsStore(db);
    this.highlights = new HighlightStore(db);
    const p = (sql: string): Statement => db.prepare(sql);
    this.s = {
      // Live highlights not yet in today's set nor answered today: never
      // reviewed, or due before tomorrow and not retired.
      candidates: p(`SELECT h.id, h.color, coalesce(c.reps, 0) AS reps
        FROM highlights h LEFT JOIN review_cards c ON c.highlight_id = h.id
        WHERE h.deleted_at IS NULL
          AND (c.highlight_id IS NULL OR (c.retired_at IS NULL AND c.due < @before))
          AND h.id NOT IN (SELECT highlight_id FROM review_log WHERE day = @day)
          AND h.id NOT IN (SELECT highlight_id FROM review_day_cards WHERE day = @day)`),
      setSize: p(`SELECT count(*) FROM review_day_cards WHERE day = ?`).pluck(),
      dropOtherDays: p(`DELETE FROM review_day_cards WHERE day <> ?`),
      lastPosition: p(`SELECT coalesce(max(position), -1) FROM review_day_cards WHERE day = ?`).pluck(),
      addToSet: p(`INSERT INTO review_day_cards (day, position, highlight_id) VALUES (?, ?, ?)`),
      daySet: p(`SELECT d.highlight_id FROM review_day_cards d JOIN highlights h ON h.id = d.highlight_id
        WHERE d.day = ? AND h.deleted_at IS NULL ORDER BY d.position`).pluck(),
      answeredOn: p(`SELECT DISTINCT highlight_id FROM review_log WHERE day = ?`).pluck(),
      liveHighlights: p(`SELECT count(*) FROM highlights WHERE deleted_at IS NULL`).pluck(),
      card: p(`SELECT * FROM review_cards WHERE highlight_id = ?`),
      upsertCard: p(UPSERT_CARD_SQL),
      deleteCard: p(`DELETE FROM review_cards WHERE highlight_id = ?`),
      log: p(`INSERT INTO review_log (highlight_id, answer, reviewed_at, day, previous) VALUES (?, ?, ?, ?, ?)`),
      lastLog: p(`SELECT seq, previous FROM review_log WHERE highlight_id = ? AND day = ? ORDER BY seq DESC LIMIT 1`),
      deleteLog: p(`DELETE FROM review_log WHERE seq = ?`),
      days: p(`SELECT DISTINCT day FROM review_log WHERE day <= ? ORDER BY day DESC LIMIT ${STREAK_LOOKBACK}`).pluck(),
      article: p(`SELECT a.id, a.title, a.format FROM highlights h JOIN articles a ON a.seq = h.article_seq WHERE h.id = ?`),
      chapters: p(`SELECT b.chapters FROM article_books b JOIN articles a ON a.seq = b.article_seq WHERE a.id = ?`).pluck(),
      liveHighlight: p(`SELECT 1 FROM highlights WHERE id = ? AND deleted_at IS NULL`).pluck(),
    };
  }

  getSettings(): ReviewSettings {
    return cleanReviewSettings(this.settingsStore.get(SETTINGS_KEY));
  }

  setSettings(changes: { dailyCount?: number; colorWeights?: Partial<Record<HighlightColor, number>> }): ReviewSettings {
    return this.db.transaction(() => {
      const current = this.getSettings();
      const next = cleanReviewSettings({
        dailyCount: changes.dailyCount ?? current.dailyCount,
        colorWeights: { ...current.colorWeights, ...changes.colorWeights },
      });
      this.settingsStore.set(SETTINGS_KEY, next, this.now());
      return next;
    })();
  }

  /** Today's set (chosen on the first call of the day, topped up when it is short) and what is left of it. */
  session(): ReviewSession {
    const now = this.now();
    const day = dayKey(now);
    this.db.transaction(() => this.fillDay(day, now))();
    return this.db.transaction(() => this.read(day)).deferred();
  }

  /** Answers a card; the answer is logged and the session comes back without it. */
  answer(highlightId: string, answer: ReviewAnswer): ReviewSession {
    const now = this.now();
    const day = dayKey(now);
    this.db.transaction(() => {
      if (!this.s.liveHighlight.get(highlightId)) throw notFound(highlightId);
      const row = this.s.card.get(highlightId) as CardRow | undefined;
      const before = row ? cardFromRow(row) : newCard(highlightId, now);
      this.s.upsertCard.run(scheduleAnswer(before, answer, now));
      this.s.log.run(highlightId, answer, now.toISOString(), day, row ? JSON.stringify(before) : null);
    })();
    return this.session();
  }

  /** Takes back today's last answer to a card: its card is as it was, and it is back in today's set. */
  undo(highlightId: string): ReviewSession {
    const now = this.now();
    const day = dayKey(now);
    this.db.transaction(() => {
      const last = this.s.lastLog.get(highlightId, day) as { seq: number; previous: string | null } | undefined;
      if (!last) throw new GlossError('not_found', 'There is no answer to undo for this highlight today.');
      if (last.previous === null) this.s.deleteCard.run(highlightId);
      else this.s.upsertCard.run(JSON.parse(last.previous) as StoredCard);
      this.s.deleteLog.run(last.seq);
    })();
    return this.session();
  }

  private fillDay(day: string, now: Date): void {
    this.s.dropOtherDays.run(day);
    const { dailyCount, colorWeights } = this.getSettings();
    const missing = dailyCount - (this.s.setSize.get(day) as number);
    if (missing <= 0) return;
    const rows = this.s.candidates.all({ before: startOfNextDay(now).toISOString(), day }) as {
      id: string;
      color: HighlightColor;
      reps: number;
    }[];
    const candidates: Candidate[] = rows.map((r) => ({ highlightId: r.id, color: r.color, reviewed: r.reps > 0 }));
    let position = this.s.lastPosition.get(day) as number;
    for (const id of chooseDaySet(candidates, missing, colorWeights, day, this.seed)) this.s.addToSet.run(day, ++position, id);
  }

  private read(day: string): ReviewSession {
    const set = this.s.daySet.all(day) as string[];
    const answered = new Set(this.s.answeredOn.all(day) as string[]);
    const left = set.filter((id) => !answered.has(id));
    return {
      day,
      cards: left.map((id) => this.cardOf(id)).filter((c): c is ReviewCard => c !== undefined),
      total: set.length,
      done: set.length - left.length,
      streak: this.streak(day),
      highlightCount: this.s.liveHighlights.get() as number,
    };
  }

  private cardOf(highlightId: string): ReviewCard | undefined {
    const highlight = this.highlights.get(highlightId);
    const article = this.s.article.get(highlightId) as { id: string; title: string; format: string } | undefined;
    if (!highlight || !article) return undefined;
    const card = this.s.card.get(highlightId) as CardRow | undefined;
    const location: ReviewCard['location'] = {};
    if (highlight.page !== undefined) location.page = highlight.page;
    if (article.format === 'epub' && highlight.anchor !== 'orphaned') {
      const chapter = chapterAt(parseChapters(this.s.chapters.get(article.id) as string | undefined), highlight.position.start);
      if (chapter) location.chapter = chapter;
    }
    return { highlight, article, location, status: card && card.reps > 0 ? 'due' : 'new' };
  }

  /** Consecutive days with answers, ending today, or yesterday while today has none yet. */
  private streak(today: string): number {
    const days = this.s.days.all(today) as string[];
    let expected = days[0] === today ? today : previousDay(today);
    let streak = 0;
    for (const day of days) {
      if (day !== expected) break;
      streak++;
      expected = previousDay(expected);
    }
    return streak;
  }
}

function notFound(highlightId: string): GlossError {
  return new GlossError('not_found', `No highlight with id ${highlightId} in this library.`);
}

/** One Review per open connection (a restore replaces the connection, and so the Review). */
const reviews = new WeakMap<Database, Review>();

export function reviewOf(db: Database): Review {
  let review = reviews.get(db);
  if (!review) {
    review = new Review(db);
    reviews.set(db, review);
  }
  return review;
}
