/**
 * A small, fast DOM for reading web pages on the server.
 *
 * jsdom builds a full browser object model per node (wrappers, style
 * objects, event handler tables, a window per <iframe>) and spent ~1 µs
 * per byte of page on that alone: ten times the HTML parser's own cost.
 * Readability, the page-metadata reader and the canonical-text builder need
 * none of it, so they run on this DOM instead:
 *
 * - the tree is built by parse5, the HTML standard's parser and the one
 *   jsdom itself uses, with jsdom's parser options (scripting disabled), so
 *   a page parses to the same tree as under jsdom, node for node;
 * - it is serialized by parse5's serializer, as jsdom's innerHTML is;
 * - the DOM members those readers use behave as jsdom's do: tag names and
 *   case, attribute order and lookup, <base> and URL reflection, document
 *   title, inline `style` (parsed by cssstyle, jsdom's own CSS parser),
 *   setAttribute's name checks, replaceChild's moves. Collections
 *   (childNodes, children, getElementsByTagName, querySelectorAll) are
 *   static snapshots, as Readability expects of non-jsdom DOMs; `attributes`
 *   is live, as jsdom's is.
 *
 * querySelector(All) take only lists of tag names ("h1, h2"): anything
 * else throws, so a selector this DOM cannot answer is never answered wrong.
 *
 * Sanitizing does not happen here: DOMPurify keeps running on jsdom.
 */
import { createRequire } from 'node:module';
import { parse, parseFragment, serialize, serializeOuter } from 'parse5';
import type { DefaultTreeAdapterMap, Token, TreeAdapter, TreeAdapterTypeMap } from 'parse5';

export const HTML_NS = 'http://www.w3.org/1999/xhtml';
export const SVG_NS = 'http://www.w3.org/2000/svg';

const ELEMENT_NODE = 1;
const ATTRIBUTE_NODE = 2;
const TEXT_NODE = 3;
const COMMENT_NODE = 8;
const DOCUMENT_NODE = 9;
const DOCUMENT_TYPE_NODE = 10;
const DOCUMENT_FRAGMENT_NODE = 11;

type DocumentMode = DefaultTreeAdapterMap['document']['mode'];

/** jsdom's parser options: no scripting, so <noscript> content is markup. */
const PARSE_OPTIONS = { scriptingEnabled: false, sourceCodeLocationInfo: false } as const;

/** A DOMException-like error, named as jsdom names them. */
function domError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

// The XML Name production, as jsdom checks setAttribute and createElement names.
const NAME_START = ':A-Z_a-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C-\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD\\u{10000}-\\u{EFFFF}';
// eslint-disable-next-line no-misleading-character-class -- code point ranges of the XML spec, not character sequences
const XML_NAME = new RegExp(`^[${NAME_START}][${NAME_START}\\-.0-9\\u00B7\\u0300-\\u036F\\u203F-\\u2040]*$`, 'u');

function validateName(name: string): void {
  if (!XML_NAME.test(name)) throw domError('InvalidCharacterError', `"${name}" did not match the Name production`);
}

const asciiLower = (s: string): string => s.replace(/[A-Z]+/g, (c) => c.toLowerCase());
const asciiUpper = (s: string): string => s.replace(/[a-z]+/g, (c) => c.toUpperCase());
const ASCII_WS = /[\t\n\f\r ]+/;

// ---------------------------------------------------------------------------
// Inline style: only what Readability reads (display, visibility), parsed by
// cssstyle exactly as jsdom's element.style parses the style attribute.

interface InlineStyle {
  readonly display: string;
  readonly visibility: string;
}

const EMPTY_STYLE: InlineStyle = Object.freeze({ display: '', visibility: '' });
const styleCache = new Map<string, InlineStyle>();
type CssStyleDeclarationCtor = new (onChange?: (cssText: string) => void) => { cssText: string; display: string; visibility: string };
let CssStyleDeclaration: CssStyleDeclarationCtor | undefined;

/** A declaration of either property needs its name in the text (or a CSS escape). */
const MAY_SET_DISPLAY = /display|visibility|\\/i;

function inlineStyle(value: string | null): InlineStyle {
  if (!value || !MAY_SET_DISPLAY.test(value)) return EMPTY_STYLE;
  let style = styleCache.get(value);
  if (!style) {
    CssStyleDeclaration ??= (createRequire(import.meta.url)('cssstyle') as { CSSStyleDeclaration: CssStyleDeclarationCtor })
      .CSSStyleDeclaration;
    const declaration = new CssStyleDeclaration();
    declaration.cssText = value;
    style = Object.freeze({ display: declaration.display, visibility: declaration.visibility });
    if (styleCache.size > 5000) styleCache.clear();
    styleCache.set(value, style);
  }
  return style;
}

