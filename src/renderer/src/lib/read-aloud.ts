/**
 * Reading aloud, sentence by sentence: the controller knows the text and
 * where it is; the platform's voice is behind the small Speaker interface
 * (web-speaker.ts wraps speechSynthesis; tests script one). Each sentence is
 * one utterance, so the sentence being read is known exactly (no reliance
 * on boundary events, which many voices never send), pausing and changing
 * speed or voice take effect at once, and reading stops at the end.
 */
import { SentenceFinder, type Sentence } from './sentences';

export interface SpeakerVoice {
  /** Stable across calls (the voice URI). */
  id: string;
  name: string;
  lang: string;
  isDefault: boolean;
}

export interface Utterance {
  text: string;
  /** 0.5..2, 1 is the voice's normal speed. */
  rate: number;
  voiceId: string | null;
  lang: string | null;
}

/** The platform voice: one utterance at a time. */
export interface Speaker {
  /** Speaks `utterance`; exactly one of `onend`/`onerror` follows, unless cancel() came first. */
  speak(utterance: Utterance, onend: () => void, onerror: (reason: string) => void): void;
  pause(): void;
  resume(): void;
  /** Stops now; the utterance cut off reports nothing more. */
  cancel(): void;
}

export type ReadAloudState = 'stopped' | 'playing' | 'paused';

export interface ReadAloudEvents {
  /** The sentence being read (null: none, reading stopped). */
  onsentence: (sentence: Sentence | null) => void;
  onstate: (state: ReadAloudState) => void;
  /** Reading stopped on its own: the end of the text, or the voice failed. */
  onfinish?: (reason: 'end' | 'error', detail?: string) => void;
}

export const RATES = [0.75, 1, 1.25, 1.5, 1.75, 2] as const;

export class ReadAloudController {
  readonly #speaker: Speaker;
  readonly #events: ReadAloudEvents;
  #finder: SentenceFinder | null = null;
  #lang: string | null = null;
  #sentence: Sentence | null = null;
  #state: ReadAloudState = 'stopped';
  /** Bumped for every utterance: callbacks of a cancelled one are ignored. */
  #turn = 0;
  rate = 1;
  voiceId: string | null = null;

  constructor(speaker: Speaker, events: ReadAloudEvents) {
    this.#speaker = speaker;
    this.#events = events;
  }

  get state(): ReadAloudState {
    return this.#state;
  }

  get sentence(): Sentence | null {
    return this.#sentence;
  }

  /** Starts reading `text` at the sentence holding `offset` (or the next one). */
  play(text: string, offset: number, lang: string | null = null): void {
    this.#cancel();
    if (!this.#finder || this.#finder.text !== text || this.#lang !== lang) this.#finder = new SentenceFinder(text, lang);
    this.#lang = lang;
    const first = this.#finder.at(offset);
    if (!first) {
      this.#finish('end');
      return;
    }
    this.#setState('playing');
    this.#speak(first);
  }

  pause(): void {
    if (this.#state !== 'playing') return;
    this.#speaker.pause();
    this.#setState('paused');
  }

  resume(): void {
    if (this.#state !== 'paused') return;
    this.#speaker.resume();
    this.#setState('playing');
  }

  stop(): void {
    if (this.#state === 'stopped') return;
    this.#cancel();
    this.#sentence = null;
    this.#events.onsentence(null);
    this.#setState('stopped');
  }

  /** Another speed: the sentence being read starts again at it (paused stays paused, at the new speed). */
  setRate(rate: number): void {
    this.rate = rate;
    this.#restartSentence();
  }

  setVoice(voiceId: string | null): void {
    this.voiceId = voiceId;
    this.#restartSentence();
  }

  #restartSentence(): void {
    const sentence = this.#sentence;
    if (!sentence || this.#state === 'stopped') return;
    const paused = this.#state === 'paused';
    this.#cancel();
    this.#speak(sentence);
    if (paused) this.#speaker.pause();
  }

  #speak(sentence: Sentence): void {
    const finder = this.#finder!;
    const turn = ++this.#turn;
    this.#sentence = sentence;
    this.#events.onsentence(sentence);
    this.#speaker.speak(
      { text: finder.text.slice(sentence.start, sentence.end), rate: this.rate, voiceId: this.voiceId, lang: this.#lang },
      () => {
        if (turn !== this.#turn) return;
        const next = finder.after(sentence);
        if (next) this.#speak(next);
        else this.#finish('end');
      },
      (reason) => {
        if (turn !== this.#turn) return;
        this.#finish('error', reason);
      },
    );
  }

  #cancel(): void {
    this.#turn++;
    this.#speaker.cancel();
  }

  #finish(reason: 'end' | 'error', detail?: string): void {
    this.#turn++;
    this.#sentence = null;
    this.#events.onsentence(null);
    this.#setState('stopped');
    this.#events.onfinish?.(reason, detail);
  }

  #setState(state: ReadAloudState): void {
    if (this.#state === state) return;
    this.#state = state;
    this.#events.onstate(state);
  }
}
