/**
 * The reader's reading position: the stored JSON (and that anything else
 * stored there is ignored), progress, and the throttled saver.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import {
  decodePosition,
  encodePosition,
  bodyProgress,
  ThrottledSaver,
  validProgress,
} from '../../src/renderer/src/lib/reading-position';

describe('position JSON', () => {
  it('round-trips an offset and a fraction', () => {
    const raw = encodePosition({ o: 1234, f: 0.25 });
    expect(JSON.parse(raw)).toEqual({ v: 1, o: 1234, f: 0.25 });
    expect(decodePosition(raw)).toEqual({ o: 1234, f: 0.25 });
  });

  it('keeps the fraction within 0..1 and the offset a whole number', () => {
    expect(JSON.parse(encodePosition({ o: 12.7, f: 1.5 }))).toEqual({ v: 1, o: 12, f: 1 });
    expect(JSON.parse(encodePosition({ o: -3, f: -0.2 }))).toEqual({ v: 1, o: 0, f: 0 });
    expect(JSON.parse(encodePosition({ o: 5, f: 0.123456789 }))).toEqual({ v: 1, o: 5, f: 0.1235 });
    expect(decodePosition('{"v":1,"o":7,"f":3}')).toEqual({ o: 7, f: 1 });
  });

  it('ignores whatever else is stored there', () => {
    const foreign = [
      null,
      undefined,
      '',
      'o:120',
      '42',
      'null',
      '[1,2]',
      '"text"',
      '{',
      '{"o":10,"f":0.5}',
      '{"v":2,"o":10,"f":0.5}',
      '{"v":"1","o":10,"f":0.5}',
      '{"v":1,"o":-1,"f":0.5}',
      '{"v":1,"o":1.5,"f":0.5}',
      '{"v":1,"o":"10","f":0.5}',
      '{"v":1,"o":10}',
      '{"v":1,"o":10,"f":null}',
      '{"v":1,"o":1e300,"f":0.5}',
      `{"v":1,"o":1,"f":0.5,"pad":"${'x'.repeat(1000)}"}`,
    ];
    for (const raw of foreign) expect(decodePosition(raw), String(raw)).toBeNull();
  });
});

describe('progress', () => {
  it('is how much of the article body has been above the bottom of the window', () => {
    // Body 300 px below the top of a 1,000 px window, 10,000 px tall.
    expect(bodyProgress(300, 10_000, 1000)).toBe(0.07);
    // Scrolled so the body's middle is at the bottom of the window.
    expect(bodyProgress(-4000, 10_000, 1000)).toBe(0.5);
    // The end of the body is on screen: read to the end.
    expect(bodyProgress(-9000, 10_000, 1000)).toBe(1);
    // Whatever comes after the body (more page) does not matter.
    expect(bodyProgress(-12_000, 10_000, 1000)).toBe(1);
  });

  it('stays within 0..1 and is 0 for nonsense', () => {
    expect(bodyProgress(2000, 10_000, 1000)).toBe(0);
    expect(bodyProgress(0, 0, 1000)).toBe(0);
    expect(bodyProgress(Number.NaN, 2000, 1000)).toBe(0);
    expect(bodyProgress(0, 2000, Number.POSITIVE_INFINITY)).toBe(0);
  });

  it('reads a stored progress defensively', () => {
    expect(validProgress(0.4)).toBe(0.4);
    expect(validProgress(2)).toBe(1);
    expect(validProgress(-1)).toBe(0);
    expect(validProgress(undefined)).toBe(0);
    expect(validProgress(Number.NaN)).toBe(0);
    expect(validProgress('0.5')).toBe(0);
  });
});

describe('ThrottledSaver', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sends the newest value at most once per interval while values keep coming', async () => {
    const sent: number[] = [];
    const saver = new ThrottledSaver<number>(async (v) => void sent.push(v), { delay: 500 });
    for (let i = 1; i <= 12; i++) {
      saver.update(i);
      await vi.advanceTimersByTimeAsync(100);
    }
    // 1.2 s of updates: sent at 500 ms and 1000 ms; the rest is pending.
    expect(sent).toEqual([5, 10]);
    expect(saver.pending).toBe(true);
    await vi.advanceTimersByTimeAsync(500);
    expect(sent).toEqual([5, 10, 12]);
    expect(saver.pending).toBe(false);
  });

  it('flushes at once, does not send the same value twice, and sends one at a time', async () => {
    let inFlight = 0;
    let most = 0;
    const sent: string[] = [];
    const saver = new ThrottledSaver<{ p: number }>(
      async (v) => {
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 50));
        sent.push(JSON.stringify(v));
        inFlight--;
      },
      { delay: 500 },
    );
    saver.update({ p: 1 });
    const first = saver.flush();
    await vi.advanceTimersByTimeAsync(10); // {p: 1} is on its way
    saver.update({ p: 2 });
    const second = saver.flush();
    saver.update({ p: 3 }); // replaces {p: 2} before its turn: only the newest goes
    const third = saver.flush();
    await vi.advanceTimersByTimeAsync(200);
    await Promise.all([first, second, third]);
    saver.update({ p: 3 });
    await saver.flush();
    expect(sent).toEqual(['{"p":1}', '{"p":3}']);
    expect(most).toBe(1);
    // Nothing pending: a flush sends nothing.
    await saver.flush();
    expect(sent).toHaveLength(2);
  });

  it('survives a failed send and sends the value again later', async () => {
    let fail = true;
    const sent: number[] = [];
    const saver = new ThrottledSaver<number>(async (v) => {
      if (fail) throw new Error('offline');
      sent.push(v);
    });
    saver.update(1);
    await expect(saver.flush()).resolves.toBeUndefined();
    fail = false;
    saver.update(1);
    await saver.flush();
    expect(sent).toEqual([1]);
  });

  it('drops a pending value on cancel', async () => {
    const sent: number[] = [];
    const saver = new ThrottledSaver<number>(async (v) => void sent.push(v));
    saver.update(1);
    saver.cancel();
    await vi.advanceTimersByTimeAsync(1000);
    await saver.flush();
    expect(sent).toEqual([]);
  });
});