// ---------------------------------------------------------------------------
// Nodes

export class LightAttr {
  declare readonly nodeType: number;
  ownerElement: LightElement | null = null;

  constructor(
    readonly localName: string,
    public value: string,
    readonly prefix: string | null = null,
    readonly namespaceURI: string | null = null,
  ) {}

  get name(): string {
    return this.prefix === null ? this.localName : `${this.prefix}:${this.localName}`;
  }

  get nodeName(): string {
    return this.name;
  }

  cloneNode(): LightAttr {
    return new LightAttr(this.localName, this.value, this.prefix, this.namespaceURI);
  }
}

export abstract class LightNode {
  static readonly ELEMENT_NODE = ELEMENT_NODE;
  static readonly TEXT_NODE = TEXT_NODE;
  /** On each class's prototype (see the end of the file): no per-node field. */
  declare readonly nodeType: number;
  abstract readonly nodeName: string;
  parentNode: LightParent | null = null;
  previousSibling: LightNode | null = null;
  nextSibling: LightNode | null = null;
  // Every node answers the child-list members (leaves with none), so any node is a ReadableNode.
  abstract readonly firstChild: LightNode | null;
  abstract readonly lastChild: LightNode | null;
  abstract readonly childNodes: readonly LightNode[];

  constructor(readonly ownerDocument: LightDocument | null) {}

  get ELEMENT_NODE(): number {
    return ELEMENT_NODE;
  }

  get TEXT_NODE(): number {
    return TEXT_NODE;
  }

  get parentElement(): LightElement | null {
    return this.parentNode instanceof LightElement ? this.parentNode : null;
  }

  get textContent(): string | null {
    return null;
  }

  get nextElementSibling(): LightElement | null {
    let n = this.nextSibling;
    while (n && n.nodeType !== ELEMENT_NODE) n = n.nextSibling;
    return n as LightElement | null;
  }

  get previousElementSibling(): LightElement | null {
    let n = this.previousSibling;
    while (n && n.nodeType !== ELEMENT_NODE) n = n.previousSibling;
    return n as LightElement | null;
  }

  get baseURI(): string {
    return (this.ownerDocument ?? (this as unknown as LightDocument)).baseURI;
  }

  remove(): void {
    this.parentNode?.removeChild(this);
  }
}

const NO_CHILDREN: readonly LightNode[] = Object.freeze([]);

/** Nodes that cannot have children still answer the child-list members, as in jsdom. */
abstract class LightLeaf extends LightNode {
  get firstChild(): null {
    return null;
  }

  get lastChild(): null {
    return null;
  }

  get childNodes(): readonly LightNode[] {
    return NO_CHILDREN;
  }

  hasChildNodes(): boolean {
    return false;
  }
}

abstract class LightCharacterData extends LightLeaf {
  private value: string;

  constructor(ownerDocument: LightDocument | null, data: string) {
    super(ownerDocument);
    this.value = data;
  }

  get data(): string {
    return this.value;
  }

  set data(value: string) {
    this.value = value;
    this.parentNode?.textChanged();
  }

  get nodeValue(): string {
    return this.data;
  }

  override get textContent(): string {
    return this.data;
  }

  override set textContent(value: string | null) {
    this.data = value ?? '';
  }

  get length(): number {
    return this.data.length;
  }
}

export class LightText extends LightCharacterData {
  get nodeName(): string {
    return '#text';
  }
}

export class LightComment extends LightCharacterData {
  get nodeName(): string {
    return '#comment';
  }
}

export class LightDocumentType extends LightLeaf {

  constructor(
    ownerDocument: LightDocument | null,
    readonly name: string,
    readonly publicId: string,
    readonly systemId: string,
  ) {
    super(ownerDocument);
  }

  get nodeName(): string {
    return this.name;
  }
}

