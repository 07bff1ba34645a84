/**
 * Loading and compiling the HTML importer ahead of the first import (a
 * server's idle moment): the first import otherwise pays for all of it.
 */
import { importHtml } from './html';
import { sharedWindow } from './jsdom';

/** A small page that takes every step of the HTML import (metadata, Readability, inline styles, sanitizing). */
const WARM_UP_PAGE = `<!DOCTYPE html><html lang="en"><head><title>Warm-up page | Gloss</title>
<meta name="author" content="Gloss"><link rel="canonical" href="https://gloss.invalid/warm-up">
<script type="application/ld+json">{"@type":"Article","headline":"Warm-up page","datePublished":"2020-01-01"}</script>
</head><body><nav><a href="/">Home</a></nav><article><h1>Warm-up page</h1><p class="byline">By Gloss</p>
${'<p>A paragraph with <a href="/a">a link</a>, <em>emphasis</em> and enough words, commas, and text to count as content.</p>'.repeat(6)}
<div style="display: none">hidden</div><figure><img src="a.png" alt=""><figcaption>A figure</figcaption></figure>
<ul><li>one</li><li>two</li></ul><table><tr><td>cell</td></tr></table></article><footer>footer</footer></body></html>`;

/**
 * Whether the app and `gloss serve` warm up at all: GLOSS_WARM_UP=off skips
 * it. The e2e suite sets that: each test's server would spend ~0.6 s of CPU
 * on it, for an import most tests never make (an import still loads the
 * importer on demand, as the first import after a quick start does).
 */
export function warmUpWanted(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.GLOSS_WARM_UP !== 'off';
}

/** Loads jsdom, builds the shared window and runs one small page through the HTML importer. */
export function warmUpImporters(): void {
  sharedWindow();
  importHtml(WARM_UP_PAGE, 'warm-up.html', null);
}
