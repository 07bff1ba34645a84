/**
 * What each highlight colour means: a short label per colour, edited in
 * Settings and stored with the library (setting `colorLabels`), shown next
 * to the colour wherever one appears (so colour is never the only cue) and
 * written in exports. The one rule for main (settings, export) and the
 * renderer (Settings, panel, popover, selection toolbar).
 *
 * Defaults, in the toolbar's colour order: yellow "Key idea", green
 * "Question", blue "Disagree", pink "Definition", purple "To follow up".
 */
import { HIGHLIGHT_COLORS, type ColorLabels, type HighlightColor } from './types';

export const DEFAULT_COLOR_LABELS: Readonly<ColorLabels> = Object.freeze({
  yellow: 'Key idea',
  green: 'Question',
  blue: 'Disagree',
  pink: 'Definition',
  purple: 'To follow up',
});

/** The colours' own names (a button's accessible name starts from these). */
export const COLOR_NAMES: Readonly<Record<HighlightColor, string>> = Object.freeze({
  yellow: 'Yellow',
  green: 'Green',
  blue: 'Blue',
  pink: 'Pink',
  purple: 'Purple',
});

/** The longest label, in characters (code points): it sits beside a swatch and in a panel line. */
export const MAX_COLOR_LABEL_CHARS = 40;

export type ColorLabelCheck = { label: string } | { error: string };

/**
 * The stored form of a typed label (spaces collapsed, trimmed, NFC), or a
 * message. An empty label means the colour's default (a cleared box resets it).
 */
export function checkColorLabel(color: HighlightColor, raw: string): ColorLabelCheck {
  const label = raw.replace(/[ \t\u00a0]+/g, ' ').trim().normalize('NFC');
  if (!label) return { label: DEFAULT_COLOR_LABELS[color] };
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(label)) return { error: `The ${COLOR_NAMES[color]} label must be one line of text.` };
  if ([...label].length > MAX_COLOR_LABEL_CHARS) {
    return { error: `The ${COLOR_NAMES[color]} label must be at most ${MAX_COLOR_LABEL_CHARS} characters.` };
  }
  return { label };
}

/**
 * The labels from a stored value: each valid stored label, the default for
 * the rest (a damaged or partial value never breaks the app).
 */
export function colorLabelsFrom(stored: unknown): ColorLabels {
  const labels: ColorLabels = { ...DEFAULT_COLOR_LABELS };
  if (stored === null || typeof stored !== 'object') return labels;
  for (const color of HIGHLIGHT_COLORS) {
    const raw = (stored as Record<string, unknown>)[color];
    if (typeof raw !== 'string') continue;
    const checked = checkColorLabel(color, raw);
    if ('label' in checked) labels[color] = checked.label;
  }
  return labels;
}

/** True when every label is its default (stored as "no setting"). */
export function isDefaultColorLabels(labels: ColorLabels): boolean {
  return HIGHLIGHT_COLORS.every((c) => labels[c] === DEFAULT_COLOR_LABELS[c]);
}

/** A colour as people read it: "Key idea · Yellow" (the label first: it is what the colour means). */
export function colorWithLabel(color: HighlightColor, labels: ColorLabels): string {
  return `${labels[color]} · ${COLOR_NAMES[color]}`;
}