/** Calls `visit` for every element below `root`, in tree order; stops when it returns true. */
function walkElements(root: LightNode, visit: (el: LightElement) => boolean | void): void {
  let node: LightNode | null = (root as LightParent).firstChild ?? null;
  while (node) {
    if (node.nodeType === ELEMENT_NODE) {
      if (visit(node as LightElement) === true) return;
      const first = (node as LightElement).firstChild;
      if (first) {
        node = first;
        continue;
      }
    }
    while (node && !node.nextSibling) {
      node = node.parentNode;
      if (node === root) return;
    }
    node = node ? node.nextSibling : null;
  }
}

const matchers = new Map<string, (el: LightElement) => boolean>();

/** Matcher for a list of tag names, as HTML documents match type selectors. */
function tagMatcher(selectors: string): (el: LightElement) => boolean {
  let matcher = matchers.get(selectors);
  if (!matcher) {
    matcher = compileTagMatcher(selectors);
    if (matchers.size > 500) matchers.clear();
    matchers.set(selectors, matcher);
  }
  return matcher;
}

function compileTagMatcher(selectors: string): (el: LightElement) => boolean {
  const names = selectors.split(',').map((s) => s.trim());
  for (const name of names) {
    if (!/^(?:\*|[A-Za-z][A-Za-z0-9-]*)$/.test(name)) {
      throw domError('SyntaxError', `light-dom: only tag-name selectors are supported, not "${selectors}"`);
    }
  }
  if (names.includes('*')) return () => true;
  const lower = new Set(names.map(asciiLower));
  const exact = new Set(names);
  return (el) => (el.namespaceURI === HTML_NS ? lower.has(el.localName) : exact.has(el.localName));
}

/** `root`'s text: a post-order walk over the uncached part of its subtree, caching every element on the way. */
function subtreeText(root: LightParent): string {
  const stack: LightParent[] = [];
  const texts: string[] = [];
  let parent = root;
  let text = '';
  let child: LightNode | null = root.firstChild;
  for (;;) {
    while (child) {
      if (child.nodeType === TEXT_NODE) text += (child as LightText).data;
      else if (child.nodeType === ELEMENT_NODE) {
        const el = child as LightElement;
        if (el.textCache !== null) text += el.textCache;
        else if (el.firstChild) {
          stack.push(parent);
          texts.push(text);
          parent = el;
          text = '';
          child = el.firstChild;
          continue;
        } else el.textCache = '';
      }
      child = child.nextSibling;
    }
    parent.textCache = text;
    if (parent === root) return text;
    child = parent.nextSibling;
    parent = stack.pop()!;
    text = texts.pop()! + text;
  }
}

export abstract class LightParent extends LightNode {
  firstChild: LightNode | null = null;
  lastChild: LightNode | null = null;
  private childNodesCache: LightNode[] | null = null;
  private childrenCache: LightElement[] | null = null;

  /** A snapshot of the child nodes (do not mutate it). */
  get childNodes(): LightNode[] {
    if (!this.childNodesCache) {
      const list: LightNode[] = [];
      for (let n = this.firstChild; n; n = n.nextSibling) list.push(n);
      this.childNodesCache = list;
    }
    return this.childNodesCache;
  }

  /** A snapshot of the child elements (do not mutate it). */
  get children(): LightElement[] {
    if (!this.childrenCache) {
      const list: LightElement[] = [];
      for (let n = this.firstChild; n; n = n.nextSibling) if (n.nodeType === ELEMENT_NODE) list.push(n as LightElement);
      this.childrenCache = list;
    }
    return this.childrenCache;
  }

  get childElementCount(): number {
    return this.children.length;
  }

  get firstElementChild(): LightElement | null {
    let n = this.firstChild;
    while (n && n.nodeType !== ELEMENT_NODE) n = n.nextSibling;
    return n as LightElement | null;
  }

  get lastElementChild(): LightElement | null {
    let n = this.lastChild;
    while (n && n.nodeType !== ELEMENT_NODE) n = n.previousSibling;
    return n as LightElement | null;
  }

  hasChildNodes(): boolean {
    return this.firstChild !== null;
  }

  /**
   * This node's textContent while its subtree is unchanged. Invariant: a
   * node with a cached text has every descendant's text cached too, so a
   * change clears the cache upwards only until it meets a node without one.
   * (Readability asks for the text of every node it visits, and of their
   * ancestors again and again.)
   */
  textCache: string | null = null;

  /** A child list or a text below changed: the texts of this node and its ancestors are stale. */
  textChanged(): void {
    if (this.textCache === null) return;
    this.textCache = null;
    for (let node = this.parentNode; node && node.textCache !== null; node = node.parentNode) node.textCache = null;
  }

