/**
 * The browser host's asset cookie. `<img src="/asset/<hash>">` cannot send
 * the API's bearer header, so the page load that presents the token gets a
 * cookie, and /asset/<hash> requires it (or the header). The cookie holds
 * an HMAC of the token, not the token: it opens images, never the API.
 *
 * HttpOnly keeps it from scripts; SameSite=Strict keeps other sites' pages
 * from sending it; the name carries the port, so two `gloss serve` on one
 * machine (cookies ignore ports) do not overwrite each other's.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export interface SessionCookie {
  readonly name: string;
  /** The Set-Cookie header value. */
  readonly setCookie: string;
  /** True when the request carries this cookie with the right value. */
  matches(req: IncomingMessage): boolean;
}

/** Constant-time equality of two strings (different lengths compare unequal). */
export function safeEqual(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The values of every cookie named `name` in a Cookie header. */
export function cookieValues(header: string | undefined, name: string): string[] {
  if (!header) return [];
  const out: string[] = [];
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) out.push(part.slice(eq + 1).trim());
  }
  return out;
}

export function sessionCookie(token: string, port: number): SessionCookie {
  const name = `gloss_assets_${port}`;
  const value = createHmac('sha256', token).update('gloss serve asset cookie').digest('base64url');
  return {
    name,
    setCookie: `${name}=${value}; HttpOnly; SameSite=Strict; Path=/`,
    matches: (req) => cookieValues(req.headers.cookie, name).some((given) => safeEqual(given, value)),
  };
}
