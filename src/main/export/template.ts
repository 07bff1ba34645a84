/**
 * A small Mustache-style template engine for the Markdown export.
 *
 * Supported tags:
 * - `{{name}}`, `{{{name}}}`, `{{& name}}`: the value, never HTML-escaped
 *   (the output is Markdown; values that need Markdown escaping arrive
 *   escaped from the view);
 * - `{{#name}}…{{/name}}`: a list renders once per item, with the item as the
 *   innermost context (names not found on the item are looked up in the
 *   enclosing contexts); any other truthy value renders once; falsy values
 *   and empty lists render nothing;
 * - `{{^name}}…{{/name}}`: renders once when the value is falsy or an empty list;
 * - `{{! comment }}`;
 * - dotted names (`{{article.title}}`) and `{{.}}` (the current item).
 *
 * As in Mustache, a section, inverted-section, closing or comment tag alone
 * on its line (white space aside) removes that whole line, so sections on
 * their own lines leave no blank lines behind.
 *
 * Templates are checked when compiled: unclosed or mismatched sections, bad
 * tag syntax and names outside the known variable set (a `TemplateSchema`)
 * throw a GlossError('invalid_argument') naming the line, so a typo is caught
 * before anything is written.
 */
import { GlossError } from '../../shared/errors';

/**
 * The names a template may use. `true`: a plain value (usable as `{{x}}`
 * or as a section condition). An object: a list of items (`list: true`) or a
 * single object whose fields are described by `fields`.
 */
export type TemplateField = true | { list?: boolean; fields?: TemplateSchema };
export interface TemplateSchema {
  [name: string]: TemplateField;
}

type Node =
  | { kind: 'text'; text: string }
  | { kind: 'var'; name: string; line: number }
  | { kind: 'section'; name: string; inverted: boolean; line: number; children: Node[] };

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
}

