/**
 * What the browser extension's e2e tests share (Chromium: extension.spec.ts,
 * Firefox: extension-firefox.spec.ts): the extension built into a test's
 * folder, a local site that serves a members-only page its script builds,
 * and `gloss serve` with its connector on a port of the test's choosing.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { cliArgs, cliEnv } from './cli-bundle';

const ROOT = resolve(import.meta.dirname, '..');

/** Builds the extension into `out` (chromium/, firefox/); `port`: the connector port built in (else the default). */
export function buildExtension(out: string, port?: number): void {
  execFileSync(process.execPath, [join(ROOT, 'scripts/build-extension.mjs'), '--out', out, ...(port === undefined ? [] : ['--port', String(port)])]);
}

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const LONG = 'Members of the garden club read this slowly, with the windows open and the kettle on, and then they read it again. ';

/** A page whose text exists only after its script runs, and only for a signed-in reader. */
export function scriptedPage(title: string, topic: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body>
<main id="root"><p>Loading…</p></main>
<template id="more"><p>${LONG}${LONG}A passage about ${topic} kept in a template, never stamped into the page.</p></template>
<script>
  const root = document.getElementById('root');
  const paras = Array.from({ length: 6 }, (_, i) => '<p>Paragraph ' + (i + 1) + ' about ${topic}. ${LONG}</p>').join('');
  root.innerHTML = '<article><h1>${title}</h1>' + paras +
    '<figure><img data-src="/img/photo.png" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" loading="lazy" alt="A photo of ${topic}" width="40" height="40"></figure>' +
    '<div id="aside"></div><p>The last words on ${topic} are these.</p></article>';
  root.querySelector('article').append(document.getElementById('more'));
  const img = root.querySelector('img');
  img.src = img.dataset.src; // what a lazy loader does once the image scrolls into view
  // A web component's open shadow root holds a paragraph too.
  root.querySelector('#aside').attachShadow({ mode: 'open' }).innerHTML = '<p>A note from the shadow about ${topic}, kept by Gloss.</p>';
</script></body></html>`;
}

export interface Site {
  url: string;
  /** User agents of requests refused for want of the cookie. */
  refused: string[];
  server: Server;
}

export async function startSite(): Promise<Site> {
  const refused: string[] = [];
  const signedIn = (req: IncomingMessage): boolean => /(?:^|;\s*)session=reader-1(?:;|$)/.test(req.headers.cookie ?? '');
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://site').pathname;
    if (path === '/login') {
      res.writeHead(302, { location: '/story/one', 'set-cookie': 'session=reader-1; Path=/; HttpOnly; SameSite=Lax' });
      return res.end();
    }
    if (!signedIn(req)) {
      refused.push(req.headers['user-agent'] ?? '');
      res.writeHead(403, { 'content-type': 'text/plain' });
      return res.end('Sign in first');
    }
    if (path === '/img/photo.png') {
      res.writeHead(200, { 'content-type': 'image/png' });
      return res.end(PNG);
    }
    const pages: Record<string, string> = {
      '/story/one': scriptedPage('Members only: the night garden', 'moths'),
      '/story/two': scriptedPage('Members only: winter seeds', 'seeds'),
    };
    const html = pages[path];
    res.writeHead(html ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html ?? 'Not found');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, refused, server };
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

export interface Gloss {
  child: ChildProcess;
  url: string;
}

/** `gloss serve` on the library, its connector on `connectorPort`; resolves once both listen. */
export function startGloss(libraryDir: string, connectorPort: number): Promise<Gloss> {
  const child = spawn(process.execPath, cliArgs('serve', '--library', libraryDir, '--port', '0'), {
    cwd: ROOT,
    env: cliEnv({ GLOSS_CONNECTOR_PORT: String(connectorPort) }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolvePromise, reject) => {
    let out = '';
    let err = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const url = /Gloss is serving at (\S+)/.exec(out)?.[1];
      if (url && out.includes(`connector: http://127.0.0.1:${connectorPort}`)) resolvePromise({ child, url });
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    child.once('exit', (code) => reject(new Error(`gloss serve exited with ${code}:\n${out}\n${err}`)));
  });
}

export function stopGloss(gloss: Gloss): Promise<void> {
  return new Promise((done) => {
    if (gloss.child.exitCode !== null) return done();
    gloss.child.once('exit', () => done());
    gloss.child.kill('SIGTERM');
  });
}
