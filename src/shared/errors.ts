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
  'unsupported',
  'conflict',
  'network',
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