  override get textContent(): string | null {
    return this.textCache ?? subtreeText(this);
  }

  override set textContent(value: string | null) {
    while (this.firstChild) this.removeChild(this.firstChild);
    if (value) this.appendChild(new LightText(this.ownerDocument ?? (this as unknown as LightDocument), value));
  }

  getElementsByTagName(qualifiedName: string): LightElement[] {
    const out: LightElement[] = [];
    if (qualifiedName === '*') {
      walkElements(this, (el) => void out.push(el));
      return out;
    }
    const lower = asciiLower(qualifiedName);
    walkElements(this, (el) => {
      if (el.namespaceURI === HTML_NS ? el.qualifiedName === lower : el.qualifiedName === qualifiedName) out.push(el);
    });
    return out;
  }

  querySelectorAll(selectors: string): LightElement[] {
    const matches = tagMatcher(selectors);
    const out: LightElement[] = [];
    walkElements(this, (el) => {
      if (matches(el)) out.push(el);
    });
    return out;
  }

  querySelector(selectors: string): LightElement | null {
    const matches = tagMatcher(selectors);
    let found: LightElement | null = null;
    walkElements(this, (el) => {
      if (!matches(el)) return false;
      found = el;
      return true;
    });
    return found;
  }

  /** Child list changed: drop the snapshots. */
  protected childrenChanged(): void {
    this.childNodesCache = null;
    this.childrenCache = null;
    this.textChanged();
    (this.ownerDocument ?? (this as unknown as LightDocument)).treeVersion++;
  }

  private checkInsert(node: LightNode): void {
    if (node.nodeType === DOCUMENT_NODE) throw domError('HierarchyRequestError', 'A document cannot be inserted.');
    if (node === this) throw domError('HierarchyRequestError', 'A node cannot be inserted into itself.');
    for (let p = this.parentNode; p; p = p.parentNode) {
      if (p === node) throw domError('HierarchyRequestError', 'The new child is an ancestor of the parent.');
    }
  }

  /** Links `node` (detached, not a fragment) before `ref` (a child of this, or null). */
  private link(node: LightNode, ref: LightNode | null): void {
    node.parentNode = this;
    node.nextSibling = ref;
    const prev = ref ? ref.previousSibling : this.lastChild;
    node.previousSibling = prev;
    if (prev) prev.nextSibling = node;
    else this.firstChild = node;
    if (ref) ref.previousSibling = node;
    else this.lastChild = node;
    this.childrenChanged();
  }

  private unlink(node: LightNode): void {
    const { previousSibling: prev, nextSibling: next } = node;
    if (prev) prev.nextSibling = next;
    else this.firstChild = next;
    if (next) next.previousSibling = prev;
    else this.lastChild = prev;
    node.parentNode = node.previousSibling = node.nextSibling = null;
    this.childrenChanged();
  }

  /** The parser's append: `node` is new (no parent, no children), so no checks are needed. */
  appendNew(node: LightNode): void {
    this.link(node, null);
  }

  insertBefore<T extends LightNode>(node: T, ref: LightNode | null): T {
    if (ref && ref.parentNode !== this) throw domError('NotFoundError', 'The reference node is not a child of this node.');
    this.checkInsert(node);
    if (node.nodeType === DOCUMENT_FRAGMENT_NODE) {
      const fragment = node as unknown as LightParent;
      while (fragment.firstChild) {
        const child = fragment.firstChild;
        fragment.unlink(child);
        this.link(child, ref);
      }
      return node;
    }
    if (ref === node) ref = node.nextSibling;
    if (node.parentNode) node.parentNode.unlink(node);
    this.link(node, ref);
    return node;
  }

  appendChild<T extends LightNode>(node: T): T {
    return this.insertBefore(node, null);
  }

  append(...nodes: Array<LightNode | string>): void {
    for (const n of nodes) {
      this.appendChild(typeof n === 'string' ? new LightText(this.ownerDocument ?? (this as unknown as LightDocument), n) : n);
    }
  }

  prepend(...nodes: Array<LightNode | string>): void {
    const ref = this.firstChild;
    for (const n of nodes) {
      this.insertBefore(typeof n === 'string' ? new LightText(this.ownerDocument ?? (this as unknown as LightDocument), n) : n, ref);
    }
  }

  removeChild<T extends LightNode>(node: T): T {
    if (node.parentNode !== this) throw domError('NotFoundError', 'The node to be removed is not a child of this node.');
    this.unlink(node);
    return node;
  }

