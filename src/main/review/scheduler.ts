/**
 * The review's answers on FSRS (ts-fsrs). Highlights are read, not
 * recalled, so there is no "Again" and no same-day learning steps: every
 * answer moves a card by whole days (short-term steps off), and without fuzz
 * the same answers at the same times give the same schedule.
 *
 *   Soon  = Hard  (a new card: in 2 days)
 *   Keep  = Good  (3 days; each Keep stretches it)
 *   Later = Easy  (8 days; each Later stretches it much more)
 *   Retire: no rating; the card is suspended for good (retired_at).
 */
import { createEmptyCard, fsrs, Rating, State, type Card, type Grade } from 'ts-fsrs';
import type { ReviewAnswer } from '../../shared/review';

/** A card as stored (review_cards), times as ISO strings. */
export interface StoredCard {
  highlightId: string;
  state: State;
  due: string;
  stability: number;
  difficulty: number;
  scheduledDays: number;
  learningSteps: number;
  reps: number;
  lapses: number;
  lastReview: string | null;
  retiredAt: string | null;
  updatedAt: string;
}

const scheduler = fsrs({ enable_short_term: false, enable_fuzz: false });

const RATINGS: Record<Exclude<ReviewAnswer, 'retire'>, Grade> = {
  soon: Rating.Hard,
  keep: Rating.Good,
  later: Rating.Easy,
};

function toFsrs(card: StoredCard): Card {
  return {
    due: new Date(card.due),
    stability: card.stability,
    difficulty: card.difficulty,
    elapsed_days: 0, // deprecated in ts-fsrs 5: it reads last_review instead
    scheduled_days: card.scheduledDays,
    learning_steps: card.learningSteps,
    reps: card.reps,
    lapses: card.lapses,
    state: card.state,
    ...(card.lastReview ? { last_review: new Date(card.lastReview) } : {}),
  };
}

/** A never-reviewed highlight's card. */
export function newCard(highlightId: string, now: Date): StoredCard {
  const c = createEmptyCard(now);
  return {
    highlightId,
    state: c.state,
    due: c.due.toISOString(),
    stability: c.stability,
    difficulty: c.difficulty,
    scheduledDays: c.scheduled_days,
    learningSteps: c.learning_steps,
    reps: c.reps,
    lapses: c.lapses,
    lastReview: null,
    retiredAt: null,
    updatedAt: now.toISOString(),
  };
}

/** The card after `answer` at `now` (the card as it was is not changed). */
export function scheduleAnswer(card: StoredCard, answer: ReviewAnswer, now: Date): StoredCard {
  const at = now.toISOString();
  if (answer === 'retire') return { ...card, retiredAt: at, updatedAt: at };
  const next = scheduler.next(toFsrs(card), now, RATINGS[answer]).card;
  return {
    highlightId: card.highlightId,
    state: next.state,
    due: next.due.toISOString(),
    stability: next.stability,
    difficulty: next.difficulty,
    scheduledDays: next.scheduled_days,
    learningSteps: next.learning_steps,
    reps: next.reps,
    lapses: next.lapses,
    lastReview: next.last_review ? next.last_review.toISOString() : at,
    retiredAt: null,
    updatedAt: at,
  };
}

export { State };
