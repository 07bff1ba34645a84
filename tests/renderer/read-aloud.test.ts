/**
 * Read aloud: sentence splitting (Intl.Segmenter, CJK and RTL included) and
 * the controller's stepping against a scripted speaker (a stand-in only for
 * the platform voice, which cannot run here).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SentenceFinder, type Sentence } from '../../src/renderer/src/lib/sentences';
import { ReadAloudController, type ReadAloudState, type Speaker, type Utterance } from '../../src/renderer/src/lib/read-aloud';
import { pickVoice } from '../../src/renderer/src/lib/web-speaker';

function allSentences(text: string, lang?: string): string[] {
  const finder = new SentenceFinder(text, lang);
  const out: string[] = [];
  for (let s = finder.at(0); s; s = finder.after(s)) out.push(text.slice(s.start, s.end));
  return out;
}

describe('sentences', () => {
  it('splits paragraphs into trimmed sentences and goes on across blocks', () => {
    const text = 'First one. Second one? Third!\n\nA new paragraph here.\nA list item';
    expect(allSentences(text)).toEqual(['First one.', 'Second one?', 'Third!', 'A new paragraph here.', 'A list item']);
  });

  it('finds the sentence holding an offset, or the next one from white space', () => {
    const text = 'Alpha beta. Gamma delta.\n\nEpsilon.';
    const finder = new SentenceFinder(text);
    const at = (o: number): string | null => {
      const s = finder.at(o);
      return s ? text.slice(s.start, s.end) : null;
    };
    expect(at(0)).toBe('Alpha beta.');
    expect(at(text.indexOf('delta'))).toBe('Gamma delta.');
    expect(at(text.indexOf('\n'))).toBe('Epsilon.');
    expect(at(text.length)).toBeNull();
  });

  it('Chinese and Japanese sentences end at 。！？', () => {
    expect(allSentences('我们今天去公园。天气很好！你来吗？', 'zh')).toEqual(['我们今天去公园。', '天气很好！', '你来吗？']);
    expect(allSentences('今日は晴れです。散歩に行きましょう。', 'ja')).toEqual(['今日は晴れです。', '散歩に行きましょう。']);
  });

  it('Arabic and Hebrew sentences (right to left) end at their own marks', () => {
    expect(allSentences('مرحبا بكم. كيف حالك؟ أنا بخير.', 'ar')).toEqual(['مرحبا بكم.', 'كيف حالك؟', 'أنا بخير.']);
    expect(allSentences('שלום לכולם. מה שלומך?', 'he')).toEqual(['שלום לכולם.', 'מה שלומך?']);
  });

  it('a very long block is read in windows without losing or repeating a sentence', () => {
    const sentences = Array.from({ length: 600 }, (_, i) => `Sentence number ${i} is here.`);
    const text = sentences.join(' ');
    expect(text.length).toBeGreaterThan(10_000);
    expect(allSentences(text)).toEqual(sentences);
  });

  it('an invalid language tag falls back to the default rules', () => {
    expect(allSentences('One. Two.', 'not a tag!')).toEqual(['One.', 'Two.']);
  });
});

/** A voice that speaks when told to: each test decides when an utterance ends. */
class ScriptedSpeaker implements Speaker {
  spoken: Utterance[] = [];
  log: string[] = [];
  #end: (() => void) | null = null;
  #error: ((reason: string) => void) | null = null;
  speak(u: Utterance, onend: () => void, onerror: (reason: string) => void): void {
    this.spoken.push(u);
    this.log.push(`speak ${u.text}`);
    this.#end = onend;
    this.#error = onerror;
  }
  pause(): void {
    this.log.push('pause');
  }
  resume(): void {
    this.log.push('resume');
  }
  cancel(): void {
    this.log.push('cancel');
  }
  /** The current utterance ends (as the platform would report it). */
  finish(): void {
    this.#end?.();
  }
  fail(reason: string): void {
    this.#error?.(reason);
  }
  /** A late callback of an utterance that was cancelled. */
  stale(): { end: () => void } {
    const end = this.#end;
    return { end: () => end?.() };
  }
}

function setup(): {
  speaker: ScriptedSpeaker;
  controller: ReadAloudController;
  painted: Array<Sentence | null>;
  states: ReadAloudState[];
  finished: string[];
} {
  const speaker = new ScriptedSpeaker();
  const painted: Array<Sentence | null> = [];
  const states: ReadAloudState[] = [];
  const finished: string[] = [];
  const controller = new ReadAloudController(speaker, {
    onsentence: (s) => painted.push(s),
    onstate: (s) => states.push(s),
    onfinish: (reason, detail) => finished.push(detail ? `${reason}: ${detail}` : reason),
  });
  return { speaker, controller, painted, states, finished };
}

