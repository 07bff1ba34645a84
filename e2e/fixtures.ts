/**
 * Every test gets its own library folder and its own `gloss serve` (the real
 * CLI, bundled once per run by global-setup.ts, as a child process on
 * 127.0.0.1 with a random token), and a page that has opened it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { cliArgs, cliEnv } from './cli-bundle';

export const ROOT = resolve(import.meta.dirname, '..');
export { CORPUS_DIR, SEED_FILE as SEED, WEB_CORPUS_DIR as WEB_CORPUS } from '../tests/helpers/corpus';

export interface GlossApp {
  /** The app URL, with its ?token=. */
  url: string;
  /** Origin + token, for direct API calls. */
  origin: string;
  token: string;
  libraryDir: string;
  /** Stops the server and starts a new one on the same library (a restart). */
  restart: () => Promise<void>;
}

export interface Server {
  child: ChildProcess;
  url: string;
}

/**
 * Waits until the app answers the user: its key handlers are in place and
 * the library's first page is in (the app clears aria-busy on its main
 * region then). A key pressed earlier could reach a page that does not
 * listen yet, on a loaded machine.
 */
export async function whenReady(page: Page): Promise<void> {
  // The app's own <main> (an article may hold another role="main").
  await expect(page.locator('#app > main')).toHaveAttribute('aria-busy', 'false');
}

/** `gloss serve` on a library (a spec that needs a second one: sync). */
export function startServer(libraryDir: string): Promise<Server> {
  const child = spawn(process.execPath, cliArgs('serve', '--library', libraryDir, '--port', '0'), {
    cwd: ROOT,
    env: cliEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolvePromise, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`gloss serve did not start:\n${out}\n${err}`)), 30_000);
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const match = /Gloss is serving at (\S+)/.exec(out);
      if (match?.[1]) {
        clearTimeout(timer);
        resolvePromise({ child, url: match[1] });
      }
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      err += chunk;
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`gloss serve exited with ${code}:\n${out}\n${err}`));
    });
  });
}

export function stopServer(server: Server): Promise<void> {
  return new Promise((done) => {
    if (server.child.exitCode !== null) return done();
    server.child.once('exit', () => done());
    server.child.kill('SIGTERM');
  });
}

async function appFixture({ page }: { page: Page }, use: (app: GlossApp) => Promise<void>): Promise<void> {
  const libraryDir = mkdtempSync(join(tmpdir(), 'gloss-e2e-'));
  let server = await startServer(libraryDir);
  const app: GlossApp = {
    libraryDir,
    get url() {
      return server.url;
    },
    get origin() {
      return new URL(server.url).origin;
    },
    get token() {
      return new URL(server.url).searchParams.get('token') ?? '';
    },
    restart: async () => {
      await stopServer(server);
      server = await startServer(libraryDir);
    },
  };
  await page.goto(app.url);
  await whenReady(page);
  await use(app);
  await stopServer(server);
  rmSync(libraryDir, { recursive: true, force: true });
}

// auto: every test gets its own server and an opened page, asked for or not.
export const test = base.extend<{ app: GlossApp }>({
  app: [appFixture, { auto: true }],
});

export { expect };
