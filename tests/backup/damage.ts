/**
 * Damaged library files for the tests, made the way a disk or a bad copy
 * damages them: pages of a real library file overwritten with junk.
 */
import { closeSync, openSync, statSync, writeSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';

const PAGE = 4096;

/** Overwrites pages [from, to) (0-based; page 0 holds the header and the schema root). */
export function overwritePages(file: string, from: number, to = Math.ceil(statSync(file).size / PAGE)): void {
  const junk = Buffer.alloc(PAGE, 0xa5);
  const fd = openSync(file, 'r+');
  try {
    for (let page = from; page < to; page++) writeSync(fd, junk, 0, PAGE, page * PAGE);
  } finally {
    closeSync(fd);
  }
}

/** Damages the data pages of a (closed) library: it still opens, but integrity_check fails and reads fail. */
export function damageData(file: string): void {
  overwritePages(file, 1);
}

/** Damages the schema on page 1 after the header: the file no longer opens. */
export function damageSchema(file: string): void {
  const fd = openSync(file, 'r+');
  try {
    writeSync(fd, Buffer.alloc(PAGE - 100, 0x5a), 0, PAGE - 100, 100);
  } finally {
    closeSync(fd);
  }
}

export function integrityOf(file: string): string {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    return String(db.pragma('integrity_check', { simple: true }));
  } catch (err) {
    return (err as Error).message;
  } finally {
    db.close();
  }
}
