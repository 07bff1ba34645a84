/**
 * Which addresses count as "the public internet". A page from the internet
 * must not make Gloss connect to this computer or the user's network (an
 * image at `http://192.168.1.1/…`, a redirect to `http://[::ffff:7f00:1]/`,
 * a name that resolves to 10.0.0.5): those are refused before connecting,
 * and the address a socket actually connected to is checked again.
 *
 * The ranges come from ipaddr.js, not hand-written prefixes. Only its
 * `unicast` range is public; every named range (loopback, private,
 * linkLocal, carrierGradeNat, uniqueLocal, unspecified, multicast,
 * broadcast, reserved, benchmarking, …) is refused. Forms that wrap an IPv4
 * address are unwrapped first, so a wrapper cannot hide a private one.
 */
import { lookup as dnsLookup } from 'node:dns';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

/** Decides whether an IP address (as a socket or a DNS answer gives it) is on the public internet. */
export type AddressClassifier = (address: string) => boolean;

/** The IPv4 address in the low 32 bits of an IPv6 address. */
function low32(v6: ipaddr.IPv6): ipaddr.IPv4 {
  const p = v6.parts;
  return new ipaddr.IPv4([p[6]! >> 8, p[6]! & 0xff, p[7]! >> 8, p[7]! & 0xff]);
}

/**
 * An IPv6 address written as the URL parser writes it (hex groups only, no
 * zone): ipaddr.js reads `::127.0.0.1` as IPv4-mapped, which it is not, and
 * inet_ntop (so a socket's remoteAddress) writes IPv4-compatible addresses
 * that way.
 */
function canonicalIPv6(address: string): string {
  if (!address.includes(':')) return address;
  try {
    return new URL(`http://[${address.replace(/%.*$/, '')}]/`).hostname.slice(1, -1);
  } catch {
    return address;
  }
}

/**
 * The range an address falls in, by ipaddr.js's names: 'unicast' means
 * public; anything else (or 'invalid' for what is not an IP address) is
 * refused. IPv4-mapped (`::ffff:127.0.0.1`, `::ffff:7f00:1`), NAT64
 * (`64:ff9b::/96`) and SIIT (`::ffff:0:0:0/96`) addresses are classified
 * by the IPv4 address they carry. Refused outright, whatever they carry:
 * IPv4-compatible `::a.b.c.d` (deprecated; `::7f00:1` would otherwise look
 * public), the local-use NAT64 prefix 64:ff9b:1::/48 (where the IPv4 part
 * sits depends on the local setup), and the 6to4 and Teredo tunnels
 * (deprecated, and both embed an IPv4 address a tunnel endpoint would dial).
 */
export function addressRange(address: string): string {
  const bare = canonicalIPv6(address.replace(/^\[|\]$/g, ''));
  if (!ipaddr.isValid(bare)) return 'invalid';
  const ip = ipaddr.process(bare);
  if (ip.kind() === 'ipv4') return ip.range();
  const v6 = ip as ipaddr.IPv6;
  const range = v6.range();
  if (range === 'rfc6145' || (range === 'rfc6052' && v6.match(ipaddr.IPv6.parse('64:ff9b::'), 96))) return low32(v6).range();
  // ::/96 other than :: and ::1 (which ipaddr.js names): the deprecated IPv4-compatible form.
  if (range === 'unicast' && v6.match(ipaddr.IPv6.parse('::'), 96)) return 'ipv4Compatible';
  return range;
}

/** True for an address on the public internet (see addressRange). */
export const isPublicAddress: AddressClassifier = (address) => addressRange(address) === 'unicast';

/** The IP address a URL's hostname is written as (brackets removed), or null for a name. */
export function ipLiteral(hostname: string): string | null {
  const bare = hostname.replace(/^\[|\]$/g, '');
  return ipaddr.isValid(bare) ? bare : null;
}

/** Names that are this computer or the local network by definition (RFC 6761, mDNS). */
export function isLocalName(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  return host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local');
}

/**
 * Whether a URL's host may be connected to by a public-only request,
 * without a DNS lookup: false for a local name or a non-public IP literal
 * (an address written in the URL is never looked up, so the lookup guard
 * cannot see it). Names are left to publicOnlyLookup.
 */
export function hostMayBePublic(hostname: string, isPublic: AddressClassifier = isPublicAddress): boolean {
  if (isLocalName(hostname)) return false;
  const literal = ipLiteral(hostname);
  return literal === null || isPublic(literal);
}

/** The error a refused address gives (the fetcher reports it with the URL). */
export class PrivateAddressError extends Error {
  readonly code = 'EPRIVATE';
}

/**
 * A DNS lookup that refuses a name when any address it resolves to is not
 * public (all of them, so the connection cannot fall back to a private one).
 */
export function publicOnlyLookup(
  base: LookupFunction = dnsLookup as LookupFunction,
  isPublic: AddressClassifier = isPublicAddress,
): LookupFunction {
  return (hostname, options, callback) => {
    base(hostname, options, (err, address, family) => {
      if (err) return callback(err, address, family);
      const addresses = Array.isArray(address) ? address.map((a) => a.address) : [address];
      const bad = addresses.find((a) => !isPublic(a));
      if (bad !== undefined) return callback(new PrivateAddressError(`${hostname} is a private address (${bad})`), address, family);
      callback(null, address, family);
    });
  };
}
