/**
 * One line of a device's change log: `<crc32 hex, 8 digits> <JSON operation>\n`.
 * The checksum covers the exact JSON bytes, so a line cut short or damaged
 * in transit is recognised and left to wait (a sync engine may deliver a
 * file half-written); it is never applied and never an error.
 *
 * In an encrypted folder the JSON is sealed (crypt.ts) and the line is
 * `<crc32 of the base64> <base64 of nonce|ciphertext|tag>\n`: the checksum
 * still tells a line in transit (it waits) from a whole line that does not
 * open (tampered, or sealed with another key: refused and counted, never
 * applied). Such a folder takes sealed lines only.
 */
import { crc32 } from 'node:zlib';

/** Field values are plain JSON scalars (a body is a blob name). */
export type FieldValue = string | number | null;

/** The base a multi-value field's edit was made on: the versions it replaces. */
export type Bases = Record<string, string[]>;

export interface Operation {
  /** The hybrid logical clock of the change (hlc.ts). */
  h: number;
  /** The device that made it. */
  d: string;
  /** The entity kind (entities.ts) and its key. */
  e: string;
  k: string;
  /** The fields written. */
  f: Record<string, FieldValue>;
  /** For multi-value fields (notes): the versions (stampId) this edit replaces. */
  b?: Bases;
}

const HEX = /^[0-9a-f]{8}$/;

/** CRC-32 of the text's UTF-8 bytes (or of the bytes) as 8 hex digits. */
function checksum(data: string | Buffer): string {
  return crc32(data).toString(16).padStart(8, '0');
}

export function encodeLine(op: Operation): string {
  const json = JSON.stringify(op);
  return `${checksum(json)} ${json}\n`;
}

/** Seals and opens a line's JSON (an encrypted folder's cipher, bound to the library). */
export interface LineSeal {
  seal(json: Buffer): Buffer;
  open(sealed: Buffer): Buffer | undefined;
}

export function encodeSealedLine(op: Operation, seal: LineSeal): string {
  const text = seal.seal(Buffer.from(JSON.stringify(op), 'utf8')).toString('base64');
  return `${checksum(text)} ${text}\n`;
}

type Decoded = Operation | 'damaged' | 'refused';

function decodeSealedLine(line: string, seal: LineSeal): Decoded {
  const space = line.indexOf(' ');
  if (space !== 8 || !HEX.test(line.slice(0, 8))) return 'damaged';
  const text = line.slice(9);
  if (checksum(text) !== line.slice(0, 8)) return 'damaged';
  const json = /^[A-Za-z0-9+/]*={0,2}$/.test(text) ? seal.open(Buffer.from(text, 'base64')) : undefined;
  if (!json) return 'refused';
  try {
    const op: unknown = JSON.parse(json.toString('utf8'));
    return isOperation(op) ? op : 'refused';
  } catch {
    return 'refused';
  }
}

function isOperation(v: unknown): v is Operation {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  if (!Number.isSafeInteger(o.h) || typeof o.d !== 'string' || typeof o.e !== 'string' || typeof o.k !== 'string') return false;
  if (typeof o.f !== 'object' || o.f === null || Array.isArray(o.f)) return false;
  for (const value of Object.values(o.f)) {
    if (value !== null && typeof value !== 'string' && typeof value !== 'number') return false;
  }
  if (o.b !== undefined) {
    if (typeof o.b !== 'object' || o.b === null) return false;
    for (const list of Object.values(o.b)) {
      if (!Array.isArray(list) || !list.every((s) => typeof s === 'string')) return false;
    }
  }
  return true;
}

/**
 * One line's operation (its bytes without the newline), or undefined when the line is damaged or not an
 * operation. The checksum is taken over the line's own bytes: no copy of the JSON is encoded again.
 */
export function decodeLine(line: string | Buffer): Operation | undefined {
  const bytes = typeof line === 'string' ? Buffer.from(line, 'utf8') : line;
  if (bytes.length < 9 || bytes[8] !== 0x20) return undefined;
  const sum = bytes.toString('latin1', 0, 8);
  if (!HEX.test(sum)) return undefined;
  const json = bytes.subarray(9);
  if (checksum(json) !== sum) return undefined;
  try {
    const op: unknown = JSON.parse(json.toString('utf8'));
    return isOperation(op) ? op : undefined;
  } catch {
    return undefined;
  }
}

export interface ReadResult {
  ops: Operation[];
  /**
   * Bytes settled: up to the first damaged line or the unfinished last one.
   * From there the file is read again next time (the engine may still be
   * filling it in); re-reading what follows is harmless, operations being
   * idempotent.
   */
  consumed: number;
  /** An encrypted folder's whole lines that did not open: refused, not applied, not read again (absent for a plain folder). */
  rejected?: number;
}

/**
 * The operations of every whole, intact line in `bytes` (a log read from
 * some offset). A damaged line is left out, not fatal: it may be a crashed
 * writer's half line (the writer starts its next append on a new line) or a
 * region the engine has not filled in yet; a line without its newline waits.
 */
export function readLines(bytes: Buffer, seal?: LineSeal): ReadResult {
  const ops: Operation[] = [];
  let start = 0;
  let settled = -1;
  let rejected = 0;
  for (;;) {
    const end = bytes.indexOf(0x0a, start);
    if (end < 0) break;
    const line = bytes.subarray(start, end);
    const op: Decoded = seal ? decodeSealedLine(line.toString('utf8'), seal) : (decodeLine(line) ?? 'damaged');
    if (op === 'refused') {
      if (settled < 0) rejected++; // past the settled point it is read (and counted) again next round
    } else if (op === 'damaged') {
      if (settled < 0) settled = start;
    } else ops.push(op);
    start = end + 1;
  }
  const consumed = settled < 0 ? start : settled;
  return seal ? { ops, consumed, rejected } : { ops, consumed };
}
