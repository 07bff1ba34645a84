import Mustache from 'mustache';
import { describe, expect, it } from 'vitest';
import { compileExportTemplate, compileTemplate, DEFAULT_TEMPLATE, TEMPLATE_PARTIALS } from '../../src/main/export';
import { GlossError } from '../../src/shared/errors';

const render = (source: string, view: object): string => compileTemplate(source).render(view);

function errorOf(fn: () => unknown): GlossError {
  try {
    fn();
  } catch (err) {
    if (err instanceof GlossError) return err;
    throw err;
  }
  throw new Error('expected a GlossError');
}

describe('template engine', () => {
  it('substitutes values without HTML escaping, dotted names, comments', () => {
    expect(render('{{a}} & {{{a}}} & {{& a}} {{! ignored }}{{b.c}}', { a: '<b>"x"</b>', b: { c: 7 } })).toBe('<b>"x"</b> & <b>"x"</b> & <b>"x"</b> 7');
    expect(render('[{{missing}}][{{b.missing}}][{{n}}]', { b: {}, n: null })).toBe('[][][]');
  });

  it('iterates lists with parent lookup; truthy values render once; falsy and empty lists skip', () => {
    const view = { title: 'T', items: [{ name: 'a' }, { name: 'b', title: 'own' }], yes: 'y', no: '', empty: [], zero: 0 };
    expect(render('{{#items}}{{name}}:{{title}};{{/items}}', view)).toBe('a:T;b:own;');
    expect(render('{{#yes}}Y{{/yes}}{{#no}}N{{/no}}{{#empty}}E{{/empty}}{{#zero}}Z{{/zero}}', view)).toBe('Y');
    expect(render('{{^no}}!no{{/no}}{{^empty}}!empty{{/empty}}{{^yes}}!yes{{/yes}}', view)).toBe('!no!empty');
    expect(render('{{#tags}}[{{.}}]{{/tags}}', { tags: ['x', 'y'] })).toBe('[x][y]');
    expect(render('{{#obj}}{{k}}{{/obj}}', { obj: { k: 'v' } })).toBe('v');
  });

  it('a name found on the item hides the parent even when empty', () => {
    expect(render('{{#items}}<{{note}}>{{/items}}', { note: 'parent', items: [{ note: '' }, {}] })).toBe('<><parent>');
  });

  it('removes standalone section lines, keeps inline ones', () => {
    const source = 'A\n{{#list}}\n  {{! c }}\n- {{.}}\n  {{/list}}\nB {{#t}}x{{/t}} C\n{{^t}}\nnot\n{{/t}}\nD';
    expect(render(source, { list: [1, 2], t: true })).toBe('A\n- 1\n- 2\nB x C\nD');
    expect(render('{{#a}}\n{{#b}}\nin\n{{/b}}\n{{/a}}\n', { a: true, b: true })).toBe('in\n');
    expect(render('x\r\n{{#a}}\r\ny\r\n{{/a}}\r\nz', { a: true })).toBe('x\ny\nz');
  });

  it.each([
    ['{{#highlights}}\nx\n', 1, 'unclosed section "highlights"'],
    ['a\nb\n{{#a}}\n{{/b}}', 4, '"{{/b}}" does not match the open section "a" (opened at line 3)'],
    ['ok\n{{/a}}', 2, '"{{/a}}" closes a section that was never opened'],
    ['a\n\n{{title', 3, '"{{" is not closed with "}}"'],
    ['{{}}', 1, 'empty tag'],
    ['\n{{bad name}}', 2, 'invalid name'],
    ['{{> partial}}', 1, 'unknown partial "partial"'],
    ['{{= x =}}', 1, 'delimiters'],
    ['x\n{{#a}}\n{{#b}}\n{{/b}}\n', 2, 'unclosed section "a"'],
    ['{{#a}}\nx\n{{#b}}\ny\n', 3, 'unclosed section "b"'],
    ['a\n{{#x}}\n{{#y}}\n{{/x}}', 4, '"{{/x}}" does not match the open section "y" (opened at line 3)'],
    ['a\n{{{b}}', 2, '"{{{" is not closed with "}}}"'],
    ['a {{b\n{{c}}', 1, '"{{" is not closed with "}}"'],
    ['ok {{a}}\n{{b}} {{c', 2, '"{{" is not closed with "}}"'],
    ['{{=<% %>=}}', 1, 'delimiters'],
  ])('rejects %j at line %i', (source, line, message) => {
    const err = errorOf(() => compileTemplate(source));
    expect(err.code).toBe('invalid_argument');
    expect(err.message).toContain(`Template error at line ${line}: `);
    expect(err.message).toContain(message);
  });

  it('checks names against the known variables, with the line and a suggestion', () => {
    const err = errorOf(() => compileExportTemplate('{{frontMatter}}\n\n# {{titel}}\n'));
    expect(err.message).toBe('Template error at line 3: unknown name "titel" (did you mean "title"?)');
    expect(errorOf(() => compileExportTemplate('{{#highlights}}\n{{quote}}\n{{colr}}\n{{/highlights}}')).message).toContain('line 3: unknown name "colr"');
    // highlight fields exist only inside the highlights section
    expect(errorOf(() => compileExportTemplate('{{quote}}')).message).toContain('unknown name "quote"');
    expect(errorOf(() => compileExportTemplate('{{article.titel}}')).message).toContain('unknown name "article.titel"');
    expect(errorOf(() => compileExportTemplate('{{.}}')).message).toContain('only allowed inside a section');
    // parent names stay visible inside sections
    expect(() => compileExportTemplate('{{#highlights}}{{quote}} {{article.title}} {{glossUrl}}{{/highlights}}{{#tags}}{{.}}{{/tags}}')).not.toThrow();
    expect(() => compileExportTemplate(DEFAULT_TEMPLATE)).not.toThrow();
  });

  it('renders just one section for appending', () => {
    const t = compileTemplate('head\n{{#on}}\n{{#items}}\n* {{n}} of {{total}}\n{{/items}}\n{{/on}}\n');
    expect(t.renderSection('items', { total: 3 }, [{ n: 1 }, { n: 2 }])).toBe('* 1 of 3\n* 2 of 3\n');
    expect(t.renderSection('nope', {}, [{}])).toBeNull();
  });

  it('writes lists as "a, b" and objects as nothing, however the tag is written', () => {
    const view = { tags: ['x', 'y'], obj: { k: 1 }, n: 0, yes: true };
    expect(render('{{tags}}|{{{tags}}}|{{& tags}}|[{{obj}}][{{{obj}}}]|{{n}}|{{yes}}', view)).toBe('x, y|x, y|x, y|[][]|0|true');
  });

  it('never re-reads a value as a template', () => {
    expect(render('{{a}}', { a: '{{b}} <i>', b: 'no' })).toBe('{{b}} <i>');
  });

  it('leaves Mustache\'s global escaping alone', () => {
    const escape = Mustache.escape;
    expect(render('{{a}}', { a: '<b>&' })).toBe('<b>&');
    expect(Mustache.escape).toBe(escape);
    expect(Mustache.render('{{a}}', { a: '<b>&' })).toBe('&lt;b&gt;&amp;');
  });
});

