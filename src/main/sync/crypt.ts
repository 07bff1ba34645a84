/**
 * End-to-end encryption of a sync folder with a passphrase, so the folder
 * can live on a cloud drive the cloud cannot read.
 *
 * - The passphrase becomes a 32-byte master key with scrypt; its cost and a
 *   random salt are kept in library.json (`EncryptionParams`), with a check
 *   value (an HMAC of the library id under a key derived from the master
 *   key) that tells a wrong passphrase apart before anything is read.
 * - Sub-keys come from the master key with HKDF-SHA256, one per purpose: the
 *   cipher key (AES-256-GCM, a random 12-byte nonce per sealed item), the
 *   blob-name key and the check key.
 * - Every sealed item names what it is in its associated data (a log line of
 *   this library, the blob of this name, the file at this path), so an item
 *   moved to another place in the folder does not open there.
 * - Blobs are named by an HMAC of their plaintext's SHA-256, never by the
 *   hash itself (that would tell anyone holding a copy of an article which
 *   file is its body).
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { GlossError } from '../../shared/errors';

export const CIPHER = 'aes-256-gcm';
export const KDF = 'scrypt';

export interface ScryptCost {
  /** CPU/memory cost, a power of two. */
  N: number;
  r: number;
  p: number;
}

/** OWASP's scrypt recommendation (128 MiB, ~0.3 s on a laptop): paid once per device, the key is remembered. */
export const DEFAULT_SCRYPT: ScryptCost = { N: 2 ** 17, r: 8, p: 1 };

/** What library.json records of an encrypted folder. */
export interface EncryptionParams extends ScryptCost {
  cipher: typeof CIPHER;
  kdf: typeof KDF;
  /** Base64, 16 random bytes. */
  salt: string;
  /** Base64 HMAC-SHA256 of the library id under the check key. */
  check: string;
}

/** The key a device remembers for its folder (never the passphrase): the master key and the salt it belongs to. */
export interface RememberedKey {
  salt: string;
  key: string;
}

const NONCE = 12;
const TAG = 16;
/** What sealing adds to a plaintext's length (nonce and tag): a sealed blob of a known size is whole at this many bytes more. */
export const SEAL_OVERHEAD = NONCE + TAG;

/** A folder's cost as read from library.json: bounded, so a planted file cannot make the app derive for hours. */
function checkCost(c: Partial<ScryptCost>): ScryptCost {
  const { N, r, p } = c;
  const ok =
    Number.isSafeInteger(N) && Number.isSafeInteger(r) && Number.isSafeInteger(p) &&
    N! >= 2 ** 10 && N! <= 2 ** 20 && (N! & (N! - 1)) === 0 && r! >= 1 && r! <= 32 && p! >= 1 && p! <= 4;
  if (!ok) throw new GlossError('damaged_file', `The sync folder's encryption settings are not ones Gloss uses (scrypt N=${String(N)}, r=${String(r)}, p=${String(p)}).`);
  return { N: N!, r: r!, p: p! };
}

export function isEncryptionParams(v: unknown): v is EncryptionParams {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return o.cipher === CIPHER && o.kdf === KDF && typeof o.salt === 'string' && typeof o.check === 'string';
}

function deriveMaster(passphrase: string, salt: Buffer, cost: ScryptCost): Buffer {
  const { N, r, p } = checkCost(cost);
  return scryptSync(passphrase.normalize('NFC'), salt, 32, { N, r, p, maxmem: 128 * N * r * p + 16 * 1024 * 1024 });
}

export class FolderCipher {
  readonly #master: Buffer;
  readonly #cipherKey: Buffer;
  readonly #nameKey: Buffer;
  readonly #checkKey: Buffer;
  readonly salt: string;

  private constructor(master: Buffer, salt: string) {
    this.#master = master;
    this.salt = salt;
    const sub = (purpose: string): Buffer => Buffer.from(hkdfSync('sha256', master, Buffer.from(salt, 'base64'), `gloss-sync ${purpose}`, 32));
    this.#cipherKey = sub('cipher');
    this.#nameKey = sub('blob-name');
    this.#checkKey = sub('check');
  }

