/**
 * The Markdown export's template engine: Mustache (mustache.js) rendering,
 * checked first by our own validator over Mustache's parse tokens.
 *
 * Mustache as specified, with two local changes (on a writer of our own, so
 * nothing global changes):
 * - values are never HTML-escaped, whether written `{{name}}`, `{{{name}}}`
 *   or `{{& name}}` (the output is Markdown; values that need Markdown
 *   escaping arrive escaped from the view);
 * - a list written as a value reads "a, b"; an object reads as nothing.
 *
 * Sections (`{{#name}}`, `{{^name}}`), comments, dotted names, `{{.}}` and
 * standalone lines (a line holding only section, comment or partial tags
 * leaves no blank line behind) behave as in Mustache. Partials
 * (`{{> name}}`) come from a fixed set given at compile time.
 *
 * Templates are checked when compiled: unclosed or mismatched sections, bad
 * tag syntax, changed delimiters, unknown partials and names outside the
 * known variable set (a `TemplateSchema`) throw a
 * GlossError('invalid_argument') naming the line (and a likely name), so a
 * typo is caught before anything is written.
 */
import Mustache from 'mustache';
import type { TemplateSpans } from 'mustache';
import { GlossError } from '../../shared/errors';
import type { TemplateField, TemplateSchema } from '../../shared/export-template';

export type { TemplateField, TemplateSchema } from '../../shared/export-template';

/** Partial sources by name (`{{> name}}`). */
export type TemplatePartials = Readonly<Record<string, string>>;

export interface CompiledTemplate {
  readonly source: string;
  /** Renders the whole template against `view`. */
  render(view: object): string;
  /**
   * Renders the body of the first `{{#name}}` section once per item, with
   * `view` as the outer context; null when the template has no such section.
   * The folder export uses it to append new highlights in the user's layout.
   */
  renderSection(name: string, view: object, items: readonly unknown[]): string | null;
  /** Every name the template uses, its partials' included (the export derives a book's CFIs only when `cfi` is one). */
  readonly names: ReadonlySet<string>;
}

type Token = TemplateSpans[number];

const NAME = /^(?:\.|[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)$/;

function fail(line: number, message: string): never {
  throw new GlossError('invalid_argument', `Template error at line ${line}: ${message}`);
}

const lineAt = (source: string, offset: number): number => source.slice(0, offset).split('\n').length;

/** A value as template text: never escaped; lists joined with ", "; objects and null/undefined empty. */
function valueText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(valueText).join(', ');
  if (typeof value === 'object') return '';
  return String(value);
}

/** Mustache's writer, with values written as valueText() says instead of HTML-escaped. */
class MarkdownWriter extends Mustache.Writer {
  override escapedValue(token: string[], context: Mustache.Context): string {
    return valueText(context.lookup(token[1]!));
  }

  override unescapedValue(token: string[], context: Mustache.Context): string {
    return valueText(context.lookup(token[1]!));
  }
}

// ---------------------------------------------------------------------------
// Parsing, with Mustache's errors turned into ours

/** Where an unclosed tag starts (Mustache only says where it gave up). */
function unclosedTagStart(source: string): number {
  let at = 0;
  for (;;) {
    const open = source.indexOf('{{', at);
    if (open === -1) return source.length;
    const closer = source.startsWith('{{{', open) ? '}}}' : '}}';
    const close = source.indexOf(closer, open + closer.length);
    if (close === -1) return open;
    at = close + closer.length;
  }
}

/**
 * The line of the innermost section still open at `offset`: the source up
 * to there is closed by appending closing tags until Mustache parses it,
 * and the section our first appended tag closes is the one.
 */
function openSectionLine(source: string, offset: number, name: string): number | null {
  let repaired = `${source.slice(0, offset)}{{/${name}}}`;
  for (let attempt = 0; attempt < 1000; attempt++) {
    let tokens: TemplateSpans;
    try {
      tokens = new Mustache.Writer().parse(repaired) as TemplateSpans;
    } catch (err) {
      const m = /^Unclosed section "(.*)" at (\d+)$/.exec(err instanceof Error ? err.message : '');
      if (!m || Number(m[2]) !== repaired.length) return null;
      repaired += `{{/${m[1]}}}`;
      continue;
    }
    const find = (list: TemplateSpans): Token | null => {
      for (const token of list) {
        if ((token[0] === '#' || token[0] === '^') && token[5] === offset) return token;
        const inner = Array.isArray(token[4]) ? find(token[4]) : null;
        if (inner) return inner;
      }
      return null;
    };
    const section = find(tokens);
    return section ? lineAt(source, section[2]) : null;
  }
  return null;
}

