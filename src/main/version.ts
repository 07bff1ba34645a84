/** Gloss's version, from package.json (bundled at build time, read by tsx in dev). */
import pkg from '../../package.json';

export const APP_VERSION: string = pkg.version;
