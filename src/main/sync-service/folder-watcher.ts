/**
 * Watches a sync folder (DIR/Gloss) for what other devices' sync apps bring
 * in: the folder itself, devices/, blobs/ and each other device's folder,
 * one fs.watch per directory. Recursive fs.watch would do on macOS and
 * Windows but not on every Linux Node; one code path everywhere is the one
 * the tests run. This device's own folder is not watched (only we write
 * there). Sync apps' temporary files are ignored: their final rename is
 * the event that counts. refresh() adds folders that appeared since (a new
 * device); a watch that fails (its folder removed) is dropped and the
 * change reported, so the next round's refresh() tries again.
 */
import { existsSync, readdirSync, watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';

function isTemporary(name: string): boolean {
  return name.endsWith('.tmp') || name.startsWith('.syncthing.') || name.startsWith('~syncthing~');
}

export class FolderWatcher {
  readonly #watchers = new Map<string, FSWatcher>();

  constructor(
    private readonly root: string,
    private readonly ownDevice: string,
    private readonly onChange: () => void,
  ) {}

  /** Watches every folder that exists now; answers whether any is watched. */
  refresh(): boolean {
    const devices = join(this.root, 'devices');
    const dirs = [this.root, devices, join(this.root, 'blobs')];
    if (existsSync(devices)) {
      try {
        for (const d of readdirSync(devices, { withFileTypes: true })) {
          if (d.isDirectory() && d.name !== this.ownDevice) dirs.push(join(devices, d.name));
        }
      } catch {
        // gone meanwhile: the watch on the parent reports it
      }
    }
    for (const dir of dirs) if (!this.#watchers.has(dir)) this.#add(dir);
    return this.#watchers.size > 0;
  }

  get watching(): boolean {
    return this.#watchers.size > 0;
  }

  close(): void {
    for (const w of this.#watchers.values()) w.close();
    this.#watchers.clear();
  }

  #add(dir: string): void {
    let w: FSWatcher;
    try {
      // persistent: false: a watch never keeps the process alive.
      w = watch(dir, { persistent: false }, (_event, name) => {
        if (name !== null && isTemporary(String(name))) return;
        this.onChange();
      });
    } catch {
      return; // not there (yet): refresh() after the next round tries again
    }
    w.on('error', () => {
      w.close();
      this.#watchers.delete(dir);
      this.onChange();
    });
    this.#watchers.set(dir, w);
  }
}
