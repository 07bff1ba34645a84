/**
 * A file sent to `gloss serve` as the raw request body (an export ZIP for a
 * background import, or the file of an importFile call), streamed to a
 * temporary file in the library, never held in memory while it arrives
 * (JSON calls carry files as base64 and stop at ~50 MB). Capped: a declared
 * length over the limit is refused before anything is written, a body that
 * grows past it stops being written, and a refused, cut or failed upload
 * leaves no file behind.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream, readFileSync, rmSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Envelope } from '../../shared/errors';
import { tooLargeToImport } from '../../shared/import-limit';

/** What a host does with an import uploaded to it (gloss serve: a background import job). */
export interface ImportUpload {
  /** The folder (in the library) uploads are written to; made when missing. */
  folder: () => string;
  /** The most bytes taken. */
  limit: number;
  /** Starts the import from the uploaded file (which it then owns). */
  start: (name: string, file: string) => Promise<Envelope<unknown>>;
}

export type UploadResult = { ok: true; file: string } | { ok: false; status: 413; message: string };

/** The header naming the uploaded file (URI-encoded, as a header holds only Latin-1). */
export const UPLOAD_NAME_HEADER = 'x-gloss-file-name';

/** The file name an upload declares, or null when it is missing or unreadable. */
export function uploadName(req: IncomingMessage): string | null {
  const raw = req.headers[UPLOAD_NAME_HEADER];
  if (typeof raw !== 'string' || !raw) return null;
  try {
    const name = decodeURIComponent(raw).trim();
    return name && name.length <= 1024 ? name : null;
  } catch {
    return null;
  }
}

/**
 * The header carrying a call's other arguments (importFile's mode and
 * password) as URI-encoded JSON; the dispatcher validates them with the file.
 */
export const UPLOAD_ARGS_HEADER = 'x-gloss-args';

/** The other arguments an upload declares ({} without the header), or null when they are unreadable. */
export function uploadArgs(req: IncomingMessage): Record<string, unknown> | null {
  const raw = req.headers[UPLOAD_ARGS_HEADER];
  if (raw === undefined) return {};
  if (typeof raw !== 'string') return null;
  try {
    const args: unknown = JSON.parse(decodeURIComponent(raw));
    return args !== null && typeof args === 'object' && !Array.isArray(args) ? (args as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** An uploaded file's bytes, the file removed (the call that takes them owns them now). */
export function takeUpload(file: string): Buffer {
  try {
    return readFileSync(file);
  } finally {
    rmSync(file, { force: true });
  }
}


/** Streams the request body into a new file in `dir`, at most `limit` bytes. */
export async function receiveUpload(req: IncomingMessage, dir: string, limit: number, name: string): Promise<UploadResult> {
  const tooLarge: UploadResult = { ok: false, status: 413, message: tooLargeToImport(name, limit) };
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) {
    // Nothing is written; the body is drained so the client still gets the answer.
    req.resume();
    return tooLarge;
  }
  const file = join(dir, `upload-${randomBytes(8).toString('hex')}.part`);
  let size = 0;
  let over = false;
  // Past the limit the rest of the body is read and dropped (not written), so the
  // client still gets the answer instead of a reset connection.
  const cap = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (size > limit) over = true;
      done(null, over ? undefined : chunk);
    },
  });
  try {
    await pipeline(req, cap, createWriteStream(file, { flags: 'wx' }));
  } catch (err) {
    rmSync(file, { force: true });
    throw err;
  }
  if (over) {
    rmSync(file, { force: true });
    return tooLarge;
  }
  // An empty file is the call's to refuse, in its own words (as when its bytes come as JSON).
  return { ok: true, file };
}
