/**
 * The Review screen's state: today's session from main (the set is chosen
 * there, once a day), the card on screen (the first one left, so coming
 * back from "Open in source" shows the same card), answers with Undo, and
 * the note and tags edited on the card.
 */
import { REVIEW_ANSWER_LABELS, type ReviewAnswer, type ReviewCard, type ReviewSession } from '../../../shared/review';
import { colorLabelsFrom, colorWithLabel } from '../../../shared/color-labels';
import type { ColorLabels, Highlight } from '../../../shared/types';
import { api } from './api';
import { messageOf } from './errors';
import { messages } from './messages.svelte';

const SCOPE = '#/review';

class ReviewState {
  session = $state<ReviewSession | null>(null);
  loading = $state(false);
  error = $state<string | null>(null);
  /** An answer on its way (the buttons wait, so a double press is one answer). */
  answering = $state(false);
  labels = $state<ColorLabels>(colorLabelsFrom(null));

  readonly card = $derived<ReviewCard | null>(this.session?.cards[0] ?? null);

  async load(): Promise<void> {
    this.loading = true;
    this.error = null;
    try {
      const [session, settings] = await Promise.all([api.getReviewSession({}), api.getSettings({}).catch(() => null)]);
      this.session = session;
      if (settings) this.labels = colorLabelsFrom(settings.colorLabels);
    } catch (err) {
      this.error = messageOf(err);
    } finally {
      this.loading = false;
    }
  }

  /** "Key idea · Yellow": what the colour means, then its name. */
  colorLabel(highlight: Highlight): string {
    return colorWithLabel(highlight.color, this.labels);
  }

  async answer(answer: ReviewAnswer): Promise<void> {
    const card = this.card;
    if (!card || this.answering) return;
    this.answering = true;
    try {
      this.session = await api.answerReview({ highlightId: card.highlight.id, answer });
      const id = card.highlight.id;
      messages.success(answer === 'retire' ? 'Retired: it will not come back.' : `${REVIEW_ANSWER_LABELS[answer]}.`, {
        scope: SCOPE,
        undo: {
          run: async () => {
            this.session = await api.undoReviewAnswer({ highlightId: id });
          },
        },
      });
    } catch (err) {
      messages.error(`Could not save the answer: ${messageOf(err)}`, { scope: SCOPE });
    } finally {
      this.answering = false;
    }
  }

  /** The card's highlight changed (its note, its tags): the session shows the new one. */
  #replace(highlight: Highlight): void {
    if (!this.session) return;
    this.session = {
      ...this.session,
      cards: this.session.cards.map((c) => (c.highlight.id === highlight.id ? { ...c, highlight } : c)),
    };
  }

  async saveNote(id: string, note: string): Promise<void> {
    this.#replace(await api.updateHighlight({ id, note }));
  }

  async addTag(id: string, tag: string): Promise<void> {
    const card = this.session?.cards.find((c) => c.highlight.id === id);
    if (!card) return;
    const { tags } = await api.setHighlightTags({ id, tags: [...(card.highlight.tags ?? []), tag] });
    this.#replace({ ...card.highlight, tags });
  }
}

export const review = new ReviewState();
