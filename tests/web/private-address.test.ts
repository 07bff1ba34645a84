import type { LookupFunction } from 'node:net';
import { describe, expect, it } from 'vitest';
import { fetchResource } from '../../src/main/web/fetch-page';
import { isOnPrivateNetwork, isPrivateAddress, isPrivateHost } from '../../src/main/web/private-address';
import { closeServersAfterEach, failure, makePng, serve } from './helpers';

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

describe('private addresses', () => {
  it('knows loopback, private, link-local and reserved addresses from public ones', () => {
    for (const ip of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1', '::1', '::', 'fd00::1', 'fe80::1', '::ffff:192.168.0.1', '[::1]']) {
      expect(isPrivateAddress(ip), ip).toBe(true);
    }
    for (const ip of ['8.8.8.8', '172.32.0.1', '192.169.0.1', '100.128.0.1', '2606:4700::1111', '::ffff:8.8.8.8', 'example.com']) {
      expect(isPrivateAddress(ip), ip).toBe(false);
    }
    expect(isPrivateHost('localhost')).toBe(true);
    expect(isPrivateHost('printer.local')).toBe(true);
    expect(isPrivateHost('127.0.0.1')).toBe(true);
    expect(isPrivateHost('example.com')).toBe(false);
  });

  it('tells whether a page is itself on a private network (by its name or what it resolves to)', async () => {
    expect(await isOnPrivateNetwork('http://127.0.0.1:8080/page')).toBe(true);
    expect(await isOnPrivateNetwork('http://wiki.corp/page', resolvesTo('10.0.0.5'))).toBe(true);
    expect(await isOnPrivateNetwork('https://news.example/page', resolvesTo('93.184.216.34'))).toBe(false);
    expect(await isOnPrivateNetwork('not a url')).toBe(false);
  });

  it('refuses a private address written in the URL, and one a name resolves to, and says why', async () => {
    let hits = 0;
    const origin = await serve((_req, res) => {
      hits++;
      res.writeHead(200, { 'content-type': 'image/png' }).end(makePng());
    });
    const literal = await failure(fetchResource(`${origin}/a.png`, { publicOnly: true }));
    expect(literal.code).toBe('network');
    expect(literal.message).toMatch(/^Could not download http:\/\/127\.0\.0\.1:\d+\/a\.png: 127\.0\.0\.1:\d+ is on a private network or this computer/);

    const port = new URL(origin).port;
    const named = await failure(fetchResource(`http://cdn.example:${port}/a.png`, { publicOnly: true, lookup: resolvesTo('127.0.0.1') }));
    expect(named.message).toMatch(/cdn\.example:\d+ is on a private network or this computer/);
    expect(hits).toBe(0);

    // Without the guard (a page on the same private network) the image comes.
    const ok = await fetchResource(`http://cdn.example:${port}/a.png`, { lookup: resolvesTo('127.0.0.1') });
    expect(ok.status).toBe(200);
    expect(hits).toBe(1);
  });
});