const NAME = /^(?:\.|[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)$/;

function fail(line: number, message: string): never {
  throw new GlossError('invalid_argument', `Template error at line ${line}: ${message}`);
}

interface RawToken {
  type: 'text' | 'var' | 'open' | 'inverted' | 'close' | 'comment';
  text: string; // text content, or the tag's name
  line: number;
  /** For text tokens: the slice kept after standalone-line trimming. */
  cutStart?: number;
  cutEnd?: number;
}

function lineAt(source: string, offset: number, cache: { offset: number; line: number }): number {
  let { offset: from, line } = cache;
  if (offset < from) {
    from = 0;
    line = 1;
  }
  for (let i = from; i < offset; i++) if (source.charCodeAt(i) === 10) line++;
  cache.offset = offset;
  cache.line = line;
  return line;
}

function tokenize(source: string): RawToken[] {
  const tokens: RawToken[] = [];
  const cache = { offset: 0, line: 1 };
  let pos = 0;
  for (;;) {
    const open = source.indexOf('{{', pos);
    const textEnd = open === -1 ? source.length : open;
    tokens.push({ type: 'text', text: source.slice(pos, textEnd), line: lineAt(source, pos, cache) });
    if (open === -1) break;
    const line = lineAt(source, open, cache);
    const triple = source.startsWith('{{{', open);
    const closer = triple ? '}}}' : '}}';
    const close = source.indexOf(closer, open + closer.length);
    const nextOpen = source.indexOf('{{', open + 2 + (triple ? 1 : 0));
    if (close === -1 || (nextOpen !== -1 && nextOpen < close)) fail(line, `"${triple ? '{{{' : '{{'}" is not closed with "${closer}"`);
    const inner = source.slice(open + closer.length, close);
    pos = close + closer.length;
    if (triple) {
      tokens.push({ type: 'var', text: checkName(inner.trim(), line, `{{{${inner}}}}`), line });
      continue;
    }
    const sigil = inner.trimStart()[0] ?? '';
    const rest = inner.trimStart().slice(1).trim();
    switch (sigil) {
      case '!':
        tokens.push({ type: 'comment', text: '', line });
        break;
      case '#':
        tokens.push({ type: 'open', text: checkName(rest, line, `{{${inner}}}`), line });
        break;
      case '^':
        tokens.push({ type: 'inverted', text: checkName(rest, line, `{{${inner}}}`), line });
        break;
      case '/':
        tokens.push({ type: 'close', text: checkName(rest, line, `{{${inner}}}`), line });
        break;
      case '&':
        tokens.push({ type: 'var', text: checkName(rest, line, `{{${inner}}}`), line });
        break;
      case '>':
        fail(line, `partials ("{{${inner}}}") are not supported`);
        break;
      case '=':
        fail(line, `changing delimiters ("{{${inner}}}") is not supported`);
        break;
      case '{':
        fail(line, `"{{${inner}}}" is missing a closing "}"`);
        break;
      default:
        tokens.push({ type: 'var', text: checkName(inner.trim(), line, `{{${inner}}}`), line });
    }
  }
  markStandalone(tokens);
  return tokens;
}

function checkName(name: string, line: number, tag: string): string {
  if (name === '') fail(line, `empty tag "${tag}"`);
  if (!NAME.test(name)) fail(line, `invalid name in "${tag}"`);
  return name;
}

const isBlank = (s: string): boolean => /^[ \t\r]*$/.test(s);

/** Marks the text around standalone section/comment tags to be cut (Mustache "standalone lines"). */
function markStandalone(tokens: RawToken[]): void {
  // tokens alternate text, tag, text, tag, …, text (text tokens may be empty)
  for (let i = 1; i < tokens.length; i += 2) {
    const tag = tokens[i]!;
    if (tag.type === 'var') continue;
    const before = tokens[i - 1]!;
    const after = tokens[i + 1]!;
    const nlBefore = before.text.lastIndexOf('\n');
    const headBefore = nlBefore === -1 ? before.text : before.text.slice(nlBefore + 1);
    const lineStarts = nlBefore !== -1 || i === 1;
    const nlAfter = after.text.indexOf('\n');
    const tailAfter = nlAfter === -1 ? after.text : after.text.slice(0, nlAfter);
    const lineEnds = nlAfter !== -1 || i + 1 === tokens.length - 1;
    if (!lineStarts || !lineEnds || !isBlank(headBefore) || !isBlank(tailAfter)) continue;
    before.cutEnd = Math.min(before.cutEnd ?? before.text.length, nlBefore + 1);
    after.cutStart = Math.max(after.cutStart ?? 0, nlAfter === -1 ? after.text.length : nlAfter + 1);
  }
  for (const token of tokens) {
    if (token.type !== 'text') continue;
    const start = token.cutStart ?? 0;
    const end = token.cutEnd ?? token.text.length;
    token.text = start < end ? token.text.slice(start, end) : '';
  }
}

function parse(tokens: RawToken[]): Node[] {
  const root: Node[] = [];
  const stack: Array<{ node: Extract<Node, { kind: 'section' }> }> = [];
  let current = root;
  for (const token of tokens) {
    switch (token.type) {
      case 'text':
        if (token.text) current.push({ kind: 'text', text: token.text });
        break;
      case 'comment':
        break;
      case 'var':
        current.push({ kind: 'var', name: token.text, line: token.line });
        break;
      case 'open':
      case 'inverted': {
        const node: Node = { kind: 'section', name: token.text, inverted: token.type === 'inverted', line: token.line, children: [] };
        current.push(node);
        stack.push({ node });
        current = node.children;
        break;
      }
      case 'close': {
        const top = stack.pop();
        if (!top) fail(token.line, `"{{/${token.text}}}" closes a section that was never opened`);
        if (top.node.name !== token.text)
          fail(token.line, `"{{/${token.text}}}" does not match the open section "${top.node.name}" (opened at line ${top.node.line})`);
        const parent = stack[stack.length - 1];
        current = parent ? parent.node.children : root;
        break;
      }
    }
  }
  const unclosed = stack.pop();
  if (unclosed) fail(unclosed.node.line, `unclosed section "${unclosed.node.name}"`);
  return root;
}

// ---------------------------------------------------------------------------
// Validation against the known names

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

function suggestion(name: string, scopes: TemplateSchema[]): string {
  let best: string | null = null;
  let bestScore = Infinity;
  for (const scope of scopes) {
    for (const candidate of Object.keys(scope)) {
      const score = distance(name.toLowerCase(), candidate.toLowerCase());
      if (score < bestScore) {
        best = candidate;
        bestScore = score;
      }
    }
  }
  return best !== null && bestScore <= Math.max(2, Math.floor(name.length / 3)) ? ` (did you mean "${best}"?)` : '';
}

/** The field a (possibly dotted) name refers to; throws when unknown. */
function resolveField(name: string, line: number, scopes: TemplateSchema[], inSection: boolean): TemplateField {
  if (name === '.') {
    if (!inSection) fail(line, '"{{.}}" is only allowed inside a section');
    return true;
  }
  const [head, ...rest] = name.split('.');
  let found: TemplateField | undefined;
  for (let i = scopes.length - 1; i >= 0 && found === undefined; i--) {
    const scope = scopes[i]!;
    if (Object.hasOwn(scope, head!)) found = scope[head!];
  }
  if (found === undefined) fail(line, `unknown name "${head}"${suggestion(head!, scopes)}`);
  let field: TemplateField = found;
  let path = head!;
  for (const part of rest) {
    const fields: TemplateSchema | undefined = field === true || field.list ? undefined : field.fields;
    if (!fields || !Object.hasOwn(fields, part))
      fail(line, `unknown name "${path}.${part}"${fields ? suggestion(part, [fields]) : ''}`);
    field = fields[part]!;
    path += `.${part}`;
  }
  return field;
}

function validate(nodes: Node[], scopes: TemplateSchema[], depth: number): void {
  for (const node of nodes) {
    if (node.kind === 'text') continue;
    const field = resolveField(node.name, node.line, scopes, depth > 0);
    if (node.kind === 'var') continue;
    const inner = !node.inverted && field !== true && field.fields ? [...scopes, field.fields] : scopes;
    validate(node.children, inner, depth + 1);
  }
}

// ---------------------------------------------------------------------------
// Rendering

function lookup(name: string, stack: unknown[]): unknown {
  if (name === '.') return stack[stack.length - 1];
  const [head, ...rest] = name.split('.');
  let value: unknown = undefined;
  for (let i = stack.length - 1; i >= 0; i--) {
    const ctx = stack[i];
    if (ctx !== null && typeof ctx === 'object' && Object.hasOwn(ctx, head!)) {
      value = (ctx as Record<string, unknown>)[head!];
      break;
    }
  }
  for (const part of rest) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, part)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

function stringify(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(stringify).join(', ');
  if (typeof value === 'object') return '';
  return String(value);
}

function isFalsy(value: unknown): boolean {
  return !value || (Array.isArray(value) && value.length === 0);
}

function renderNodes(nodes: Node[], stack: unknown[], out: string[]): void {
  for (const node of nodes) {
    if (node.kind === 'text') out.push(node.text);
    else if (node.kind === 'var') out.push(stringify(lookup(node.name, stack)));
    else {
      const value = lookup(node.name, stack);
      if (node.inverted) {
        if (isFalsy(value)) renderNodes(node.children, stack, out);
      } else if (Array.isArray(value)) {
        for (const item of value) renderNodes(node.children, [...stack, item], out);
      } else if (!isFalsy(value)) {
        renderNodes(node.children, [...stack, value], out);
      }
    }
  }
}

function findSection(nodes: Node[], name: string): Extract<Node, { kind: 'section' }> | null {
  for (const node of nodes) {
    if (node.kind !== 'section') continue;
    if (!node.inverted && node.name === name) return node;
    const inner = findSection(node.children, name);
    if (inner) return inner;
  }
  return null;
}

/**
 * Parses and checks a template. `schema` lists the names it may use (the
 * Markdown export passes its own); without one, any name is accepted.
 */
export function compileTemplate(source: string, schema?: TemplateSchema): CompiledTemplate {
  if (typeof source !== 'string') throw new GlossError('invalid_argument', 'Template error: the template must be text');
  const normalized = source.replace(/\r\n?/g, '\n');
  const nodes = parse(tokenize(normalized));
  if (schema) validate(nodes, [schema], 0);
  return {
    source,
    render(view: object): string {
      const out: string[] = [];
      renderNodes(nodes, [view], out);
      return out.join('');
    },
    renderSection(name: string, view: object, items: readonly unknown[]): string | null {
      const section = findSection(nodes, name);
      if (!section) return null;
      const out: string[] = [];
      for (const item of items) renderNodes(section.children, [view, item], out);
      return out.join('');
    },
  };
}
