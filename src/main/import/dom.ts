/**
 * One quiet, script-free jsdom window shared by the sanitizer and the text
 * builder: creating a window costs milliseconds, and these callers only
 * need a document to parse fragments into.
 */
import type { JSDOM, VirtualConsole } from 'jsdom';
import { jsdom } from './jsdom';

/** The origin documents are parsed under when their real URL is unknown. */
export const PLACEHOLDER_ORIGIN = 'https://gloss.invalid';

let shared: JSDOM | null = null;

/** A VirtualConsole that swallows page errors and CSS warnings. */
export function silentConsole(): VirtualConsole {
  return new (jsdom().VirtualConsole)();
}

export function sharedWindow(): JSDOM['window'] {
  shared ??= new (jsdom().JSDOM)('<!DOCTYPE html><html><head></head><body></body></html>', {
    virtualConsole: silentConsole(),
  });
  return shared.window;
}

export function sharedDocument(): Document {
  return sharedWindow().document;
}

/** Loads jsdom and builds the shared window ahead of the first import (a server's idle moment). */
export function warmUpImporters(): void {
  sharedWindow();
}
