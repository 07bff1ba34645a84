/**
 * The export template's field list has one home (src/shared/export-template.ts):
 * main checks templates against it, the Settings help lists it. These tests
 * fail when the view main renders, the schema and the help could drift apart.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileExportTemplate } from '../../src/main/export';
import { buildView } from '../../src/main/export/markdown';
import { HIGHLIGHT_FIELDS, TEMPLATE_PARTIALS, TEMPLATE_SCHEMA, templateFieldGroups } from '../../src/shared/export-template';
import type { TemplateSchema } from '../../src/shared/export-template';
import { highlightOf, seedArticle } from './fixtures';

const ROOT = join(import.meta.dirname, '..', '..');

function fieldsOf(name: string): TemplateSchema {
  const field = TEMPLATE_SCHEMA[name];
  if (!field || field === true || !field.fields) throw new Error(`${name} has no fields`);
  return field.fields;
}

describe('export template fields', () => {
  it('the schema names exactly what the view holds', () => {
    const article = seedArticle();
    const view = buildView({
      article,
      highlights: [
        highlightOf(article, 'healthy skin starts in the gut', { id: 'placed-1' }),
        highlightOf(article, 'not in the text at all', { id: 'orphan-1' }),
      ],
      note: 'n',
    });
    const sorted = (o: object): string[] => Object.keys(o).sort();
    expect(sorted(view)).toEqual(sorted(TEMPLATE_SCHEMA));
    const [placed] = view.highlights as object[];
    const [orphan] = view.orphans as object[];
    expect(sorted(placed!)).toEqual(sorted(HIGHLIGHT_FIELDS));
    expect(sorted(orphan!)).toEqual(sorted(HIGHLIGHT_FIELDS));
    expect(fieldsOf('highlights')).toBe(HIGHLIGHT_FIELDS);
    expect(fieldsOf('orphans')).toBe(HIGHLIGHT_FIELDS);
    expect(sorted(view.article as object)).toEqual(sorted(fieldsOf('article')));
  });

  it('every name the Settings help lists is accepted by main, where the help says it goes', () => {
    const groups = templateFieldGroups();
    const listed = [...groups.article, ...groups.lists, ...groups.raw.map((n) => n.split('.')[0]!), 'tags'];
    expect(new Set(listed)).toEqual(new Set(Object.keys(TEMPLATE_SCHEMA)));
    expect(groups.highlight).toEqual(Object.keys(HIGHLIGHT_FIELDS));
    expect(groups.partials).toEqual(Object.keys(TEMPLATE_PARTIALS));
    for (const name of [...groups.article, ...groups.raw]) expect(() => compileExportTemplate(`{{${name}}}`)).not.toThrow();
    for (const list of groups.lists) {
      for (const name of groups.highlight) expect(() => compileExportTemplate(`{{#${list}}}{{${name}}}{{/${list}}}`)).not.toThrow();
      for (const partial of groups.partials) expect(() => compileExportTemplate(`{{#${list}}}\n{{> ${partial}}}\n{{/${list}}}`)).not.toThrow();
    }
  });

  it('the renderer takes the list from the shared module, with no hand copy', () => {
    const settings = readFileSync(join(ROOT, 'src/renderer/src/lib/settings.svelte.ts'), 'utf8');
    expect(settings).toMatch(/TEMPLATE_PLACEHOLDERS = templateFieldGroups\(\)/);
    const dialog = readFileSync(join(ROOT, 'src/renderer/src/components/SettingsDialog.svelte'), 'utf8');
    // A quoted field name in either file would be a second list to keep in step.
    for (const source of [settings, dialog]) {
      for (const name of ['highlightCount', 'blockId', 'glossUrl', 'siteName', 'wordCount', 'frontMatter']) {
        expect(source).not.toMatch(new RegExp(`['"\`]${name}['"\`]`));
      }
    }
  });
});
