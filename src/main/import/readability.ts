/**
 * Readability on any DOM that has what it uses: jsdom's, and the light DOM
 * the HTML importer parses pages into (light-dom.ts).
 *
 * @mozilla/readability types its constructor as taking a full `Document`;
 * what version 0.6.0 (pinned in package.json) actually reads and writes is
 * the much smaller set declared below. The light DOM is checked against
 * these interfaces, not cast to Document, so a member it lacks is a type
 * error here; tests/import/light-dom-corpus.test.ts checks it behaves as
 * jsdom does on every corpus page. Readability also stores expando
 * properties on nodes (`readability`, `_readabilityDataTable`): any JS
 * object allows that. Upgrading Readability means re-reading its source
 * for members to add here.
 */
import { Readability } from '@mozilla/readability';

export interface ReadableAttr {
  readonly name: string;
  value: string;
  /** Handed straight back to setAttributeNode (a DOM types it as Node). */
  cloneNode(): object;
}

export interface ReadableNode {
  readonly nodeType: number;
  readonly nodeName: string;
  readonly ELEMENT_NODE: number;
  readonly TEXT_NODE: number;
  readonly parentNode: ReadableParent | null;
  readonly childNodes: ArrayLike<ReadableNode>;
  readonly firstChild: ReadableNode | null;
  readonly lastChild: ReadableNode | null;
  readonly nextSibling: ReadableNode | null;
  readonly ownerDocument: ReadableDocument | null;
  readonly textContent: string | null;
}

/** What a node's parent offers (DOM's ParentNode): Readability moves and removes children through it. */
export interface ReadableParent extends ReadableNode {
  /** An element parent's tag name; a document has none. */
  readonly tagName?: string;
  readonly children: ArrayLike<ReadableElement>;
  readonly firstElementChild: ReadableElement | null;
  // Method syntax on purpose: Readability only moves nodes within their own document.
  appendChild(node: ReadableNode): ReadableNode;
  removeChild(node: ReadableNode): ReadableNode;
  replaceChild(node: ReadableNode, old: ReadableNode): ReadableNode;
  querySelectorAll(selectors: string): ArrayLike<ReadableElement>;
}

/** Elements and documents. */
interface ReadableContainer extends ReadableParent {
  getElementsByTagName(qualifiedName: string): ArrayLike<ReadableElement>;
}

export interface ReadableElement extends ReadableContainer {
  readonly tagName: string;
  readonly localName: string;
  id: string;
  /** An SVG element's className is an SVGAnimatedString; Readability only compares it. */
  className: string | { readonly baseVal: string };
  innerHTML: string;
  readonly attributes: ArrayLike<ReadableAttr>;
  readonly nextElementSibling: ReadableElement | null;
  readonly previousElementSibling: ReadableElement | null;
  /** Only HTML elements have an inline style (Readability checks for it). */
  readonly style?: { readonly display: string; readonly visibility: string } | undefined;
  readonly src?: string | undefined;
  readonly srcset?: string | undefined;
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
  removeAttribute(name: string): void;
  hasAttribute(name: string): boolean;
  setAttributeNode(attr: ReadableAttr): ReadableAttr | null;
  remove(): void;
}

export interface ReadableDocument extends ReadableContainer {
  readonly documentElement: ReadableElement | null;
  readonly body: ReadableElement | null;
  readonly title: string;
  readonly baseURI: string;
  readonly documentURI: string;
  createElement(tagName: string): ReadableElement;
  createTextNode(data: string): ReadableNode;
}

/** The element type a document creates: Readability builds the article's container with createElement. */
type ElementOf<D extends ReadableDocument> = ReturnType<D['createElement']>;

export interface ReadArticle<E> {
  title: string | null | undefined;
  /** The article, as the document's own element (not serialized). */
  content: E | null | undefined;
  textContent: string | null | undefined;
  excerpt: string | null | undefined;
  byline: string | null | undefined;
  siteName: string | null | undefined;
  lang: string | null | undefined;
  publishedTime: string | null | undefined;
}

/** Readability as it is: a constructor over the DOM it uses, with a serializer given the content element. */
type ReadabilityOver = new <D extends ReadableDocument>(
  doc: D,
  options: { serializer: (node: ElementOf<D>) => ElementOf<D> },
) => { parse(): ReadArticle<ElementOf<D>> | null };

const ReadabilityOverAnyDom = Readability as ReadabilityOver;

/** Runs Readability on `doc` (which it rewrites): the article, or null when it finds none. */
export function readArticle<D extends ReadableDocument>(doc: D): ReadArticle<ElementOf<D>> | null {
  return new ReadabilityOverAnyDom(doc, { serializer: (node) => node }).parse();
}
