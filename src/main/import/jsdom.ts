/**
 * jsdom, loaded on first use: it takes about a second to load, and most
 * commands (list, show, serve before the first import) never need it.
 */
import { createRequire } from 'node:module';
import type * as Jsdom from 'jsdom';

const require = createRequire(import.meta.url);
let loaded: typeof Jsdom | undefined;

export function jsdom(): typeof Jsdom {
  loaded ??= require('jsdom') as typeof Jsdom;
  return loaded;
}
