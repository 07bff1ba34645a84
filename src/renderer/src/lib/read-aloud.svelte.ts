/**
 * The reader's Listen state: whether the platform has voices, the player
 * (play/pause, speed, voice) and the surface the sentence is painted on.
 * The stepping lives in read-aloud.ts (unit-tested); this only wires it to
 * speechSynthesis, the view and Svelte.
 */
import { ReadAloudController, type ReadAloudState, type SpeakerVoice } from './read-aloud';
import type { Sentence } from './sentences';
import { checkVoices, pickVoice, WebSpeaker } from './web-speaker';

/** What the shown text offers to reading aloud (the article view's body). */
export interface SpeechSurface {
  text: string;
  /** Paints the sentence being read (null: none) and keeps it in view. */
  show(sentence: Sentence | null): void;
}

export type Availability = { kind: 'checking' } | { kind: 'ready' } | { kind: 'none'; message: string };

export class ReadAloud {
  availability = $state.raw<Availability>({ kind: 'checking' });
  voices = $state.raw<SpeakerVoice[]>([]);
  state = $state<ReadAloudState>('stopped');
  rate = $state(1);
  voiceId = $state<string | null>(null);
  /** The player (or the no-voices note) is shown. */
  open = $state(false);
  /** Why reading stopped, when it was not the reader (shown in the player). */
  note = $state('');
  /** Whether the view shown can be read aloud (an article body; not a PDF's pages). */
  hasSurface = $state(false);

  readonly #from: () => number;
  readonly #lang: () => string | null;
  #surface: SpeechSurface | null = null;
  #controller: ReadAloudController | null = null;
  #checked: Promise<void> | null = null;

  /** `from`: the text offset at the reading line; `lang`: the article's language. */
  constructor(from: () => number, lang: () => string | null) {
    this.#from = from;
    this.#lang = lang;
  }

  /** Asks the platform for its voices (once). */
  check(): Promise<void> {
    this.#checked ??= checkVoices().then((result) => {
      if (result.kind === 'none') {
        this.availability = { kind: 'none', message: result.message };
        return;
      }
      this.voices = result.voices;
      this.voiceId = pickVoice(result.voices, this.#lang());
      this.availability = { kind: 'ready' };
    });
    return this.#checked;
  }

  setSurface(surface: SpeechSurface | null): void {
    if (this.#surface && surface !== this.#surface) {
      this.#controller?.stop();
      this.#surface.show(null);
    }
    this.#surface = surface;
    this.hasSurface = !!surface;
  }

  #ensureController(): ReadAloudController {
    this.#controller ??= new ReadAloudController(new WebSpeaker(), {
      onsentence: (sentence) => this.#surface?.show(sentence),
      onstate: (state) => (this.state = state),
      onfinish: (reason, detail) => {
        this.note = reason === 'end' ? 'Finished reading.' : `The voice stopped (${detail ?? 'error'}).`;
      },
    });
    this.#controller.rate = this.rate;
    this.#controller.voiceId = this.voiceId;
    return this.#controller;
  }

  /** The Listen button and key: opens the player and reads, or pauses / resumes. */
  toggle(): void {
    this.open = true;
    if (this.availability.kind !== 'ready' || !this.#surface) return;
    const controller = this.#ensureController();
    if (controller.state === 'playing') controller.pause();
    else if (controller.state === 'paused') controller.resume();
    else this.play();
  }

  /** Reads from the reading line. */
  play(): void {
    const surface = this.#surface;
    if (this.availability.kind !== 'ready' || !surface) return;
    this.note = '';
    this.#ensureController().play(surface.text, this.#from(), this.#lang());
  }

  setRate(rate: number): void {
    this.rate = rate;
    this.#controller?.setRate(rate);
  }

  setVoice(voiceId: string | null): void {
    this.voiceId = voiceId;
    this.#controller?.setVoice(voiceId);
  }

  stop(): void {
    this.#controller?.stop();
  }

  /** The player closes: reading stops. */
  close(): void {
    this.stop();
    this.open = false;
    this.note = '';
  }

  destroy(): void {
    this.#controller?.stop();
    this.#surface?.show(null);
    this.#surface = null;
  }
}
