/**
 * The library's colour labels (Settings → Highlight colours), shared by
 * everything that shows a colour: the colour buttons, the Highlights panel,
 * the selection toolbar. Loaded once; Settings sets them after a save. The
 * rule (defaults, checks, "Key idea · Yellow") is src/shared/color-labels.ts.
 */
import { colorLabelsFrom, colorWithLabel, DEFAULT_COLOR_LABELS } from '../../../shared/color-labels';
import type { ColorLabels, HighlightColor } from '../../../shared/types';
import { api } from './api';

class ColorLabelState {
  labels = $state<ColorLabels>({ ...DEFAULT_COLOR_LABELS });
  #request: Promise<void> | null = null;
  /** Set by Settings: a load answering later must not put older labels back. */
  #saved = false;

  /** Reads the labels once (the defaults show meanwhile, and if reading fails). */
  load(): Promise<void> {
    this.#request ??= api.getSettings({}).then(
      (settings) => {
        if (!this.#saved) this.labels = colorLabelsFrom(settings.colorLabels);
      },
      () => undefined,
    );
    return this.#request;
  }

  /** The labels as main answered a save. */
  set(labels: ColorLabels): void {
    this.#saved = true;
    this.labels = colorLabelsFrom(labels);
  }

  /** "Key idea · Yellow": the colour with what it means, so colour is never the only cue. */
  nameOf(color: HighlightColor): string {
    return colorWithLabel(color, this.labels);
  }
}

export const colorLabels = new ColorLabelState();
