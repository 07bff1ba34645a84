/**
 * The WebExtension API: Firefox's `browser` (promise-based everywhere),
 * else Chromium's `chrome` (promise-based in MV3). Both have the shape of
 * @types/chrome for every call the extension makes.
 */
export const ext: typeof chrome = (globalThis as { browser?: typeof chrome }).browser ?? chrome;
