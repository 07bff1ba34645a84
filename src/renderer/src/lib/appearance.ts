/**
 * How the reader's text looks (issue #16 "Appearance"): one definition of
 * every setting, its default, its range, how it is stored (localStorage:
 * appearance belongs to this device, not to the library) and how it is
 * applied (attributes and CSS custom properties on <html>, which the app's
 * and the article's styles read).
 */
export const THEMES = ['system', 'light', 'sepia', 'dark', 'black'] as const;
export type Theme = (typeof THEMES)[number];
export const THEME_NAMES: Record<Theme, string> = {
  system: 'System',
  light: 'Light',
  sepia: 'Sepia',
  dark: 'Dark',
  black: 'Black',
};

export const FONTS = ['serif', 'sans', 'mono', 'legible', 'system'] as const;
export type ReadingFont = (typeof FONTS)[number];
export const FONT_NAMES: Record<ReadingFont, string> = {
  serif: 'Serif (Literata)',
  sans: 'Sans-serif (Source Sans 3)',
  mono: 'Monospace (JetBrains Mono)',
  legible: 'High legibility (Atkinson Hyperlegible Next)',
  system: 'System font',
};
/** Bundled faces first (served from the app: never fetched), then close system ones. */
export const FONT_STACKS: Record<ReadingFont, string> = {
  serif: "'Literata Variable', 'Iowan Old Style', Palatino, Georgia, 'Noto Serif', serif",
  sans: "'Source Sans 3 Variable', 'Segoe UI', Roboto, 'Noto Sans', sans-serif",
  mono: "'JetBrains Mono Variable', ui-monospace, Menlo, Consolas, 'DejaVu Sans Mono', monospace",
  legible: "'Atkinson Hyperlegible Next Variable', Verdana, 'Noto Sans', sans-serif",
  system: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
};

interface NumberSetting {
  min: number;
  max: number;
  step: number;
  unit: string;
  label: string;
}

/** The numeric settings: Firefox Reader View's defaults are near these. */
export const NUMBERS = {
  fontSize: { min: 12, max: 32, step: 1, unit: 'px', label: 'Text size' },
  lineHeight: { min: 1.2, max: 2.4, step: 0.1, unit: '', label: 'Line height' },
  paragraphSpacing: { min: 0, max: 2.5, step: 0.1, unit: 'em', label: 'Paragraph spacing' },
  width: { min: 40, max: 110, step: 5, unit: 'ch', label: 'Column width' },
  margin: { min: 0, max: 6, step: 0.5, unit: 'rem', label: 'Margins' },
} as const satisfies Record<string, NumberSetting>;
export type NumberKey = keyof typeof NUMBERS;

export interface Appearance {
  theme: Theme;
  font: ReadingFont;
  fontSize: number;
  lineHeight: number;
  paragraphSpacing: number;
  width: number;
  margin: number;
  justify: boolean;
}

export const DEFAULT_APPEARANCE: Readonly<Appearance> = Object.freeze({
  theme: 'system',
  font: 'serif',
  fontSize: 18,
  lineHeight: 1.7,
  paragraphSpacing: 1.1,
  width: 75,
  margin: 0,
  justify: false,
});

const STORAGE_KEY = 'gloss.appearance';

function clampTo(key: NumberKey, value: unknown): number {
  const { min, max, step } = NUMBERS[key];
  if (typeof value !== 'number' || !Number.isFinite(value)) return DEFAULT_APPEARANCE[key];
  const stepped = Math.round((value - min) / step) * step + min;
  return Math.min(max, Math.max(min, Number(stepped.toFixed(2))));
}

/** Any stored or typed value made valid: unknown fields dropped, numbers clamped to their range and step. */
export function normalizeAppearance(value: unknown): Appearance {
  const given = value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  const pick = <T extends string>(list: readonly T[], v: unknown, fallback: T): T =>
    (list as readonly unknown[]).includes(v) ? (v as T) : fallback;
  return {
    theme: pick(THEMES, given.theme, DEFAULT_APPEARANCE.theme),
    font: pick(FONTS, given.font, DEFAULT_APPEARANCE.font),
    fontSize: clampTo('fontSize', given.fontSize),
    lineHeight: clampTo('lineHeight', given.lineHeight),
    paragraphSpacing: clampTo('paragraphSpacing', given.paragraphSpacing),
    width: clampTo('width', given.width),
    margin: clampTo('margin', given.margin),
    justify: typeof given.justify === 'boolean' ? given.justify : DEFAULT_APPEARANCE.justify,
  };
}

export function loadAppearance(storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): Appearance {
  try {
    return normalizeAppearance(JSON.parse(storage?.getItem(STORAGE_KEY) ?? 'null'));
  } catch {
    return { ...DEFAULT_APPEARANCE };
  }
}

export function saveAppearance(appearance: Appearance, storage: Pick<Storage, 'setItem'> | undefined = globalThis.localStorage): void {
  try {
    storage?.setItem(STORAGE_KEY, JSON.stringify(appearance));
  } catch {
    // Storage may be full or unavailable: the settings still apply this session.
  }
}

/** The attributes and custom properties `appearance` sets on the root element. */
export function appearanceStyle(appearance: Appearance): { theme: Theme; properties: Record<string, string> } {
  return {
    theme: appearance.theme,
    properties: {
      '--read-font': FONT_STACKS[appearance.font],
      // In rem, so the user's default text size and zoom still scale it.
      '--read-size': `${appearance.fontSize / 16}rem`,
      '--read-line-height': String(appearance.lineHeight),
      '--read-paragraph-spacing': `${appearance.paragraphSpacing}em`,
      '--read-width': `${appearance.width}ch`,
      '--read-margin': `${appearance.margin}rem`,
      '--read-align': appearance.justify ? 'justify' : 'start',
    },
  };
}

export function applyAppearance(appearance: Appearance, root: HTMLElement = document.documentElement): void {
  const { theme, properties } = appearanceStyle(appearance);
  if (theme === 'system') delete root.dataset.theme;
  else root.dataset.theme = theme;
  for (const [name, value] of Object.entries(properties)) root.style.setProperty(name, value);
}