/** Mustache's parse of `source`; its errors become ours, with a line. */
function parseTemplate(writer: Mustache.Writer, source: string): TemplateSpans {
  try {
    return writer.parse(source) as TemplateSpans;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const at = Number(/ at (\d+)$/.exec(message)?.[1] ?? source.length);
    const delimiters = /\{\{\s*=/.exec(source);
    if (delimiters && delimiters.index <= at) {
      fail(lineAt(source, delimiters.index), `changing delimiters ("${source.slice(delimiters.index).split('\n', 1)[0]}") is not supported`);
    }
    if (message.startsWith('Unclosed tag')) {
      const start = unclosedTagStart(source);
      const opener = source.startsWith('{{{', start) ? '{{{' : '{{';
      fail(lineAt(source, start), `"${opener}" is not closed with "${opener === '{{{' ? '}}}' : '}}'}"`);
    }
    const unopened = /^Unopened section "(.*)" at \d+$/.exec(message);
    if (unopened) fail(lineAt(source, at), `"{{/${unopened[1]}}}" closes a section that was never opened`);
    const unclosed = /^Unclosed section "(.*)" at \d+$/.exec(message);
    if (unclosed) {
      const name = unclosed[1]!;
      const opened = openSectionLine(source, at, name);
      if (at >= source.length) fail(opened ?? lineAt(source, at), `unclosed section "${name}"`);
      const closing = /^\{\{\s*\/\s*(.*?)\s*\}\}/.exec(source.slice(at))?.[1] ?? '';
      fail(
        lineAt(source, at),
        `"{{/${closing}}}" does not match the open section "${name}"${opened !== null ? ` (opened at line ${opened})` : ''}`,
      );
    }
    fail(lineAt(source, at), message);
  }
}

// ---------------------------------------------------------------------------
// Validation against the known names and partials

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}

function suggestion(name: string, candidates: Iterable<string>): string {
  let best: string | null = null;
  let bestScore = Infinity;
  for (const candidate of candidates) {
    const score = distance(name.toLowerCase(), candidate.toLowerCase());
    if (score < bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best !== null && bestScore <= Math.max(2, Math.floor(name.length / 3)) ? ` (did you mean "${best}"?)` : '';
}

const namesIn = (scopes: TemplateSchema[]): string[] => scopes.flatMap((scope) => Object.keys(scope));

/** Where tokens come from: the template itself, or a partial it includes (errors then name the including tag's line). */
interface Origin {
  source: string;
  /** The line of the `{{> partial}}` tag in the template, inside a partial. */
  line?: number;
  /** The partials being expanded, outermost first. */
  partials: string[];
}

interface Checker {
  schema: TemplateSchema | undefined;
  /** Collects the names the template uses. */
  used: Set<string>;
  partials: TemplatePartials;
  writer: Mustache.Writer;
}

function checkTokens(tokens: TemplateSpans, scopes: TemplateSchema[], depth: number, origin: Origin, checker: Checker): void {
  for (const token of tokens) {
    const [type, name, start, end] = token;
    if (type === 'text' || type === '!') continue;
    const line = origin.line ?? lineAt(origin.source, start);
    const inPartial = origin.partials.length ? ` (in partial "${origin.partials[origin.partials.length - 1]}")` : '';
    const tag = origin.source.slice(start, end);
    const bad = (message: string): never => fail(line, `${message}${inPartial}`);
    if (type === '=') bad(`changing delimiters ("${tag}") is not supported`);
    if (name.includes('{{')) bad('"{{" is not closed with "}}"');
    if (name === '') bad(`empty tag "${tag}"`);
    if (!NAME.test(name)) bad(`invalid name in "${tag}"`);
    if (type !== '>') checker.used.add(name);
    if (type === '>') {
      if (!Object.hasOwn(checker.partials, name)) bad(`unknown partial "${name}"${suggestion(name, Object.keys(checker.partials))}`);
      if (origin.partials.includes(name)) bad(`partial "${name}" includes itself`);
      const source = checker.partials[name]!;
      const partialOrigin: Origin = { source, line, partials: [...origin.partials, name] };
      checkTokens(parseTemplate(checker.writer, source), scopes, depth, partialOrigin, checker);
      continue;
    }
    if (!checker.schema) {
      if (type === '#' || type === '^') checkTokens(token[4] as TemplateSpans, scopes, depth + 1, origin, checker);
      continue;
    }
    // Inside a partial the user cannot change the name: the fix is where the partial is used, not a spelling.
    const field = resolveField(name, scopes, depth > 0, origin.partials.length === 0, bad);
    if (type === '#' || type === '^') {
      const inner = type === '#' && field !== true && field.fields ? [...scopes, field.fields] : scopes;
      checkTokens(token[4] as TemplateSpans, inner, depth + 1, origin, checker);
    }
  }
}

/** The field a (possibly dotted) name refers to; `bad` throws when it is unknown. */
function resolveField(
  name: string,
  scopes: TemplateSchema[],
  inSection: boolean,
  suggest: boolean,
  bad: (message: string) => never,
): TemplateField {
  const hint = (wrong: string, names: string[]): string => (suggest ? suggestion(wrong, names) : '');
  if (name === '.') {
    if (!inSection) bad('"{{.}}" is only allowed inside a section');
    return true;
  }
  const [head, ...rest] = name.split('.') as [string, ...string[]];
  let found: TemplateField | undefined;
  for (let i = scopes.length - 1; i >= 0 && found === undefined; i--) {
    const scope = scopes[i]!;
    if (Object.hasOwn(scope, head)) found = scope[head];
  }
  if (found === undefined) return bad(`unknown name "${head}"${hint(head, namesIn(scopes))}`);
  let field: TemplateField = found;
  let path = head;
  for (const part of rest) {
    const fields: TemplateSchema | undefined = field === true || field.list ? undefined : field.fields;
    if (!fields || !Object.hasOwn(fields, part)) bad(`unknown name "${path}.${part}"${fields ? hint(part, Object.keys(fields)) : ''}`);
    field = fields[part]!;
    path += `.${part}`;
  }
  return field;
}

// ---------------------------------------------------------------------------

function findSection(tokens: TemplateSpans, name: string): TemplateSpans | null {
  for (const token of tokens) {
    if (token[0] !== '#' && token[0] !== '^') continue;
    const children = token[4] as TemplateSpans;
    if (token[0] === '#' && token[1] === name) return children;
    const inner = findSection(children, name);
    if (inner) return inner;
  }
  return null;
}

/**
 * Parses and checks a template. `schema` lists the names it may use (the
 * Markdown export passes its own); without one, any name is accepted.
 * `partials` are the only ones `{{> name}}` may include.
 */
export function compileTemplate(source: string, schema?: TemplateSchema, partials: TemplatePartials = {}): CompiledTemplate {
  if (typeof source !== 'string') throw new GlossError('invalid_argument', 'Template error: the template must be text');
  const normalized = source.replace(/\r\n?/g, '\n');
  // One writer per template: its parse cache holds only this template and its partials.
  const writer = new MarkdownWriter();
  const tokens = parseTemplate(writer, normalized);
  const names = new Set<string>();
  checkTokens(tokens, schema ? [schema] : [], 0, { source: normalized, partials: [] }, { schema, partials, writer, used: names });
  const renderTokens = (list: TemplateSpans, context: Mustache.Context): string =>
    writer.renderTokens(list as string[][], context, { ...partials }, normalized);
  return {
    source,
    names,
    render(view: object): string {
      return renderTokens(tokens, new Mustache.Context(view));
    },
    renderSection(name: string, view: object, items: readonly unknown[]): string | null {
      const section = findSection(tokens, name);
      if (!section) return null;
      const outer = new Mustache.Context(view);
      return items.map((item) => renderTokens(section, outer.push(item))).join('');
    },
  };
}
