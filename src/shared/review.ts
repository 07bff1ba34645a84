/**
 * The daily review (#18): what the API says about it, shared by main and
 * the renderer. Scheduling itself lives in src/main/review/.
 */
import { HIGHLIGHT_COLORS, type Highlight, type HighlightColor } from './types';

/**
 * The four answers to a card, in key order (1–4). Keep, Soon and Later are
 * FSRS ratings (Good, Hard, Easy: main/review/scheduler.ts); Retire takes
 * the highlight out of the review for good.
 */
export const REVIEW_ANSWERS = ['keep', 'soon', 'later', 'retire'] as const;
export type ReviewAnswer = (typeof REVIEW_ANSWERS)[number];

export const REVIEW_ANSWER_LABELS: Record<ReviewAnswer, string> = {
  keep: 'Keep',
  soon: 'Soon',
  later: 'Later',
  retire: 'Retire',
};

/** Highlights a day: the default, and the range Settings accepts. */
export const DEFAULT_DAILY_COUNT = 10;
export const MAX_DAILY_COUNT = 100;
/** A colour's weight: 0 leaves its highlights out of the review; higher comes up more often. */
export const MAX_COLOR_WEIGHT = 5;
export const DEFAULT_COLOR_WEIGHT = 1;

export interface ReviewSettings {
  dailyCount: number;
  colorWeights: Record<HighlightColor, number>;
}

export function defaultReviewSettings(): ReviewSettings {
  return {
    dailyCount: DEFAULT_DAILY_COUNT,
    colorWeights: Object.fromEntries(HIGHLIGHT_COLORS.map((c) => [c, DEFAULT_COLOR_WEIGHT])) as Record<HighlightColor, number>,
  };
}

/** One highlight to review, with what the card shows about its source. */
export interface ReviewCard {
  highlight: Highlight;
  article: { id: string; title: string; format: string };
  /** Where it is in its source, when known: a PDF's page, a book's chapter. */
  location: { page?: number; chapter?: string };
  /** 'new': never reviewed; 'due': scheduled for today or earlier. */
  status: 'new' | 'due';
}

export interface ReviewSession {
  /** The local day this set belongs to (YYYY-MM-DD). */
  day: string;
  /** What is left to review today, in order. */
  cards: ReviewCard[];
  /** The size of today's set, and how many of it are answered. */
  total: number;
  done: number;
  /** Consecutive days with at least one answer, up to today (or yesterday, if today has none yet). */
  streak: number;
  /** Live highlights in the library (0: the "no highlights yet" screen). */
  highlightCount: number;
}
