import type { LookupFunction } from 'node:net';
import { describe, expect, it } from 'vitest';
import { fetchPage, fetchResource } from '../../src/main/web/fetch-page';
import { downloadImages } from '../../src/main/web/images';
import { addressRange, hostMayBePublic, isPublicAddress } from '../../src/main/web/private-address';
import { closeServersAfterEach, failure, makePng, serveOn } from './helpers';

closeServersAfterEach();

/** Resolves every name to `ip`, as the real lookup answers (one address, or all of them). */
function resolvesTo(ip: string): LookupFunction {
  return (_hostname, options, callback) =>
    process.nextTick(() => {
      const family = ip.includes(':') ? 6 : 4;
      const cb = callback as (e: null, a: string | { address: string; family: number }[], f?: number) => void;
      if ((options as { all?: boolean }).all) cb(null, [{ address: ip, family }]);
      else cb(null, ip, family);
    });
}

describe('classifying addresses', () => {
  it('refuses every range but public unicast, and unwraps IPv4 carried in IPv6', () => {
    const refused: Record<string, string> = {
      '127.0.0.1': 'loopback',
      '127.255.255.254': 'loopback',
      '10.1.2.3': 'private',
      '172.16.0.1': 'private',
      '172.31.255.255': 'private',
      '192.168.1.1': 'private',
      '169.254.169.254': 'linkLocal',
      '100.64.0.1': 'carrierGradeNat',
      '100.127.255.255': 'carrierGradeNat',
      '198.18.0.1': 'reserved', // benchmarking 198.18/15
      '198.19.255.255': 'reserved',
      '192.0.2.1': 'reserved',
      '240.0.0.1': 'reserved',
      '0.0.0.0': 'unspecified',
      '0.1.2.3': 'unspecified', // 0.0.0.0/8
      '224.0.0.1': 'multicast',
      '239.255.255.250': 'multicast',
      '255.255.255.255': 'broadcast',
      '::1': 'loopback',
      '[::1]': 'loopback',
      '::': 'unspecified',
      'fd00::1': 'uniqueLocal',
      'fc00::1': 'uniqueLocal',
      'fe80::1': 'linkLocal',
      'fe80::1%eth0': 'linkLocal',
      'fe80::1%25eth0': 'linkLocal',
      'ff02::1': 'multicast',
      'fec0::1': 'deprecatedSiteLocal',
      '2001:db8::1': 'reserved',
      '::ffff:127.0.0.1': 'loopback', // IPv4-mapped, dotted
      '::ffff:7f00:1': 'loopback', // the same, as WHATWG URL writes it
      '::ffff:192.168.0.1': 'private',
      '::ffff:0:7f00:1': 'loopback', // SIIT (RFC 6145)
      '64:ff9b::7f00:1': 'loopback', // NAT64 of 127.0.0.1
      '64:ff9b::a00:1': 'private', // NAT64 of 10.0.0.1
      '64:ff9b::a9fe:a9fe': 'linkLocal', // NAT64 of 169.254.169.254
      '64:ff9b:1::808:808': 'rfc6052', // local-use NAT64: layout unknown, refused
      '::7f00:1': 'ipv4Compatible', // deprecated ::a.b.c.d
      '::127.0.0.1': 'ipv4Compatible', // as inet_ntop writes ::7f00:1
      '::8.8.8.8': 'ipv4Compatible',
      '0:0:0:0:0:0:808:808': 'ipv4Compatible',
      '::808:808': 'ipv4Compatible',
      '2002:7f00:1::1': '6to4',
      '2002:808:808::1': '6to4',
      '2001:0:4136:e378:8000:63bf:3fff:fdd2': 'teredo',
      'example.com': 'invalid',
      '': 'invalid',
    };
    for (const [ip, range] of Object.entries(refused)) {
      expect([ip, addressRange(ip)]).toEqual([ip, range]);
      expect(isPublicAddress(ip), ip).toBe(false);
    }
    const allowed = ['8.8.8.8', '1.1.1.1', '172.32.0.1', '192.169.0.1', '100.63.255.255', '100.128.0.1', '198.20.0.1', '2606:4700::1111', '2a00:1450:4001::1', '::ffff:8.8.8.8', '64:ff9b::808:808'];
    for (const ip of allowed) expect([ip, isPublicAddress(ip)]).toEqual([ip, true]);
  });

  it('sees through every way a URL can write a local or private host', () => {
    const local = [
      'http://127.0.0.1/',
      'http://0x7f000001/',
      'http://2130706433/',
      'http://0177.0.0.1/',
      'http://127.1/',
      'http://0x7f.1/',
      'http://[::1]/',
      'http://[::ffff:127.0.0.1]/',
      'http://[::ffff:7f00:1]/',
      'http://[64:ff9b::7f00:1]/',
      'http://[64:ff9b::127.0.0.1]/',
      'http://[::7f00:1]/',
      'http://[::127.0.0.1]/',
      'http://[fd00::1]/',
      'http://[fe80::1]/',
      'http://169.254.169.254/latest/meta-data/',
      'http://100.64.0.1/',
      'http://198.18.0.1/',
      'http://0.0.0.0/',
      'http://0/',
      'http://224.0.0.1/',
      'http://255.255.255.255/',
      'http://localhost/',
      'http://LOCALHOST./',
      'http://app.localhost/',
      'http://printer.local/',
    ];
    for (const raw of local) expect([raw, hostMayBePublic(new URL(raw).hostname)]).toEqual([raw, false]);
    for (const raw of ['http://8.8.8.8/', 'http://example.com/', 'http://[2606:4700::1111]/', 'http://[::ffff:808:808]/']) {
      expect([raw, hostMayBePublic(new URL(raw).hostname)]).toEqual([raw, true]);
    }
  });
});

