/** review_cards rows (migration 11) as StoredCards, and the one statement that writes them. */
import type { StoredCard } from './scheduler';

export interface CardRow {
  highlight_id: string;
  state: number;
  due: string;
  stability: number;
  difficulty: number;
  scheduled_days: number;
  learning_steps: number;
  reps: number;
  lapses: number;
  last_review: string | null;
  retired_at: string | null;
  updated_at: string;
}

export function cardFromRow(r: CardRow): StoredCard {
  return {
    highlightId: r.highlight_id,
    state: r.state,
    due: r.due,
    stability: r.stability,
    difficulty: r.difficulty,
    scheduledDays: r.scheduled_days,
    learningSteps: r.learning_steps,
    reps: r.reps,
    lapses: r.lapses,
    lastReview: r.last_review,
    retiredAt: r.retired_at,
    updatedAt: r.updated_at,
  };
}

export const UPSERT_CARD_SQL = `INSERT INTO review_cards (highlight_id, state, due, stability, difficulty, scheduled_days,
    learning_steps, reps, lapses, last_review, retired_at, updated_at)
  VALUES (@highlightId, @state, @due, @stability, @difficulty, @scheduledDays, @learningSteps, @reps, @lapses,
    @lastReview, @retiredAt, @updatedAt)
  ON CONFLICT (highlight_id) DO UPDATE SET state = excluded.state, due = excluded.due, stability = excluded.stability,
    difficulty = excluded.difficulty, scheduled_days = excluded.scheduled_days, learning_steps = excluded.learning_steps,
    reps = excluded.reps, lapses = excluded.lapses, last_review = excluded.last_review, retired_at = excluded.retired_at,
    updated_at = excluded.updated_at`;