  /** A new encrypted folder's parameters (a random salt) and its cipher. */
  static create(passphrase: string, library: string, cost: ScryptCost = DEFAULT_SCRYPT): { params: EncryptionParams; cipher: FolderCipher } {
    if (passphrase.length === 0) throw new GlossError('invalid_argument', 'The sync passphrase is empty.');
    const salt = randomBytes(16);
    const cipher = new FolderCipher(deriveMaster(passphrase, salt, cost), salt.toString('base64'));
    return { params: { cipher: CIPHER, kdf: KDF, ...checkCost(cost), salt: cipher.salt, check: cipher.checkValue(library) }, cipher };
  }

  /**
   * Opens an encrypted folder with a passphrase, or with a key this device
   * remembered for it. A wrong one is refused here, before anything is read.
   */
  static open(params: EncryptionParams, library: string, secret: { passphrase: string } | { remembered: RememberedKey }): FolderCipher {
    let cipher: FolderCipher;
    if ('passphrase' in secret) {
      cipher = new FolderCipher(deriveMaster(secret.passphrase, Buffer.from(params.salt, 'base64'), params), params.salt);
    } else {
      const key = Buffer.from(secret.remembered.key, 'base64');
      if (secret.remembered.salt !== params.salt || key.length !== 32) {
        throw new GlossError('password_required', 'The sync folder is encrypted with another passphrase than the one this device remembers: enter its passphrase.');
      }
      cipher = new FolderCipher(key, params.salt);
    }
    const expected = Buffer.from(params.check, 'base64');
    const actual = Buffer.from(cipher.checkValue(library), 'base64');
    if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
      throw 'passphrase' in secret
        ? new GlossError('wrong_password', 'Wrong passphrase for the sync folder: nothing was synced. Enter the passphrase its other devices use.')
        : new GlossError('wrong_password', 'The passphrase this device remembers no longer opens the sync folder (it was set up again elsewhere): enter its passphrase.');
    }
    return cipher;
  }

  /** What the device keeps to sync later without asking (the master key, not the passphrase). */
  remember(): RememberedKey {
    return { salt: this.salt, key: this.#master.toString('base64') };
  }

  checkValue(library: string): string {
    return createHmac('sha256', this.#checkKey).update(`gloss-sync passphrase check ${library}`).digest('base64');
  }

  /** A blob's name in an encrypted folder: an HMAC of its plaintext's SHA-256. */
  blobName(plaintext: Buffer): string {
    return this.blobNameOfHash(createHash('sha256').update(plaintext).digest());
  }

  /** blobName from the plaintext's SHA-256 (a stored file's hash), without its bytes. */
  blobNameOfHash(sha256: Buffer): string {
    return createHmac('sha256', this.#nameKey).update(sha256).digest('hex');
  }

  /** nonce | ciphertext | tag, bound to `context`. */
  seal(plaintext: Buffer, context: string): Buffer {
    const nonce = randomBytes(NONCE);
    const c = createCipheriv(CIPHER, this.#cipherKey, nonce);
    c.setAAD(Buffer.from(context, 'utf8'));
    return Buffer.concat([nonce, c.update(plaintext), c.final(), c.getAuthTag()]);
  }

  /** The plaintext, or undefined when `sealed` is not authentic for `context` (tampered, another key, another place). */
  open(sealed: Buffer, context: string): Buffer | undefined {
    if (sealed.length < NONCE + TAG) return undefined;
    try {
      const d = createDecipheriv(CIPHER, this.#cipherKey, sealed.subarray(0, NONCE));
      d.setAAD(Buffer.from(context, 'utf8'));
      d.setAuthTag(sealed.subarray(sealed.length - TAG));
      return Buffer.concat([d.update(sealed.subarray(NONCE, sealed.length - TAG)), d.final()]);
    } catch {
      return undefined;
    }
  }
}
