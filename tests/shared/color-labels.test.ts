/**
 * Colour labels (src/shared/color-labels.ts): the rule, and the setting
 * through the one contract (stored with the library, partial changes,
 * reset, refused labels).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../src/main/api/dispatch';
import { createHandlers } from '../../src/main/api/handlers';
import { Library } from '../../src/main/library';
import {
  checkColorLabel,
  colorLabelsFrom,
  colorWithLabel,
  DEFAULT_COLOR_LABELS,
  MAX_COLOR_LABEL_CHARS,
} from '../../src/shared/color-labels';
import type { Envelope } from '../../src/shared/errors';
import type { Settings } from '../../src/shared/types';
import { tempDir } from '../helpers/tmp';

const libraries: Library[] = [];
afterEach(() => {
  for (const library of libraries.splice(0)) library.close();
});

function value<T>(envelope: Envelope<T>): T {
  if (!envelope.ok) throw new Error(`${envelope.error.code}: ${envelope.error.message}`);
  return envelope.value;
}

describe('the colour label rule', () => {
  it('has the five defaults in the toolbar\'s colour order', () => {
    expect(DEFAULT_COLOR_LABELS).toEqual({ yellow: 'Key idea', green: 'Question', blue: 'Disagree', pink: 'Definition', purple: 'To follow up' });
    expect(colorWithLabel('pink', DEFAULT_COLOR_LABELS)).toBe('Definition · Pink');
  });

  it('collapses spaces, takes empty as the default, refuses line breaks and long labels', () => {
    expect(checkColorLabel('yellow', '  Big \t idea ')).toEqual({ label: 'Big idea' });
    expect(checkColorLabel('green', '   ')).toEqual({ label: 'Question' });
    expect(checkColorLabel('blue', 'a\nb')).toEqual({ error: 'The Blue label must be one line of text.' });
    expect(checkColorLabel('pink', '😀'.repeat(MAX_COLOR_LABEL_CHARS))).toEqual({ label: '😀'.repeat(MAX_COLOR_LABEL_CHARS) });
    expect(checkColorLabel('pink', 'x'.repeat(MAX_COLOR_LABEL_CHARS + 1))).toEqual({ error: 'The Pink label must be at most 40 characters.' });
  });

  it('reads a damaged or partial stored value as the defaults for what is wrong', () => {
    expect(colorLabelsFrom(null)).toEqual(DEFAULT_COLOR_LABELS);
    expect(colorLabelsFrom('yellow')).toEqual(DEFAULT_COLOR_LABELS);
    expect(colorLabelsFrom({ yellow: 'Mine', green: 42, blue: 'x\ny', orange: 'Nope' })).toEqual({ ...DEFAULT_COLOR_LABELS, yellow: 'Mine' });
  });
});

describe('colour labels in Settings (the contract)', () => {
  it('are stored with the library, changed a colour at a time, reset, and refused when invalid', async () => {
    const dir = tempDir();
    const library = Library.open(dir);
    libraries.push(library);
    const dispatch = createDispatcher(createHandlers(library, 'browser'), () => undefined);
    const get = async (): Promise<Settings> => value(await dispatch('getSettings', {})) as Settings;
    expect((await get()).colorLabels).toEqual(DEFAULT_COLOR_LABELS);

    const set = value(await dispatch('setSettings', { colorLabels: { yellow: ' Core claim ', purple: 'Later' } })) as Settings;
    expect(set.colorLabels).toEqual({ ...DEFAULT_COLOR_LABELS, yellow: 'Core claim', purple: 'Later' });
    // The export template is untouched by a labels change, and the other way round.
    expect(set.exportTemplate).toBe(set.defaultExportTemplate);
    value(await dispatch('setSettings', { exportTemplate: '# {{title}}\n' }));
    expect((await get()).colorLabels.yellow).toBe('Core claim');

    // Refused: nothing changes.
    const refused = await dispatch('setSettings', { colorLabels: { green: 'two\nlines' } });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
    expect(JSON.stringify(refused)).toContain('The Green label must be one line of text');
    expect(await dispatch('setSettings', { colorLabels: { orange: 'x' } })).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
    expect((await get()).colorLabels.green).toBe('Question');

    // Kept across opening the library again (a library setting, not this device's).
    library.close();
    const again = Library.open(dir);
    libraries.push(again);
    expect(again.getSettings().colorLabels.purple).toBe('Later');
    // '' gives a colour its default back; null all of them (and stores nothing).
    expect(again.setSettings({ colorLabels: { purple: '' } }).colorLabels.purple).toBe('To follow up');
    expect(again.setSettings({ colorLabels: null }).colorLabels).toEqual(DEFAULT_COLOR_LABELS);
    expect(again.settings.get('colorLabels')).toBeUndefined();
  });
});