  replaceChild<T extends LightNode>(node: LightNode, old: T): T {
    if (old.parentNode !== this) throw domError('NotFoundError', 'The node to be replaced is not a child of this node.');
    this.checkInsert(node);
    if (node === old) return old;
    let ref = old.nextSibling;
    if (ref === node) ref = node.nextSibling;
    if (node.parentNode && node.nodeType !== DOCUMENT_FRAGMENT_NODE) node.parentNode.unlink(node);
    this.unlink(old);
    this.insertBefore(node, ref);
    return old;
  }
}

export class LightDocumentFragment extends LightParent {
  get nodeName(): string {
    return '#document-fragment';
  }
}

/** jsdom's SVGAnimatedString for SVG elements' className (one object per element). */
class AnimatedClassName {
  constructor(private readonly element: LightElement) {}

  get baseVal(): string {
    return this.element.getAttribute('class') ?? '';
  }

  get animVal(): string {
    return this.baseVal;
  }

  get [Symbol.toStringTag](): string {
    return 'SVGAnimatedString';
  }
}

const upperNames = new Map<string, string>();
const NO_ATTRIBUTES: readonly LightAttr[] = Object.freeze([]);
const templateContents = new WeakMap<LightElement, LightDocumentFragment>();
const animatedClassNames = new WeakMap<LightElement, AnimatedClassName>();

/** HTML elements whose `src` reflects a URL, and those with a `srcset`. */
const SRC_ELEMENTS = new Set(['img', 'script', 'iframe', 'frame', 'embed', 'video', 'audio', 'source', 'input', 'track']);
const SRCSET_ELEMENTS = new Set(['img', 'source']);

export class LightElement extends LightParent {
  /** Allocated on first use: most elements have no attributes. */
  private attrList: LightAttr[] | null = null;

  constructor(
    ownerDocument: LightDocument,
    readonly localName: string,
    readonly namespaceURI: string,
  ) {
    super(ownerDocument);
  }

  get qualifiedName(): string {
    return this.localName;
  }

  get tagName(): string {
    if (this.namespaceURI !== HTML_NS) return this.localName;
    let upper = upperNames.get(this.localName);
    if (upper === undefined) upperNames.set(this.localName, (upper = asciiUpper(this.localName)));
    return upper;
  }

  /** The live attribute list (jsdom's NamedNodeMap is live too). */
  get attributes(): LightAttr[] {
    return (this.attrList ??= []);
  }

  /** The attributes, without allocating a list for an element that has none. */
  attributeList(): readonly LightAttr[] {
    return this.attrList ?? NO_ATTRIBUTES;
  }

  /** A <template>'s contents (outside the tree, as in browsers). */
  get templateContent(): LightDocumentFragment | null {
    return templateContents.get(this) ?? null;
  }

  set templateContent(content: LightDocumentFragment | null) {
    if (content) templateContents.set(this, content);
    else templateContents.delete(this);
  }

  get nodeName(): string {
    return this.tagName;
  }

  private normalizeName(name: string): string {
    return this.namespaceURI === HTML_NS ? asciiLower(name) : name;
  }

  private attributeNamed(name: string): LightAttr | null {
    const attrs = this.attrList;
    if (!attrs) return null;
    for (let i = 0; i < attrs.length; i++) {
      const a = attrs[i]!;
      if (a.prefix === null ? a.localName === name : a.name === name) return a;
    }
    return null;
  }

  getAttribute(name: string): string | null {
    return this.attributeNamed(this.normalizeName(name))?.value ?? null;
  }

  getAttributeNS(namespace: string | null, localName: string): string | null {
    const ns = namespace || null;
    return this.attrList?.find((a) => a.namespaceURI === ns && a.localName === localName)?.value ?? null;
  }

  hasAttribute(name: string): boolean {
    return this.attributeNamed(this.normalizeName(name)) !== null;
  }

  hasAttributes(): boolean {
    return (this.attrList?.length ?? 0) > 0;
  }

  getAttributeNames(): string[] {
    return this.attributes.map((a) => a.name);
  }

  setAttribute(name: string, value: unknown): void {
    validateName(name);
    const qualified = this.normalizeName(name);
    const existing = this.attributeNamed(qualified);
    if (!existing) this.appendAttribute(new LightAttr(qualified, `${value}`));
    else {
      existing.value = `${value}`;
      this.attributesChanged();
    }
  }

