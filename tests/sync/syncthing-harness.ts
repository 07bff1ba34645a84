/**
 * Two real Syncthing instances (Debian's `syncthing`) that keep two folders
 * in step over 127.0.0.1 only, driven through their REST API.
 *
 * Nothing may leave 127.0.0.1, so each config turns off, by name:
 *   listenAddress tcp://127.0.0.1:PORT   (not "default": that adds QUIC on every interface and relays)
 *   device <address> tcp://127.0.0.1:PORT (not "dynamic": that asks discovery)
 *   globalAnnounceEnabled false           (global discovery servers)
 *   localAnnounceEnabled false            (LAN broadcast/multicast discovery on :21027)
 *   announceLANAddresses false
 *   relaysEnabled false                   (relay pool and relays)
 *   natEnabled false                      (UPnP / NAT-PMP, and with it STUN)
 *   urAccepted -1                         (usage reporting declined)
 *   crashReportingEnabled false
 *   autoUpgradeIntervalH 0, --no-upgrade, STNOUPGRADE=1 (release checks)
 *   startBrowser false, --no-browser
 *   gui address 127.0.0.1:PORT with an API key
 * `noLeaks` checks it from the kernel's side: every socket the processes hold
 * is on a loopback address.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, relative } from 'node:path';

export const SYNCTHING = process.env.SYNCTHING_PATH ?? '/usr/bin/syncthing';
export const FOLDER_ID = 'gloss-test';

export interface Instance {
  name: string;
  home: string;
  /** The folder Syncthing keeps in step (and Gloss syncs through). */
  folder: string;
  id: string;
  guiPort: number;
  listenPort: number;
  apiKey: string;
  process?: ChildProcess;
  log: string[];
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Keys and a device id for one instance (`syncthing generate` makes no connection). */
async function prepare(root: string, name: string): Promise<Instance> {
  const home = join(root, `${name}-home`);
  const folder = join(root, `${name}-folder`);
  mkdirSync(join(folder, '.stfolder'), { recursive: true });
  const generated = spawnSync(SYNCTHING, ['generate', '--home', home, '--no-default-folder', '--skip-port-probing'], { encoding: 'utf8', env: envFor(root) });
  const id = /Device ID:\s*([A-Z0-9-]{63})/.exec(`${generated.stdout}${generated.stderr}`)?.[1];
  if (generated.status !== 0 || !id) throw new Error(`syncthing generate failed: ${generated.stderr}${generated.stdout}`);
  return { name, home, folder, id, guiPort: await freePort(), listenPort: await freePort(), apiKey: randomBytes(16).toString('hex'), log: [] };
}

function envFor(root: string): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: root, STNOUPGRADE: '1', STNORESTART: '1', STNODEFAULTFOLDER: '1' };
}

function xml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function configOf(self: Instance, peer: Instance, version: string): string {
  const device = (d: Instance): string =>
    `  <device id="${d.id}" name="${d.name}" compression="metadata" introducer="false">\n    <address>tcp://127.0.0.1:${d.listenPort}</address>\n    <autoAcceptFolders>false</autoAcceptFolders>\n  </device>\n`;
  return `<configuration version="${version}">
  <folder id="${FOLDER_ID}" label="Gloss test" path="${xml(self.folder)}" type="sendreceive" rescanIntervalS="10" fsWatcherEnabled="true" fsWatcherDelayS="1">
    <device id="${self.id}"></device>
    <device id="${peer.id}"></device>
    <minDiskFree unit="%">0</minDiskFree>
  </folder>
${device(self)}${device(peer)}  <gui enabled="true" tls="false">
    <address>127.0.0.1:${self.guiPort}</address>
    <apikey>${self.apiKey}</apikey>
  </gui>
  <options>
    <listenAddress>tcp://127.0.0.1:${self.listenPort}</listenAddress>
    <globalAnnounceEnabled>false</globalAnnounceEnabled>
    <localAnnounceEnabled>false</localAnnounceEnabled>
    <announceLANAddresses>false</announceLANAddresses>
    <relaysEnabled>false</relaysEnabled>
    <natEnabled>false</natEnabled>
    <urAccepted>-1</urAccepted>
    <crashReportingEnabled>false</crashReportingEnabled>
    <autoUpgradeIntervalH>0</autoUpgradeIntervalH>
    <startBrowser>false</startBrowser>
    <reconnectionIntervalS>1</reconnectionIntervalS>
    <minHomeDiskFree unit="%">0</minHomeDiskFree>
    <setLowPriority>false</setLowPriority>
  </options>
</configuration>
`;
}

