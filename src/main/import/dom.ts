/**
 * Quiet, script-free jsdom windows: one shared by callers that only need a
 * document to build detached elements in (the image rewriter), and fresh
 * ones for the sanitizer (see sanitize.ts).
 */
import type { JSDOM, VirtualConsole } from 'jsdom';
import { importHtml } from './html';
import { jsdom } from './jsdom';

/** The origin documents are parsed under when their real URL is unknown. */
export const PLACEHOLDER_ORIGIN = 'https://gloss.invalid';

let shared: JSDOM['window'] | null = null;

/** A VirtualConsole that swallows page errors and CSS warnings. */
export function silentConsole(): VirtualConsole {
  return new (jsdom().VirtualConsole)();
}

/** A new empty, script-free window with a silent console. */
export function createQuietWindow(): JSDOM['window'] {
  return new (jsdom().JSDOM)('<!DOCTYPE html><html><head></head><body></body></html>', {
    virtualConsole: silentConsole(),
  }).window;
}

export function sharedWindow(): JSDOM['window'] {
  shared ??= createQuietWindow();
  return shared;
}

export function sharedDocument(): Document {
  return sharedWindow().document;
}

/** A small page that takes every step of the HTML import (metadata, Readability, inline styles, sanitizing). */
const WARM_UP_PAGE = `<!DOCTYPE html><html lang="en"><head><title>Warm-up page | Gloss</title>
<meta name="author" content="Gloss"><link rel="canonical" href="https://gloss.invalid/warm-up">
<script type="application/ld+json">{"@type":"Article","headline":"Warm-up page","datePublished":"2020-01-01"}</script>
</head><body><nav><a href="/">Home</a></nav><article><h1>Warm-up page</h1><p class="byline">By Gloss</p>
${'<p>A paragraph with <a href="/a">a link</a>, <em>emphasis</em> and enough words, commas, and text to count as content.</p>'.repeat(6)}
<div style="display: none">hidden</div><figure><img src="a.png" alt=""><figcaption>A figure</figcaption></figure>
<ul><li>one</li><li>two</li></ul><table><tr><td>cell</td></tr></table></article><footer>footer</footer></body></html>`;

/**
 * Loads jsdom, builds the shared window and runs one small page through the
 * HTML importer ahead of the first import (a server's idle moment): the
 * first import otherwise pays for loading and compiling all of it.
 */
export function warmUpImporters(): void {
  sharedWindow();
  importHtml(WARM_UP_PAGE, 'warm-up.html', null);
}
