/**
 * The seed article and an edited copy of it, for re-anchoring tests:
 * a sentence inserted before the first highlight, a word changed inside the
 * second, the third's sentence deleted.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { SEED } from '../helpers/tmp';

export const FIRST = 'These tiny organisms play a crucial role in digestion, nutrient absorption, and immune function.';
export const SECOND = 'A balanced gut microbiome promotes overall health, while imbalances can lead to a cascade of issues, including skin problems.';
export const SECOND_EDITED = SECOND.replace('a cascade of', 'a series of');
export const THIRD = 'Deficiencies in vitamins, minerals, and healthy fats can lead to dryness, dullness, and premature aging.';
export const INSERTED = ' Dermatologists have started to take this link seriously.';

export function editedSeed(): string {
  const source = readFileSync(SEED, 'utf8');
  const edited = source
    .replace('healthy skin starts in the gut.', `healthy skin starts in the gut.${INSERTED}`)
    .replace(SECOND, SECOND_EDITED)
    .replace(` ${THIRD}`, '');
  // Each edit must have happened, or the tests would prove nothing.
  if (!edited.includes(INSERTED) || !edited.includes(SECOND_EDITED) || edited.includes(THIRD)) {
    throw new Error('the seed changed: update tests/highlights/seed.ts');
  }
  return edited;
}

/** Writes the edited seed under the seed's own file name in `dir`; returns its path. */
export function writeEditedSeed(dir: string): string {
  const file = join(dir, basename(SEED));
  writeFileSync(file, editedSeed());
  return file;
}
