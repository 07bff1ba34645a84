import { JSDOM } from 'jsdom';
import { canonicalText } from '../../src/shared/text/canonical';
import { importDocument } from '../../src/main/import';
import type { ImportedArticle } from '../../src/main/import/types';

export const encoder = new TextEncoder();

export function importString(fileName: string, content: string, sourceUrl?: string): ImportedArticle {
  return importDocument({ fileName, bytes: encoder.encode(content), ...(sourceUrl ? { sourceUrl } : {}) });
}

/** The body parsed back into a DOM, for structural assertions. */
export function bodyOf(article: ImportedArticle): HTMLElement {
  const dom = new JSDOM(`<!DOCTYPE html><body>${article.html}</body>`);
  return dom.window.document.body;
}

export function texts(root: ParentNode, selector: string): string[] {
  return Array.from(root.querySelectorAll(selector)).map((el) => (el.textContent ?? '').trim());
}

/** `text` must be the canonical text of `html`. */
export function expectedText(article: ImportedArticle): string {
  return canonicalText(bodyOf(article));
}
