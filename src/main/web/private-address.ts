/**
 * Addresses a saved page must not make Gloss fetch from: loopback, private
 * networks, link-local and the like. A public page naming an image at
 * `http://192.168.1.1/...` or `http://localhost:8080/...` would otherwise make
 * the app probe the user's own network. Pages that are themselves on such an
 * address (an intranet wiki, a local test server) may use them.
 */
import { lookup as dnsLookup } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';

function ipv4Private(ip: string): boolean {
  const [a = -1, b = -1] = ip.split('.').map(Number);
  return (
    a === 0 || // "this network"
    a === 10 ||
    a === 127 ||
    (a === 100 && b >= 64 && b <= 127) || // carrier-grade NAT
    (a === 169 && b === 254) || // link-local
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    a >= 224 // multicast and reserved
  );
}

/** True for an IP address (v4 or v6) that is not on the public internet. */
export function isPrivateAddress(address: string): boolean {
  const ip = address.replace(/^\[|\]$/g, '').toLowerCase();
  const kind = isIP(ip);
  if (kind === 4) return ipv4Private(ip);
  if (kind !== 6) return false;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(ip);
  if (mapped?.[1]) return ipv4Private(mapped[1]);
  return (
    ip === '::' ||
    ip === '::1' ||
    /^f[cd][0-9a-f]{2}:/.test(ip) || // unique local fc00::/7
    /^fe[89ab][0-9a-f]:/.test(ip) || // link-local fe80::/10
    ip.startsWith('ff') // multicast
  );
}

/** True when a URL's host is literally a private address or a local name. */
export function isPrivateHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local')) return true;
  return isIP(host) !== 0 && isPrivateAddress(host);
}

/** The error a refused address gives (the fetcher reports it with the URL). */
export class PrivateAddressError extends Error {
  readonly code = 'EPRIVATE';
}

/**
 * A DNS lookup that refuses names resolving to a private address (checked
 * on every connection, so a redirect cannot slip through).
 */
export function publicOnlyLookup(base: LookupFunction = dnsLookup as LookupFunction): LookupFunction {
  return (hostname, options, callback) => {
    base(hostname, options, (err, address, family) => {
      if (err) return callback(err, address, family);
      const addresses = Array.isArray(address) ? address.map((a) => a.address) : [address];
      const bad = addresses.find((a) => isPrivateAddress(a));
      if (bad) return callback(new PrivateAddressError(`${hostname} is a private address (${bad})`), address, family);
      callback(null, address, family);
    });
  };
}

/**
 * Whether a page's own host is on a private network or this computer (then
 * its images may be too). A name that cannot be resolved counts as public.
 */
export function isOnPrivateNetwork(url: string, lookup: LookupFunction = dnsLookup as LookupFunction): Promise<boolean> {
  let hostname: string;
  try {
    hostname = new URL(url).hostname;
  } catch {
    return Promise.resolve(false);
  }
  if (isPrivateHost(hostname)) return Promise.resolve(true);
  if (isIP(hostname.replace(/^\[|\]$/g, '')) !== 0) return Promise.resolve(false);
  return new Promise((resolve) => {
    lookup(hostname, { all: true }, (err, address) => {
      if (err) return resolve(false);
      const addresses = Array.isArray(address) ? address.map((a) => a.address) : [address];
      resolve(addresses.some((a) => isPrivateAddress(a)));
    });
  });
}