  removeAttribute(name: string): void {
    const attr = this.attributeNamed(this.normalizeName(name));
    if (!attr) return;
    this.attributes.splice(this.attributes.indexOf(attr), 1);
    attr.ownerElement = null;
    this.attributesChanged();
  }

  setAttributeNode(attr: LightAttr): LightAttr | null {
    if (attr.ownerElement !== null && attr.ownerElement !== this) {
      throw domError('InUseAttributeError', 'The attribute is in use.');
    }
    const old = this.attributes.find((a) => a.namespaceURI === attr.namespaceURI && a.localName === attr.localName) ?? null;
    if (old === attr) return attr;
    if (old) {
      this.attributes[this.attributes.indexOf(old)] = attr;
      old.ownerElement = null;
      attr.ownerElement = this;
      this.attributesChanged();
    } else {
      this.appendAttribute(attr);
    }
    return old;
  }

  /** The parser's way in: jsdom's "set an attribute value" (by namespace and local name). */
  setAttributeValue(localName: string, value: string, prefix: string | null, namespace: string | null): void {
    const existing = this.attrList?.find((a) => a.namespaceURI === namespace && a.localName === localName);
    if (!existing) this.appendAttribute(new LightAttr(localName, value, prefix, namespace));
    else {
      existing.value = value;
      this.attributesChanged();
    }
  }

  private appendAttribute(attr: LightAttr): void {
    attr.ownerElement = this;
    this.attributes.push(attr);
    this.attributesChanged();
  }

  /** A <base>'s href decides the document's base URL. */
  private attributesChanged(): void {
    if (this.localName === 'base' && this.ownerDocument) this.ownerDocument.treeVersion++;
  }

  get id(): string {
    return this.getAttribute('id') ?? '';
  }

  set id(value: string) {
    this.setAttribute('id', value);
  }

  get className(): string | AnimatedClassName {
    if (this.namespaceURI === SVG_NS) {
      let animated = animatedClassNames.get(this);
      if (!animated) animatedClassNames.set(this, (animated = new AnimatedClassName(this)));
      return animated;
    }
    return this.getAttribute('class') ?? '';
  }

  set className(value: string) {
    this.setAttribute('class', value);
  }

  /** `display` and `visibility` of the inline style (HTML and SVG elements, as in jsdom). */
  get style(): InlineStyle | undefined {
    if (this.namespaceURI !== HTML_NS && this.namespaceURI !== SVG_NS) return undefined;
    return inlineStyle(this.getAttribute('style'));
  }

  /** URL reflection, as HTMLImageElement.src and friends. */
  get src(): string | undefined {
    if (this.namespaceURI !== HTML_NS || !SRC_ELEMENTS.has(this.localName)) return undefined;
    const value = this.getAttributeNS(null, 'src');
    if (value === null) return '';
    try {
      return new URL(value, this.baseURI).href;
    } catch {
      return value;
    }
  }

  get srcset(): string | undefined {
    if (this.namespaceURI !== HTML_NS || !SRCSET_ELEMENTS.has(this.localName)) return undefined;
    return this.getAttributeNS(null, 'srcset') ?? '';
  }

  get innerHTML(): string {
    return serialize(this.localName === 'template' && this.templateContent ? this.templateContent : this, SERIALIZE_OPTIONS);
  }

  set innerHTML(html: string) {
    const fragment = parseFragment(this, html, { ...PARSE_OPTIONS, treeAdapter: adapterFor(this.ownerDocument!) });
    const target = this.localName === 'template' && this.templateContent ? this.templateContent : this;
    while (target.firstChild) target.removeChild(target.firstChild);
    target.appendChild(fragment);
  }

  get outerHTML(): string {
    return serializeOuter(this, SERIALIZE_OPTIONS);
  }
}

export class LightDocument extends LightParent {
  get nodeName(): string {
    return '#document';
  }

  mode: DocumentMode = 'no-quirks' as DocumentMode;
  private readonly url: URL;

  constructor(url: string) {
    super(null);
    this.url = new URL(url);
  }

  get URL(): string {
    return this.url.href;
  }

  get documentURI(): string {
    return this.url.href;
  }

  /** Bumped by every child-list change below this document (and <base> attribute change). */
  treeVersion = 0;
  private baseCache: { version: number; value: string } | null = null;