describe('refusing local addresses before connecting', () => {
  it('a public page’s image at any written form of this computer is refused, and never connected to', async () => {
    const v4 = await serveOn('127.0.0.1', (_req, res) => res.writeHead(200, { 'content-type': 'image/png' }).end(makePng()));
    const v6 = await serveOn('::1', (_req, res) => res.writeHead(200, { 'content-type': 'image/png' }).end(makePng()));
    const p = v4.port;
    const urls = [
      `http://127.0.0.1:${p}/a.png`,
      `http://0x7f000001:${p}/b.png`,
      `http://2130706433:${p}/c.png`,
      `http://0177.0.0.1:${p}/d.png`,
      `http://127.1:${p}/e.png`,
      `http://[::ffff:127.0.0.1]:${p}/f.png`,
      `http://[::ffff:7f00:1]:${p}/g.png`,
      `http://0.0.0.0:${p}/h.png`,
      `http://localhost:${p}/i.png`,
      `http://[::1]:${v6.port}/j.png`,
    ];
    const { images, failed } = await downloadImages(urls, { publicOnly: true, concurrency: 3 });
    expect(images.size).toBe(0);
    expect(failed).toHaveLength(urls.length);
    for (const f of failed) expect(f.reason, f.url).toMatch(/is on a private network or this computer; a page from the internet may not load it\.$/);
    expect([v4.connections, v6.connections]).toEqual([0, 0]);

    // The same fetcher, asked for a page: refused the same way.
    const page = await failure(fetchPage(`http://[::ffff:7f00:1]:${p}/`, { publicOnly: true }));
    expect(page.code).toBe('forbidden');
    expect(page.message).toBe(
      `Could not download http://[::ffff:7f00:1]:${p}/: [::ffff:7f00:1]:${p} is on a private network or this computer; a page from the internet may not load it.`,
    );
    expect(v4.connections).toBe(0);

    // Without the guard (a page on this computer) the mapped form reaches the server: it was the guard that refused.
    const control = await downloadImages([`http://[::ffff:7f00:1]:${p}/g.png`]);
    expect(control.images.size).toBe(1);
    expect(v4.requests).toEqual(['/g.png']);
  });

  it('refuses a name that resolves to a private address, and says why', async () => {
    const host = await serveOn('127.0.0.1', (_req, res) => res.writeHead(200, { 'content-type': 'image/png' }).end(makePng()));
    const named = await failure(fetchResource(`http://cdn.example:${host.port}/a.png`, { publicOnly: true, lookup: resolvesTo('127.0.0.1') }));
    expect(named.code).toBe('forbidden');
    expect(named.message).toMatch(/^Could not download http:\/\/cdn\.example:\d+\/a\.png: cdn\.example:\d+ is on a private network or this computer/);
    const mapped = await failure(fetchResource(`http://cdn.example:${host.port}/a.png`, { publicOnly: true, lookup: resolvesTo('::ffff:127.0.0.1') }));
    expect(mapped.code).toBe('forbidden');
    expect(host.connections).toBe(0);

    // Without the guard (a page on the same private network) the image comes.
    const ok = await fetchResource(`http://cdn.example:${host.port}/a.png`, { lookup: resolvesTo('127.0.0.1') });
    expect(ok.status).toBe(200);
    expect(ok.hops).toEqual([{ url: `http://cdn.example:${host.port}/a.png`, address: '127.0.0.1', public: false }]);
    expect(ok.fromInternet).toBe(false);
    expect(host.requests).toEqual(['/a.png']);
  });
});
