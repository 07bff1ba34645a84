/**
 * The daily review in the library JSON file (backup/FORMAT.md, `review`):
 * each highlight's card and every answer. Optional, so files written
 * before the review (and libraries that never reviewed) still restore.
 *
 * Merge: a card goes with its highlight (skipped when the highlight is not
 * in the library after the rest of the file was merged); the newer
 * `updatedAt` wins, a tie keeps the local one. Answers are a union
 * (an answer already present, same highlight, time and answer, is skipped).
 */
import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import { REVIEW_ANSWERS } from '../../shared/review';
import { cardFromRow, UPSERT_CARD_SQL } from './cards';
import type { StoredCard } from './scheduler';

const Id = z.string().regex(/^[a-z0-9]{4,40}$/, { error: 'must be 4-40 lowercase letters or digits' });
const Timestamp = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time' });
const Count = z.number().int().min(0);

const ReviewCardSchema = z.object({
  highlightId: Id,
  state: z.number().int().min(0).max(3),
  due: Timestamp,
  stability: z.number().finite().min(0),
  difficulty: z.number().finite().min(0),
  scheduledDays: Count,
  learningSteps: Count,
  reps: Count,
  lapses: Count,
  lastReview: Timestamp.nullable(),
  retiredAt: Timestamp.nullable(),
  updatedAt: Timestamp,
});

const ReviewAnswerSchema = z.object({
  highlightId: Id,
  answer: z.enum(REVIEW_ANSWERS),
  reviewedAt: Timestamp,
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'must be a day (YYYY-MM-DD)' }),
});

export const ReviewJsonSchema = z.object({
  cards: z.array(ReviewCardSchema),
  log: z.array(ReviewAnswerSchema),
});
export type ReviewJson = z.infer<typeof ReviewJsonSchema>;

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Canonical order and key order: cards by highlight, answers by highlight then time. */
export function normalizeReviewJson(review: ReviewJson): ReviewJson {
  return {
    cards: review.cards
      .map((c) => ({
        highlightId: c.highlightId,
        state: c.state,
        due: c.due,
        stability: c.stability,
        difficulty: c.difficulty,
        scheduledDays: c.scheduledDays,
        learningSteps: c.learningSteps,
        reps: c.reps,
        lapses: c.lapses,
        lastReview: c.lastReview,
        retiredAt: c.retiredAt,
        updatedAt: c.updatedAt,
      }))
      .sort((x, y) => byString(x.highlightId, y.highlightId)),
    log: review.log
      .map((l) => ({ highlightId: l.highlightId, answer: l.answer, reviewedAt: l.reviewedAt, day: l.day }))
      .sort((x, y) => byString(x.highlightId, y.highlightId) || byString(x.reviewedAt, y.reviewedAt) || byString(x.answer, y.answer)),
  };
}

/** The library's review, or undefined when it has none (the file then has no `review`). */
export function exportReviewJson(db: Database): ReviewJson | undefined {
  const cards = (db.prepare(`SELECT * FROM review_cards`).all() as Parameters<typeof cardFromRow>[0][]).map(cardFromRow);
  const log = (db.prepare(`SELECT highlight_id, answer, reviewed_at, day FROM review_log`).all() as {
    highlight_id: string;
    answer: ReviewJson['log'][number]['answer'];
    reviewed_at: string;
    day: string;
  }[]).map((l) => ({ highlightId: l.highlight_id, answer: l.answer, reviewedAt: l.reviewed_at, day: l.day }));
  if (cards.length === 0 && log.length === 0) return undefined;
  return normalizeReviewJson({ cards, log });
}

export interface ReviewMergeCounts {
  cards: { added: number; updated: number; unchanged: number; skipped: number };
  answers: { added: number; unchanged: number; skipped: number };
}

/** Merges a file's review into the library; call inside the import's transaction, after highlights are merged. */
export function mergeReviewJson(db: Database, review: ReviewJson | undefined): ReviewMergeCounts {
  const counts: ReviewMergeCounts = {
    cards: { added: 0, updated: 0, unchanged: 0, skipped: 0 },
    answers: { added: 0, unchanged: 0, skipped: 0 },
  };
  if (!review) return counts;
  const highlightExists = db.prepare(`SELECT 1 FROM highlights WHERE id = ?`).pluck();
  const localCard = db.prepare(`SELECT updated_at FROM review_cards WHERE highlight_id = ?`).pluck();
  const upsert = db.prepare(UPSERT_CARD_SQL);
  for (const card of review.cards) {
    if (!highlightExists.get(card.highlightId)) {
      counts.cards.skipped++;
      continue;
    }
    const local = localCard.get(card.highlightId) as string | undefined;
    if (local !== undefined && Date.parse(card.updatedAt) <= Date.parse(local)) {
      counts.cards.unchanged++;
      continue;
    }
    upsert.run(card satisfies StoredCard);
    if (local === undefined) counts.cards.added++;
    else counts.cards.updated++;
  }
  const answerExists = db.prepare(`SELECT 1 FROM review_log WHERE highlight_id = ? AND reviewed_at = ? AND answer = ?`).pluck();
  const insert = db.prepare(`INSERT INTO review_log (highlight_id, answer, reviewed_at, day, previous) VALUES (?, ?, ?, ?, NULL)`);
  for (const a of review.log) {
    if (!highlightExists.get(a.highlightId)) counts.answers.skipped++;
    else if (answerExists.get(a.highlightId, a.reviewedAt, a.answer)) counts.answers.unchanged++;
    else {
      insert.run(a.highlightId, a.answer, a.reviewedAt, a.day);
      counts.answers.added++;
    }
  }
  return counts;
}