  /** The document base URL: the first <base href>, resolved against the document's URL. */
  override get baseURI(): string {
    if (this.baseCache?.version === this.treeVersion) return this.baseCache.value;
    let first: LightElement | null = null;
    walkElements(this, (el) => {
      if (el.localName !== 'base' || !el.hasAttribute('href')) return false;
      first = el;
      return true;
    });
    let value = this.url.href;
    if (first) {
      try {
        value = new URL((first as LightElement).getAttributeNS(null, 'href') ?? '', this.url).href;
      } catch {
        // an unparsable href leaves the document's URL
      }
    }
    this.baseCache = { version: this.treeVersion, value };
    return value;
  }

  get documentElement(): LightElement | null {
    return this.firstElementChild;
  }

  get head(): LightElement | null {
    const html = this.documentElement;
    if (!html) return null;
    for (let n = html.firstChild; n; n = n.nextSibling) {
      if (n instanceof LightElement && n.localName === 'head' && n.namespaceURI === HTML_NS) return n;
    }
    return null;
  }

  get body(): LightElement | null {
    const html = this.documentElement;
    if (!html || html.localName !== 'html' || html.namespaceURI !== HTML_NS) return null;
    for (let n = html.firstChild; n; n = n.nextSibling) {
      if (n instanceof LightElement && (n.localName === 'body' || n.localName === 'frameset') && n.namespaceURI === HTML_NS) return n;
    }
    return null;
  }

  get title(): string {
    let title: LightElement | null = null;
    const root = this.documentElement;
    if (root && root.localName === 'svg') {
      for (let n = root.firstChild; n; n = n.nextSibling) {
        if (n instanceof LightElement && n.localName === 'title' && n.namespaceURI === SVG_NS) {
          title = n;
          break;
        }
      }
    } else {
      walkElements(this, (el) => {
        if (el.localName !== 'title' || el.namespaceURI !== HTML_NS) return false;
        title = el;
        return true;
      });
    }
    if (!title) return '';
    let value = '';
    for (let n = (title as LightElement).firstChild; n; n = n.nextSibling) if (n.nodeType === TEXT_NODE) value += (n as LightText).data;
    return value.split(ASCII_WS).filter(Boolean).join(' ');
  }

  override get textContent(): null {
    return null;
  }

  createElement(name: string): LightElement {
    validateName(name);
    return new LightElement(this, asciiLower(name), HTML_NS);
  }

  createTextNode(data: string): LightText {
    return new LightText(this, `${data}`);
  }

  createComment(data: string): LightComment {
    return new LightComment(this, `${data}`);
  }

  createDocumentFragment(): LightDocumentFragment {
    return new LightDocumentFragment(this);
  }
}

for (const [cls, nodeType] of [
  [LightAttr, ATTRIBUTE_NODE],
  [LightElement, ELEMENT_NODE],
  [LightText, TEXT_NODE],
  [LightComment, COMMENT_NODE],
  [LightDocument, DOCUMENT_NODE],
  [LightDocumentType, DOCUMENT_TYPE_NODE],
  [LightDocumentFragment, DOCUMENT_FRAGMENT_NODE],
] as const) {
  Object.defineProperty(cls.prototype, 'nodeType', { value: nodeType });
}

// ---------------------------------------------------------------------------
// parse5 glue

interface LightTreeMap extends TreeAdapterTypeMap {
  node: LightNode;
  parentNode: LightParent;
  childNode: LightNode;
  document: LightDocument;
  documentFragment: LightDocumentFragment;
  element: LightElement;
  commentNode: LightComment;
  textNode: LightText;
  template: LightElement;
  documentType: LightDocumentType;
}

type LightAdapter = TreeAdapter<LightTreeMap>;

