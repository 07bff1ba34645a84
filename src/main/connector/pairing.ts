/**
 * Pairing browsers with the library: the app shows a short code, the
 * extension sends it back once, and gets a random per-install key it sends
 * with every request.
 *
 * Kept in the library's settings table (no migration, and every shell that
 * opens the library — the desktop app, `gloss serve` — sees the same paired
 * browsers and the same pending code). Only SHA-256 hashes of the code and
 * the keys are stored: a backup or a copied library file holds no key that
 * works. Each change is one IMMEDIATE transaction, so two processes never
 * both accept one code.
 */
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { GlossError } from '../../shared/errors';
import type { BrowserPairing, PairedBrowser, PairingCode } from '../../shared/types';
import type { SettingsStore } from '../db/settings';

/** A code is valid this long. */
export const PAIRING_CODE_TTL_MS = 2 * 60 * 1000;
/** Wrong codes accepted before the code is thrown away (the user asks for a new one). */
export const MAX_WRONG_CODES = 5;
/** Letters and digits that cannot be misread for one another (no 0/O, 1/I/L). */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const PAIRING_CODE_LENGTH = 6;
/** The most browsers kept (a new pairing beyond it forgets the least recently used). */
const MAX_BROWSERS = 20;

const PENDING_KEY = 'connector.pairing';
const BROWSERS_KEY = 'connector.browsers';

interface PendingCode {
  codeHash: string;
  expiresAt: string;
  wrongTries: number;
}

interface StoredBrowser extends PairedBrowser {
  keyHash: string;
  /** The extension origin that paired (chrome-extension://…): the key works only from there. */
  origin: string;
}

const sha256 = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();
const hex = (text: string): string => sha256(text).toString('hex');

/** Compares two hex digests in time independent of where they differ. */
function sameDigest(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

/** What the user typed, as a code: upper case, spaces and dashes dropped. */
export function normalizeCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]+/g, '');
}

export class Pairing {
  constructor(
    private readonly db: Database,
    private readonly settings: SettingsStore,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** A new code (any earlier one stops working). */
  start(): PairingCode {
    let code = '';
    for (let i = 0; i < PAIRING_CODE_LENGTH; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
    const expiresAt = new Date(this.clock().getTime() + PAIRING_CODE_TTL_MS).toISOString();
    this.write(() => this.settings.set(PENDING_KEY, { codeHash: hex(code), expiresAt, wrongTries: 0 } satisfies PendingCode));
    return { code, expiresAt };
  }

  /** The paired browsers, and when the current code (if any) expires. */
  state(): BrowserPairing {
    const pending = this.pending();
    return {
      pendingUntil: pending ? pending.expiresAt : null,
      browsers: this.browsers().map(({ id, name, pairedAt, lastUsedAt }) => ({ id, name, pairedAt, lastUsedAt })),
    };
  }

  /**
   * Exchanges a code for a key: one use; refused when expired, after
   * MAX_WRONG_CODES wrong ones, or when none was asked for.
   */
  pair(typedCode: string, name: string, origin: string): { id: string; key: string } {
    // A refusal is returned from the transaction, not thrown in it: the wrong try must be kept.
    const outcome = this.write((): { id: string; key: string } | { refused: string } => {
      const pending = this.pending();
      if (!pending) return { refused: 'No pairing code is waiting: in Gloss, open Settings → Browser extension → Pair a browser.' };
      if (!sameDigest(hex(normalizeCode(typedCode)), pending.codeHash)) {
        const wrongTries = pending.wrongTries + 1;
        this.settings.set(PENDING_KEY, wrongTries >= MAX_WRONG_CODES ? undefined : { ...pending, wrongTries });
        return {
          refused:
            wrongTries >= MAX_WRONG_CODES
              ? 'Too many wrong codes: in Gloss, click Pair a browser again for a new one.'
              : 'That is not the code Gloss shows. Check it and try again.',
        };
      }
      this.settings.set(PENDING_KEY, undefined); // one use
      const key = randomBytes(32).toString('base64url');
      const now = this.clock().toISOString();
      const browser: StoredBrowser = {
        id: randomBytes(8).toString('hex'),
        name: name.trim().slice(0, 100) || 'Browser',
        pairedAt: now,
        lastUsedAt: now,
        keyHash: hex(key),
        origin,
      };
      const kept = this.browsers()
        .sort((a, b) => b.lastUsedAt.localeCompare(a.lastUsedAt))
        .slice(0, MAX_BROWSERS - 1);
      this.settings.set(BROWSERS_KEY, [...kept, browser]);
      return { id: browser.id, key };
    });
    if ('refused' in outcome) throw new GlossError('forbidden', outcome.refused);
    return outcome;
  }

  /** The browser holding `key` and calling from its own origin, or null. Every stored key is compared (constant time each). */
  check(key: string, origin: string): PairedBrowser | null {
    if (!key) return null;
    const digest = hex(key);
    let found: StoredBrowser | null = null;
    for (const b of this.browsers()) if (sameDigest(digest, b.keyHash)) found = b;
    if (!found || found.origin !== origin) return null;
    const { id, name, pairedAt } = found;
    return { id, name, pairedAt, lastUsedAt: found.lastUsedAt };
  }

  /** Notes that a browser was used now (shown in Settings). */
  touch(id: string): void {
    const now = this.clock().toISOString();
    this.write(() => this.settings.set(BROWSERS_KEY, this.browsers().map((b) => (b.id === id ? { ...b, lastUsedAt: now } : b))));
  }

  /** Forgets a browser: its key stops working at once. */
  forget(id: string): void {
    this.write(() => {
      const browsers = this.browsers();
      if (!browsers.some((b) => b.id === id)) throw new GlossError('not_found', 'That browser is not paired with this library.');
      this.settings.set(BROWSERS_KEY, browsers.filter((b) => b.id !== id));
    });
  }

  private pending(): PendingCode | null {
    const p = this.settings.get<PendingCode>(PENDING_KEY);
    if (!p || typeof p.codeHash !== 'string' || typeof p.expiresAt !== 'string') return null;
    return Date.parse(p.expiresAt) > this.clock().getTime() ? p : null;
  }

  private browsers(): StoredBrowser[] {
    const list = this.settings.get<StoredBrowser[]>(BROWSERS_KEY);
    return Array.isArray(list) ? list.filter((b) => b && typeof b.id === 'string' && typeof b.keyHash === 'string') : [];
  }

  private write<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }
}