describe('read-aloud controller', () => {
  const text = 'Title here\n\nOne. Two.\n\nThree.';

  it('reads from the sentence at the reading position, across paragraphs, and stops at the end', () => {
    const { speaker, controller, painted, states, finished } = setup();
    controller.play(text, text.indexOf('Two'));
    expect(speaker.spoken.map((u) => u.text)).toEqual(['Two.']);
    expect(controller.state).toBe('playing');
    speaker.finish();
    expect(speaker.spoken.map((u) => u.text)).toEqual(['Two.', 'Three.']);
    expect(painted.map((s) => (s ? text.slice(s.start, s.end) : null))).toEqual(['Two.', 'Three.']);
    speaker.finish();
    expect(controller.state).toBe('stopped');
    expect(painted.at(-1)).toBeNull();
    expect(states).toEqual(['playing', 'stopped']);
    expect(finished).toEqual(['end']);
  });

  it('pause and resume go to the voice; stop cancels and clears the sentence', () => {
    const { speaker, controller, painted } = setup();
    controller.play(text, 0);
    controller.pause();
    expect(controller.state).toBe('paused');
    controller.pause(); // twice is once
    controller.resume();
    expect(controller.state).toBe('playing');
    controller.stop();
    expect(controller.state).toBe('stopped');
    expect(speaker.log).toEqual(['cancel', 'speak Title here', 'pause', 'resume', 'cancel']);
    expect(painted.at(-1)).toBeNull();
  });

  it('a late end from a cancelled utterance does not step on', () => {
    const { speaker, controller } = setup();
    controller.play(text, 0);
    const old = speaker.stale();
    controller.stop();
    old.end();
    expect(speaker.spoken).toHaveLength(1);
    expect(controller.state).toBe('stopped');
  });

  it('speed and voice apply at once: the sentence starts again, paused stays paused', () => {
    const { speaker, controller } = setup();
    controller.play(text, text.indexOf('One'), 'en');
    controller.setRate(1.5);
    expect(speaker.spoken.at(-1)).toEqual({ text: 'One.', rate: 1.5, voiceId: null, lang: 'en' });
    controller.pause();
    controller.setVoice('voice-b');
    expect(speaker.spoken.at(-1)).toMatchObject({ text: 'One.', voiceId: 'voice-b', rate: 1.5 });
    expect(speaker.log.at(-1)).toBe('pause');
    expect(controller.state).toBe('paused');
    // The restarted utterance goes on to the next sentence; the first one's late end is ignored.
    speaker.finish();
    expect(speaker.spoken.at(-1)?.text).toBe('Two.');
  });

  it('a voice error stops reading and says why', () => {
    const { speaker, controller, finished } = setup();
    controller.play(text, 0);
    speaker.fail('synthesis-failed');
    expect(controller.state).toBe('stopped');
    expect(finished).toEqual(['error: synthesis-failed']);
  });

  it('from past the last sentence: nothing to read', () => {
    const { speaker, controller, finished } = setup();
    controller.play(text, text.length);
    expect(speaker.spoken).toEqual([]);
    expect(controller.state).toBe('stopped');
    expect(finished).toEqual(['end']);
  });
});

describe('voice choice', () => {
  const voices = [
    { id: 'de', name: 'Anna', lang: 'de-DE', isDefault: true },
    { id: 'en', name: 'Sam', lang: 'en-US', isDefault: false },
    { id: 'fr', name: 'Amélie', lang: 'fr_FR', isDefault: false },
  ];
  it('the default voice unless another speaks the article’s language', () => {
    expect(pickVoice(voices, null)).toBe('de');
    expect(pickVoice(voices, 'en-GB')).toBe('en');
    expect(pickVoice(voices, 'fr')).toBe('fr');
    expect(pickVoice(voices, 'ja')).toBe('de');
    expect(pickVoice([], 'en')).toBeNull();
  });
});

describe('the sentence being read, painted in every theme', () => {
  const css = readFileSync(join(import.meta.dirname, '../../src/renderer/src/styles/global.css'), 'utf8');
  type Rgb = [number, number, number];
  const hex = (v: string): Rgb => {
    const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(v.trim());
    expect(m, v).not.toBeNull();
    return [parseInt(m![1]!, 16), parseInt(m![2]!, 16), parseInt(m![3]!, 16)];
  };
  const pair = (v: string): [string, string] => {
    const m = /^light-dark\((.+), (.+)\)$/.exec(v.trim());
    return m ? [m[1]!, m[2]!] : [v, v];
  };
  const luminance = (c: Rgb): number => {
    const [r, g, b] = c.map((x) => {
      const s = x / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    }) as Rgb;
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const contrast = (a: Rgb, b: Rgb): number => {
    const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p) as [number, number];
    return (x + 0.05) / (y + 0.05);
  };
  const prop = (block: string, name: string): string => {
    const m = new RegExp(`${name.replace(/[-]/g, '\\-')}: ([^;]+);`).exec(block);
    expect(m, name).not.toBeNull();
    return m![1]!;
  };
  const blockOf = (selector: string): string => {
    const start = css.indexOf(`${selector} {`);
    expect(start, selector).toBeGreaterThanOrEqual(0);
    return css.slice(start, css.indexOf('\n}', start));
  };
  const speech = blockOf('::highlight(gloss-speech)');
  const root = blockOf(':root');
  const themes = [
    ['light', 0, ''],
    ['dark', 1, ''],
    ['sepia', 0, blockOf(":root[data-theme='sepia']")],
    ['black', 1, blockOf(":root[data-theme='black']")],
  ] as const;

  for (const [name, scheme, own] of themes) {
    it(`${name}: text stays at 4.5:1 on the tint, the underline at 3:1 on the page`, () => {
      const value = (key: string): Rgb => hex(own.includes(`${key}:`) ? prop(own, key) : pair(prop(root, key))[scheme]);
      const bg = value('--bg');
      const tint = /rgb\((\d+) (\d+) (\d+) \/ ([\d.]+)\)/.exec(pair(prop(speech, 'background-color'))[scheme])!;
      const alpha = Number(tint[4]);
      const over = [1, 2, 3].map((i, k) => Math.round(Number(tint[i]) * alpha + bg[k]! * (1 - alpha))) as Rgb;
      expect(contrast(value('--text'), over)).toBeGreaterThanOrEqual(4.5);
      expect(contrast(hex(pair(prop(speech, 'text-decoration-color'))[scheme]), bg)).toBeGreaterThanOrEqual(3);
    });
  }
});