/** Serializing needs no document: the same functions for every tree. */
const readAdapter = {
  getFirstChild: (node: LightParent) => node.firstChild,
  getChildNodes: (node: LightParent) => node.childNodes,
  getParentNode: (node: LightNode) => node.parentNode,
  // jsdom hands parse5 its Attr objects, whose `namespace` parse5 does not
  // see: every attribute is written by its qualified name.
  getAttrList: (element: LightElement): Token.Attribute[] => element.attributeList().map((a) => ({ name: a.name, value: a.value })),
  getTagName: (element: LightElement) => element.qualifiedName,
  getNamespaceURI: (element: LightElement) => element.namespaceURI as ReturnType<LightAdapter['getNamespaceURI']>,
  getTextNodeContent: (node: LightText) => node.data,
  getCommentNodeContent: (node: LightComment) => node.data,
  getDocumentTypeNodeName: (node: LightDocumentType) => node.name,
  getDocumentTypeNodePublicId: (node: LightDocumentType) => node.publicId,
  getDocumentTypeNodeSystemId: (node: LightDocumentType) => node.systemId,
  getTemplateContent: (element: LightElement) => element.templateContent ?? new LightDocumentFragment(element.ownerDocument),
  getDocumentMode: (document: LightDocument) => document.mode,
  isTextNode: (node: LightNode): node is LightText => node.nodeType === TEXT_NODE,
  isCommentNode: (node: LightNode): node is LightComment => node.nodeType === COMMENT_NODE,
  isDocumentTypeNode: (node: LightNode): node is LightDocumentType => node.nodeType === DOCUMENT_TYPE_NODE,
  isElementNode: (node: LightNode): node is LightElement => node.nodeType === ELEMENT_NODE,
  getNodeSourceCodeLocation: () => undefined,
  setNodeSourceCodeLocation: () => {},
  updateNodeSourceCodeLocation: () => {},
};

const SERIALIZE_OPTIONS = { treeAdapter: readAdapter as unknown as LightAdapter, scriptingEnabled: false };

/** The tree-building half, bound to the document new nodes belong to (jsdom's adapter, node for node). */
function adapterFor(document: LightDocument): LightAdapter {
  const adapter: LightAdapter = {
    ...(readAdapter as unknown as LightAdapter),
    createDocument: () => document,
    createDocumentFragment: () => new LightDocumentFragment(document),
    createElement(tagName, namespaceURI, attrs) {
      const element = new LightElement(document, tagName, namespaceURI);
      for (const attr of attrs) element.setAttributeValue(attr.name, attr.value, attr.prefix || null, attr.namespace || null);
      return element;
    },
    createCommentNode: (data) => new LightComment(document, data),
    createTextNode: (value) => new LightText(document, value),
    appendChild(parent, node) {
      const fresh = node.parentNode === null && node.nodeType !== DOCUMENT_FRAGMENT_NODE && !(node instanceof LightParent && node.firstChild);
      if (fresh) parent.appendNew(node);
      else parent.appendChild(node);
    },
    insertBefore: (parent, node, ref) => void parent.insertBefore(node, ref),
    setTemplateContent(template, content) {
      template.templateContent = content;
    },
    setDocumentType(doc, name, publicId, systemId) {
      doc.appendChild(new LightDocumentType(document, name, publicId, systemId));
    },
    setDocumentMode(doc, mode) {
      doc.mode = mode;
    },
    detachNode: (node) => node.remove(),
    insertText(parent, text) {
      const last = parent.lastChild;
      if (last && last.nodeType === TEXT_NODE) (last as LightText).data += text;
      else parent.appendNew(new LightText(document, text));
    },
    insertTextBefore(parent, text, ref) {
      // Foster-parented text (text inside a <table>): jsdom's adapter appends
      // a new text node at the end of the parent rather than before the table
      // (it passes the reference node to an append that ignores it), and
      // merges only with a text node already before the table. Same here, so
      // pages keep parsing to jsdom's tree.
      const prev = ref.previousSibling;
      if (prev && prev.nodeType === TEXT_NODE) (prev as LightText).data += text;
      else parent.appendChild(new LightText(document, text));
    },
    adoptAttributes(element, attrs) {
      // jsdom sets every attribute of a repeated <html>/<body> tag, overwriting.
      for (const attr of attrs) element.setAttributeValue(attr.name, attr.value, attr.prefix || null, attr.namespace || null);
    },
  };
  return adapter;
}

/** Parses a whole page, as `new JSDOM(html, { url })` does. */
export function parseDocument(html: string, url: string): LightDocument {
  const document = new LightDocument(url);
  parse(html, { ...PARSE_OPTIONS, treeAdapter: adapterFor(document) });
  return document;
}

let scratch: LightDocument | null = null;

/** Parses `html` as a <div>'s innerHTML, as `div.innerHTML = html` does in an HTML document. */
export function parseBodyFragment(html: string): LightElement {
  scratch ??= new LightDocument('about:blank');
  const div = scratch.createElement('div');
  div.innerHTML = html;
  return div;
}

/** The HTML of `node`'s children, as jsdom's innerHTML writes it. */
export function serializeChildren(node: LightParent): string {
  return serialize(node, SERIALIZE_OPTIONS);
}
