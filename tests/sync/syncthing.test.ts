/**
 * Sync against a real engine: two Syncthing instances on 127.0.0.1 keep two
 * folders in step, and two libraries, each on its own folder, converge.
 * CI installs Debian's `syncthing`; elsewhere the test is skipped, saying why.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Library } from '../../src/main/library';
import { syncNow, syncStatus } from '../../src/main/sync/engine';
import { tempDir } from '../helpers/tmp';
import { canonicalDump, checksum, importText } from './helpers';
import { offLoopbackSockets, rest, sameTree, scan, startPair, stop, SYNCTHING, waitFor, type Instance } from './syncthing-harness';

const installed = existsSync(SYNCTHING);
if (!installed && process.env.CI) throw new Error(`${SYNCTHING} is missing: CI must install Debian's syncthing package.`);

/** A highlight's selectors over the article's canonical text. */
function selectorsOf(lib: Library, articleId: string, exact: string): { articleId: string; quote: { exact: string; prefix: string; suffix: string }; position: { start: number; end: number } } {
  const text = lib.getArticle(articleId).text;
  const start = text.indexOf(exact);
  const end = start + exact.length;
  return { articleId, quote: { exact, prefix: text.slice(Math.max(0, start - 32), start), suffix: text.slice(end, end + 32) }, position: { start, end } };
}

// Skipped only on a machine without Syncthing; on CI its absence fails the run (above), as .ci/run installs it.
describe.skipIf(!installed)(`sync through two real Syncthing instances (${SYNCTHING})`, () => {
  it('import, highlight, note, tag and delete on both sides: both libraries converge, and nothing leaves 127.0.0.1', { timeout: 60_000 }, async () => {
    const root = mkdtempSync(join(tmpdir(), 'gloss-syncthing-'));
    const pair: Instance[] = [];
    const a = Library.open(tempDir());
    const b = Library.open(tempDir());
    try {
      const [sa, sb] = await startPair(root, pair);
      const gloss = (i: Instance): string => join(i.folder, 'Gloss');
      /** Both folders hold the same files: Syncthing has carried everything each side wrote. */
      const carried = async (): Promise<void> => {
        await Promise.all([scan(sa), scan(sb)]);
        await waitFor('Syncthing to carry the logs', () => sameTree(gloss(sa), gloss(sb)), pair);
      };

      // Laptop: an article with a highlight, a note and a tag; it sets the folder up first.
      const gardens = importText(a, 'gardens.txt', 'Gardens\n\nGardens grow slowly. Patience is the gardener\u2019s first tool, and the second is a spade.');
      const h = a.createHighlight({ ...selectorsOf(a, gardens, 'Patience'), color: 'green', note: 'first tool' });
      a.setArticleNote(gardens, 'from the laptop');
      a.tagArticles([gardens], ['Garden']);
      syncNow(a.db, { folder: sa.folder, deviceName: 'laptop' });
      await carried();

      // Desktop joins (its folder now holds the laptop's library.json) with its own article.
      const rivers = importText(b, 'rivers.txt', 'Rivers\n\nRivers carry silt to the sea, slowly, and build deltas.');
      const hr = b.createHighlight({ ...selectorsOf(b, rivers, 'silt'), color: 'blue', note: 'deltas' });
      b.tagArticles([rivers], ['Water']);
      const stones = importText(b, 'stones.txt', 'Stones\n\nStones keep the heat of the day.');
      syncNow(b.db, { folder: sb.folder, deviceName: 'desktop' });
      await carried();
      syncNow(a.db);
      expect(a.listHighlights(rivers).map((x) => [x.id, x.note])).toEqual([[hr.id, 'deltas']]);
      expect(b.listHighlights(gardens).map((x) => [x.id, x.note, x.color])).toEqual([[h.id, 'first tool', 'green']]);

      // Both sides edit while apart: highlights, notes (the same note on both: both texts kept), tags, deletes.
      b.updateHighlight(h.id, { color: 'pink' });
      b.setArticleNote(gardens, 'from the desktop');
      b.deleteArticle(stones);
      b.tagArticles([gardens], ['Weekend']);
      a.setArticleNote(gardens, 'edited on the laptop');
      a.createHighlight({ ...selectorsOf(a, rivers, 'deltas'), color: 'yellow', note: 'laptop on rivers' });
      a.untagArticles([rivers], ['Water']);
      a.deleteHighlight(h.id);
      syncNow(a.db);
      syncNow(b.db);
      await carried();
      syncNow(a.db);
      syncNow(b.db);

      expect(canonicalDump(b.db)).toEqual(canonicalDump(a.db));
      expect(checksum(b.db)).toBe(checksum(a.db));
      for (const lib of [a, b]) {
        expect(() => lib.getArticle(stones)).toThrow();
        expect(lib.listHighlights(gardens)).toEqual([]);
        expect(lib.listHighlights(rivers).map((x) => x.note).sort()).toEqual(['deltas', 'laptop on rivers']);
        const note = lib.getArticleNote(gardens).note;
        expect(note).toContain('edited on the laptop');
        expect(note).toContain('from the desktop');
        expect(lib.getArticle(gardens).tags).toEqual(['Garden', 'Weekend']);
        expect(lib.getArticle(rivers).tags).toEqual([]);
        expect(syncStatus(lib.db)).toMatchObject({ unpublished: 0, waiting: 0 });
      }
      expect(syncStatus(a.db, { devices: true }).devices?.map((d) => d.name).sort()).toEqual(['desktop', 'laptop']);

      // What carried it: one connection between the two, over loopback, and no socket anywhere else.
      const connections = await rest<{ connections: Record<string, { connected: boolean; address: string }> }>(sa, '/rest/system/connections');
      expect(connections.connections[sb.id]).toMatchObject({ connected: true, address: expect.stringMatching(/^127\.0\.0\.1:\d+$/) as unknown });
      const options = await rest<Record<string, unknown>>(sa, '/rest/config/options');
      expect(options).toMatchObject({ globalAnnounceEnabled: false, localAnnounceEnabled: false, relaysEnabled: false, natEnabled: false, urAccepted: -1, crashReportingEnabled: false, autoUpgradeIntervalH: 0 });
      for (const i of pair) {
        const sockets = offLoopbackSockets(i.process!.pid!);
        expect(sockets.inet).toBeGreaterThanOrEqual(3); // the REST listener, the sync listener, the connection
        expect(sockets.leaks).toEqual([]);
      }
    } finally {
      a.close();
      b.close();
      await stop(pair);
      rmSync(root, { recursive: true, force: true });
    }
  });
});