/** Two instances, each sharing its folder with the other, started (each added to `started` at once, for stopping) and connected. */
export async function startPair(root: string, started: Instance[]): Promise<[Instance, Instance]> {
  const a = await prepare(root, 'a');
  const b = await prepare(root, 'b');
  started.push(a, b);
  for (const [self, peer] of [
    [a, b],
    [b, a],
  ] as const) {
    const file = join(self.home, 'config.xml');
    const version = /<configuration version="(\d+)"/.exec(readFileSync(file, 'utf8'))?.[1] ?? '36';
    writeFileSync(file, configOf(self, peer, version));
    const child = spawn(SYNCTHING, ['serve', '--home', self.home, '--no-browser', '--no-restart', '--no-upgrade', '--no-default-folder', '--logflags=0'], {
      env: envFor(root),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer): void => {
      self.log.push(chunk.toString('utf8'));
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    self.process = child;
  }
  await waitFor('both instances connected', async () => (await connected(a, b)) && (await connected(b, a)), [a, b]);
  return [a, b];
}

/** A process and its descendants (Syncthing runs as a monitor process and the worker it starts). */
export function processTree(pid: number): number[] {
  const parents = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The parent is the 4th field, after the command name in parentheses (which may hold spaces).
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(ppid, [...(parents.get(ppid) ?? []), Number(entry)]);
    } catch {
      // ended meanwhile
    }
  }
  const out = [pid];
  for (let i = 0; i < out.length; i++) out.push(...(parents.get(out[i]!) ?? []));
  return out;
}

/** Stops the instances: the monitor ends its worker; any worker left is ended by its id. */
export async function stop(instances: readonly Instance[]): Promise<void> {
  await Promise.all(
    instances.map(async (i) => {
      const child = i.process;
      if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
      const tree = processTree(child.pid);
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
      for (const pid of tree.slice(1)) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }),
  );
}

export async function rest<T>(i: Instance, path: string, method: 'GET' | 'POST' = 'GET'): Promise<T> {
  const response = await fetch(`http://127.0.0.1:${i.guiPort}${path}`, { method, headers: { 'X-API-Key': i.apiKey } });
  if (!response.ok) throw new Error(`${i.name} ${method} ${path}: HTTP ${response.status} ${await response.text()}`);
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

async function connected(self: Instance, peer: Instance): Promise<boolean> {
  try {
    const c = await rest<{ connections: Record<string, { connected: boolean }> }>(self, '/rest/system/connections');
    return c.connections[peer.id]?.connected === true;
  } catch {
    return false; // not listening yet
  }
}

/** Asks for a scan now, rather than waiting for the watcher's delay. */
export async function scan(i: Instance): Promise<void> {
  await rest(i, `/rest/db/scan?folder=${FOLDER_ID}`, 'POST');
}

/**
 * Polls `check` until it holds (every 100 ms, up to `ms`); on timeout
 * throws with the instances' last log lines.
 */
export async function waitFor(what: string, check: () => boolean | Promise<boolean>, instances: readonly Instance[], ms = 20_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    for (const i of instances) {
      if (i.process && i.process.exitCode !== null) throw new Error(`syncthing ${i.name} exited (${i.process.exitCode}):\n${i.log.join('').slice(-3000)}`);
    }
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}:\n${instances.map((i) => `--- ${i.name}\n${i.log.join('').slice(-2000)}`).join('\n')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A folder's files under `sub` (relative path → SHA-256), leaving out Syncthing's own temporary files. */
export function treeOf(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    if (!existsSync(d)) return;
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (!entry.name.startsWith('.syncthing.') && !entry.name.startsWith('~syncthing~')) out.set(relative(dir, path), createHash('sha256').update(readFileSync(path)).digest('hex'));
    }
  };
  walk(dir);
  return out;
}

export function sameTree(a: string, b: string): boolean {
  const ta = treeOf(a);
  const tb = treeOf(b);
  return ta.size === tb.size && [...ta].every(([path, hash]) => tb.get(path) === hash);
}

/** Whether an address from /proc/net/{tcp,udp}{,6} (hex, kernel byte order) is a loopback or unbound one. */
function isLoopbackOrAny(hex: string): boolean {
  const address = hex.split(':')[0]!;
  if (address.length === 8) {
    return address === '00000000' || address.endsWith('7F'); // 127.x.y.z, little-endian
  }
  const v4mapped = /^0000000000000000FFFF0000([0-9A-F]{8})$/.exec(address);
  if (v4mapped) return v4mapped[1]!.endsWith('7F');
  return address === '00000000000000000000000001000000' || address === '00000000000000000000000000000000';
}

/**
 * The internet sockets held by `pid` and its descendants that are bound or
 * connected off loopback (Linux's /proc), and how many sockets they hold in
 * all. An unbound local address (0.0.0.0) counts as off loopback: a listener
 * on every interface.
 */
export function offLoopbackSockets(pid: number): { leaks: string[]; inet: number } {
  const inodes = new Set<string>();
  for (const p of processTree(pid)) {
    let fds: string[] = [];
    try {
      fds = readdirSync(`/proc/${p}/fd`);
    } catch {
      continue; // ended meanwhile
    }
    for (const fd of fds) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${p}/fd/${fd}`));
        if (m) inodes.add(m[1]!);
      } catch {
        // closed meanwhile
      }
    }
  }
  let inet = 0;
  const leaks: string[] = [];
  for (const table of ['tcp', 'tcp6', 'udp', 'udp6']) {
    const file = `/proc/${pid}/net/${table}`;
    if (!existsSync(file) || !statSync(file).isFile()) continue;
    for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 10 || !inodes.has(cols[9]!)) continue;
      inet++;
      const [local, remote] = [cols[1]!, cols[2]!];
      const localOk = isLoopbackOrAny(local) && !/^0+:/.test(local);
      if (!localOk || !isLoopbackOrAny(remote)) leaks.push(`${table} ${local} -> ${remote}`);
    }
  }
  return { leaks, inet };
}
