/**
 * The paged-rows controller behind the library and the Highlights view,
 * driven by a page source whose answers the test releases one by one (the
 * order answers arrive in is what these rules are about).
 */
import { describe, expect, it, vi } from 'vitest';
import type { RowsPage } from '../../src/renderer/src/lib/paged-rows.svelte';

// The renderer's API client picks its transport when loaded: a stand-in bridge keeps it off the network.
vi.stubGlobal('window', { gloss: {} });
const { PAGE_SIZE, KEEP_PAGES } = await import('../../src/renderer/src/lib/paged-rows.svelte');
const { MAX_RANGE_ROWS, SelectableRows } = await import('../../src/renderer/src/lib/selectable-rows.svelte');
const { messages } = await import('../../src/renderer/src/lib/messages.svelte');

interface Row {
  id: string;
  n: number;
}

interface Call {
  offset: number;
  limit: number;
  /** Answers with the rows as the source holds them now. */
  answer(): void;
  fail(error: Error): void;
}

/** Rows 0..count-1 (ids r0, r1, …); each request waits until the test answers it (or at once, with `auto`). */
class Source {
  rows: Row[];
  calls: Call[] = [];
  auto = false;

  constructor(count: number) {
    this.rows = Array.from({ length: count }, (_, n) => ({ id: `r${n}`, n }));
  }

  fetch(offset: number, limit: number): Promise<RowsPage<Row>> {
    return new Promise((resolve, reject) => {
      const call: Call = {
        offset,
        limit,
        answer: () => resolve({ items: this.rows.slice(offset, offset + limit), total: this.rows.length, libraryTotal: this.rows.length + 5 }),
        fail: reject,
      };
      if (this.auto) call.answer();
      else this.calls.push(call);
    });
  }

  /** Answers every request waiting, oldest first. */
  answerAll(): void {
    for (const call of this.calls.splice(0)) call.answer();
  }

  pagesAsked(): number[] {
    return this.calls.map((c) => c.offset / PAGE_SIZE);
  }
}

/** Paged rows (with the selection both lists have) over a Source. */
class TestRows extends SelectableRows<Row> {
  constructor(readonly source: Source) {
    super('rows', '#/test');
  }

  protected fetchPage(offset: number, limit: number): Promise<RowsPage<Row>> {
    return this.source.fetch(offset, limit);
  }

  top(): void {
    this.reloadFromTop();
  }

  run(outcome: () => Promise<{ text: string; keepSelection?: boolean }>, quiet = false): Promise<string | null> {
    return this.bulk(outcome, quiet);
  }
}

/** Loads the first page of a source of `count` rows, answering at once from then on. */
async function loadedRows(count: number): Promise<TestRows> {
  const source = new Source(count);
  source.auto = true;
  const rows = new TestRows(source);
  await rows.reload();
  return rows;
}

const loadedPages = (rows: TestRows): number[] => Object.keys(rows.pages).map(Number);

/** Lets every answer already given run its course (answers nobody awaits). */
const settle = (): Promise<void> => new Promise((done) => setImmediate(done));

