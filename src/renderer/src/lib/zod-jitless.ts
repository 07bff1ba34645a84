/**
 * Zod (the API contract's schemas, shared/contract.ts) probes for eval with
 * `new Function("")` the first time it parses an object, to compile fast
 * parsers. The app's CSP forbids eval, so each probe was a CSP violation
 * report; jitless mode never probes. Imported first by main.ts.
 */
import { config } from 'zod';

config({ jitless: true });