describe('partials', () => {
  const view = {
    title: 'T',
    highlights: [
      { quote: '> one', blockId: 'gloss-1', note: '', color: 'yellow', label: 'Key idea', glossUrl: 'g1', sourceUrl: '' },
      { quote: '> two', blockId: 'gloss-2', note: 'n', color: 'blue', label: 'Disagree', hashtags: '#idea', glossUrl: 'g2', sourceUrl: 's2' },
    ],
  };

  it('includes the built-in highlight partial, indented like its tag, standalone lines removed', () => {
    const out = compileExportTemplate('# {{title}}\n{{#highlights}}\n{{> highlight}}\n{{/highlights}}\n').render(view);
    expect(out).toBe(
      '# T\n\n> one\n\n^gloss-1\n\nColour: yellow (Key idea) · [Open in Gloss](g1)\n\n> two\n\n^gloss-2\n\nn\n\nColour: blue (Disagree) · #idea · [Open in Gloss](g2) · [Open at source](s2)\n',
    );
    const indented = compileTemplate('{{#items}}\n  {{> item}}\n{{/items}}', undefined, { item: '- {{.}}\n' }).render({ items: [1, 2] });
    expect(indented).toBe('  - 1\n  - 2\n');
  });

  it('the default template uses it for both lists, and renders its sections alone', () => {
    expect(DEFAULT_TEMPLATE.match(/\{\{> highlight\}\}/g)).toHaveLength(2);
    expect(Object.keys(TEMPLATE_PARTIALS)).toEqual(['highlight']);
    const section = compileExportTemplate(DEFAULT_TEMPLATE).renderSection('highlights', view, view.highlights.slice(0, 1));
    expect(section).toBe('\n> one\n\n^gloss-1\n\nColour: yellow (Key idea) · [Open in Gloss](g1)\n');
  });

  it('checks a partial\'s names where it is included, and refuses unknown partials', () => {
    expect(errorOf(() => compileExportTemplate('# {{title}}\n\n{{> highlight}}')).message).toBe(
      'Template error at line 3: unknown name "quote" (in partial "highlight")',
    );
    expect(errorOf(() => compileExportTemplate('{{#highlights}}\n{{> highligt}}\n{{/highlights}}')).message).toBe(
      'Template error at line 2: unknown partial "highligt" (did you mean "highlight"?)',
    );
    expect(errorOf(() => compileTemplate('x\n{{> a}}', undefined, { a: '{{> b}}', b: '{{> a}}' })).message).toBe(
      'Template error at line 2: partial "a" includes itself (in partial "b")',
    );
  });
});
