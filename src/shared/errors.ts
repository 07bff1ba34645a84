/**
 * Error codes every API call may answer with. They cross process and HTTP
 * boundaries, so they are plain strings, never class instances.
 */
export const ERROR_CODES = [
  'invalid_argument',
  'unknown_method',
  'not_found',
  'unsupported_format',
  'empty_file',
  'binary_file',
  'invalid_encoding',
  'too_large',
  'no_content',
  'forbidden',
  'library_too_new',
  // The library cannot be opened: a file where the folder should be, no
  // permission, read-only for a write (library_unavailable); a file that is
  // not a Gloss library (not_a_library); a damaged one (library_corrupt).
  'library_unavailable',
  'not_a_library',
  'library_corrupt',
  'unsupported',
  'conflict',
  'network',
  'disk_full',
  // PDFs: encrypted without (or with a wrong) password; a file that cannot be read.
  'password_required',
  'wrong_password',
  'damaged_file',
  // EPUB: a book whose content is encrypted (DRM), not only its fonts obfuscated.
  'drm_protected',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorInfo {
  code: ErrorCode;
  message: string;
}

/** The typed envelope every call answers with, in both shells. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

/** An error meant for the user: its message is shown as is. */
export class GlossError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'GlossError';
    this.code = code;
  }
  toInfo(): ErrorInfo {
    return { code: this.code, message: this.message };
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/**
 * The one place a system failure becomes an error for the user. Running out
 * of space shows up as SQLite's SQLITE_FULL (any extended form), ENOSPC,
 * EDQUOT (quota) or EFBIG (a file-size limit); each becomes 'disk_full' with
 * one clear line. Anything else answers undefined (the caller decides).
 */
export function userErrorOf(err: unknown): GlossError | undefined {
  if (err instanceof GlossError) return err;
  const code = err !== null && typeof err === 'object' && 'code' in err ? String(err.code) : '';
  if (code.startsWith('SQLITE_FULL') || code === 'ENOSPC' || code === 'EDQUOT' || code === 'EFBIG') {
    return new GlossError('disk_full', 'Not enough disk space: free some space and try again. Nothing was changed.');
  }
  return undefined;
}