describe('paged rows', () => {
  it('loads the first page, then only the pages the view asks for, each once', async () => {
    const rows = await loadedRows(1_000);
    expect(rows.loaded).toBe(true);
    expect([rows.total, rows.libraryTotal, rows.version]).toEqual([1_000, 1_005, 1]);
    expect(rows.itemAt(99)?.id).toBe('r99');
    expect(rows.itemAt(100)).toBeUndefined();

    rows.source.auto = false;
    // Two scroll frames asking for the same rows share one request.
    const first = rows.ensure(250, 260);
    const second = rows.ensure(240, 255);
    expect(rows.source.pagesAsked()).toEqual([2]);
    rows.source.answerAll();
    await Promise.all([first, second]);
    expect(rows.itemAt(250)).toEqual({ id: 'r250', n: 250 });
    expect(rows.indexOf('r250')).toBe(250);
    expect(rows.indexOf('r150')).toBe(-1);

    // Rows past the end ask for nothing.
    const end = rows.ensure(990, 1_200);
    expect(rows.source.pagesAsked()).toEqual([9]);
    rows.source.answerAll();
    await end;
    expect(rows.itemAt(999)?.id).toBe('r999');
  });

  it('fetches afresh when the total changed between pages, so rows never repeat or go missing', async () => {
    const rows = await loadedRows(1_000);
    // An import elsewhere adds a row at the top: page 5 would now repeat row 499.
    rows.source.rows.unshift({ id: 'new', n: -1 });
    const before = rows.version;
    await rows.ensure(500, 520);
    await vi.waitFor(() => expect(rows.version).toBe(before + 1));
    expect(rows.total).toBe(1_001);
    // The reload fetched the rows the view shows, from the source as it now is.
    expect(loadedPages(rows)).toEqual([5]);
    expect(rows.itemAt(500)?.id).toBe('r499');
    expect(rows.itemAt(0)).toBeUndefined();
  });

  it('lets pages far from view go as the view scrolls, and keeps those near it', async () => {
    const rows = await loadedRows(50_000);
    expect(KEEP_PAGES).toBe(3);
    for (let page = 1; page <= 3; page++) await rows.ensure(page * PAGE_SIZE, page * PAGE_SIZE + 20);
    expect(loadedPages(rows)).toEqual([0, 1, 2, 3]);
    // Scrolling on: only the pages within KEEP_PAGES of what the view shows stay.
    await rows.ensure(4 * PAGE_SIZE, 4 * PAGE_SIZE + 20);
    expect(loadedPages(rows)).toEqual([1, 2, 3, 4]);
    await rows.ensure(20 * PAGE_SIZE, 20 * PAGE_SIZE + 20);
    expect(loadedPages(rows)).toEqual([20]);
    await rows.ensure(23 * PAGE_SIZE, 23 * PAGE_SIZE + 20);
    expect(loadedPages(rows)).toEqual([20, 23]);
    await rows.ensure(30 * PAGE_SIZE, 30 * PAGE_SIZE + 20);
    expect(loadedPages(rows)).toEqual([30]);
    // Far pages held no more than that, whatever the scroll (50,000 rows, a few hundred kept).
    for (let row = 0; row < 50_000; row += 3_700) await rows.ensure(row, row + 20);
    expect(loadedPages(rows).length).toBeLessThanOrEqual(2 * KEEP_PAGES + 1);
  });

  it('drops answers for an older query: a page asked before a reload, a reload overtaken by another', async () => {
    const rows = await loadedRows(1_000);
    rows.source.auto = false;
    const late = rows.ensure(300, 310);
    expect(rows.source.pagesAsked()).toEqual([3]);
    const [stalePage] = rows.source.calls.splice(0);

    // A new query starts from the top; its answer lands first.
    rows.source.rows = rows.source.rows.filter((r) => r.n % 2 === 0);
    rows.top();
    // While a reload is on its way, scrolling asks for nothing (the reload fetches what is wanted).
    await rows.ensure(300, 310);
    expect(rows.source.pagesAsked()).toEqual([0]);
    const slowReload = rows.source.calls.splice(0);
    rows.top();
    rows.source.answerAll();
    await vi.waitFor(() => expect(rows.total).toBe(500));
    const version = rows.version;

    // The old page and the overtaken reload answer last: neither is shown.
    stalePage!.answer();
    await late;
    rows.source.rows = [{ id: 'stale', n: 0 }];
    for (const call of slowReload) call.answer();
    await settle();
    expect(rows.total).toBe(500);
    expect(loadedPages(rows)).toEqual([0]);
    expect(rows.itemAt(1)?.id).toBe('r2');
    expect(rows.version).toBe(version);
  });

  it('says why a page could not load, and keeps the rows it has', async () => {
    const rows = await loadedRows(1_000);
    rows.source.auto = false;
    const request = rows.ensure(400, 410);
    rows.source.calls.splice(0)[0]!.fail(new Error('Gloss is not reachable.'));
    await request;
    expect(rows.loadError).toBe('Gloss is not reachable.');
    expect(rows.itemAt(0)?.id).toBe('r0');
    // Asked again, the page is fetched again (a failed request is not kept).
    const retry = rows.ensure(400, 410);
    expect(rows.source.pagesAsked()).toEqual([4]);
    rows.source.answerAll();
    await retry;
    expect(rows.itemAt(400)?.id).toBe('r400');
  });

  it('updates one loaded row in place', async () => {
    const rows = await loadedRows(300);
    const pages = rows.pages;
    rows.patch('r42', { n: 4242 });
    expect(rows.itemAt(42)).toEqual({ id: 'r42', n: 4242 });
    // A new object, so the view sees the change.
    expect(rows.pages).not.toBe(pages);
    rows.patch('unknown', { n: 0 });
    expect(rows.itemAt(42)?.n).toBe(4242);
  });
});

describe('selectable paged rows', () => {
  it('Shift+click selects a range across pages not loaded yet, and refuses one too long', async () => {
    const rows = await loadedRows(20_000);
    await rows.toggleSelected(5, true, false);
    // Row 250 is not loaded: nothing to click there, so load it as the view would.
    await rows.ensure(250, 260);
    await rows.toggleSelected(250, true, true);
    expect(rows.selected.size).toBe(246);
    expect(rows.selected.has('r5') && rows.selected.has('r150') && rows.selected.has('r250')).toBe(true);
    await rows.toggleSelected(250, false, true);
    expect(rows.selected.size).toBe(245);

    // A range longer than the most at once selects nothing (anchor and row both loaded).
    await rows.ensure(0, MAX_RANGE_ROWS + 100);
    await rows.toggleSelected(0, true, false);
    await rows.toggleSelected(MAX_RANGE_ROWS + 50, true, true);
    expect(messages.current?.text).toBe(`Shift+click selects at most ${MAX_RANGE_ROWS.toLocaleString()} rows at once.`);
    expect(rows.selected.size).toBe(246);
  });

  it('a bulk action clears the selection (unless it keeps it) and reloads; one at a time', async () => {
    const rows = await loadedRows(10);
    await rows.toggleSelected(1, true, false);
    let finish: () => void = () => undefined;
    const running = rows.run(() => new Promise((done) => (finish = () => done({ text: 'Kept.', keepSelection: true }))));
    expect(await rows.run(async () => ({ text: 'Second.' }))).toBe('Another change to the selection is under way.');
    finish();
    expect(await running).toBeNull();
    expect(messages.current?.text).toBe('Kept.');
    expect(rows.selected.size).toBe(1);

    const version = rows.version;
    expect(await rows.run(async () => ({ text: 'Done.' }))).toBeNull();
    expect(rows.selected.size).toBe(0);
    expect(rows.version).toBe(version + 1);
    expect(await rows.run(() => Promise.reject(new Error('No.')), true)).toBe('No.');
    expect(messages.current?.text).toBe('Done.');
  });
});
