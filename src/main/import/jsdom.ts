/**
 * jsdom, loaded on first use (it takes about a second to load, and most
 * commands — list, show, serve before the first import — never need it),
 * and the quiet, script-free windows built with it: one shared by callers
 * that only need a document to build detached elements in (the image
 * rewriter), and fresh ones for the sanitizer (see sanitize.ts).
 */
import { createRequire } from 'node:module';
import type * as Jsdom from 'jsdom';

const require = createRequire(import.meta.url);
let loaded: typeof Jsdom | undefined;

export function jsdom(): typeof Jsdom {
  loaded ??= require('jsdom') as typeof Jsdom;
  return loaded;
}

let shared: Jsdom.JSDOM['window'] | null = null;

/** A VirtualConsole that swallows page errors and CSS warnings. */
export function silentConsole(): Jsdom.VirtualConsole {
  return new (jsdom().VirtualConsole)();
}

/** A new empty, script-free window with a silent console. */
export function createQuietWindow(): Jsdom.JSDOM['window'] {
  return new (jsdom().JSDOM)('<!DOCTYPE html><html><head></head><body></body></html>', {
    virtualConsole: silentConsole(),
  }).window;
}

export function sharedWindow(): Jsdom.JSDOM['window'] {
  shared ??= createQuietWindow();
  return shared;
}

export function sharedDocument(): Document {
  return sharedWindow().document;
}
