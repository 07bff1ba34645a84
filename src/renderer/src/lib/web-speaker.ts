/**
 * The platform's voice for reading aloud: speechSynthesis behind the
 * Speaker interface, and whether there is any voice at all. Chromium fills
 * getVoices() asynchronously (an empty list first, then `voiceschanged`),
 * and on Linux without speech-dispatcher it stays empty: wait for the event
 * a short while before saying there are none.
 */
import type { Speaker, SpeakerVoice, Utterance } from './read-aloud';

export type VoiceCheck =
  | { kind: 'ready'; voices: SpeakerVoice[] }
  | { kind: 'none'; message: string };

export const NO_VOICES = 'No voices installed on this system';
export const NO_SPEECH = 'Reading aloud is not supported here';

/** How long to wait for `voiceschanged` when the first list is empty. */
const VOICES_WAIT_MS = 1500;

function toVoice(voice: SpeechSynthesisVoice): SpeakerVoice {
  return { id: voice.voiceURI, name: voice.name, lang: voice.lang, isDefault: voice.default };
}

/** The voices there are, once the platform has listed them. */
export async function checkVoices(synth: SpeechSynthesis | undefined = globalThis.speechSynthesis): Promise<VoiceCheck> {
  if (!synth || typeof SpeechSynthesisUtterance !== 'function') return { kind: 'none', message: NO_SPEECH };
  let voices = synth.getVoices();
  if (voices.length === 0) {
    await new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        synth.removeEventListener('voiceschanged', done);
        resolve();
      };
      const timer = setTimeout(done, VOICES_WAIT_MS);
      synth.addEventListener('voiceschanged', done);
    });
    voices = synth.getVoices();
  }
  return voices.length > 0 ? { kind: 'ready', voices: voices.map(toVoice) } : { kind: 'none', message: NO_VOICES };
}

/** The voice to start with: the default one if it speaks the text's language, else the first that does, else the default. */
export function pickVoice(voices: readonly SpeakerVoice[], lang: string | null): string | null {
  const base = lang?.toLowerCase().split('-')[0];
  const speaks = (v: SpeakerVoice): boolean => !!base && v.lang.toLowerCase().split(/[-_]/)[0] === base;
  const chosen =
    voices.find((v) => v.isDefault && (!base || speaks(v))) ?? voices.find(speaks) ?? voices.find((v) => v.isDefault) ?? voices[0];
  return chosen?.id ?? null;
}

export class WebSpeaker implements Speaker {
  readonly #synth: SpeechSynthesis;
  /** Kept referenced while spoken: Chromium drops events of utterances that were garbage-collected. */
  #current: SpeechSynthesisUtterance | null = null;

  constructor(synth: SpeechSynthesis = globalThis.speechSynthesis) {
    this.#synth = synth;
  }

  speak(utterance: Utterance, onend: () => void, onerror: (reason: string) => void): void {
    const u = new SpeechSynthesisUtterance(utterance.text);
    u.rate = utterance.rate;
    if (utterance.lang) u.lang = utterance.lang;
    const voice = utterance.voiceId ? this.#synth.getVoices().find((v) => v.voiceURI === utterance.voiceId) : undefined;
    if (voice) u.voice = voice;
    u.onend = () => {
      if (this.#current === u) this.#current = null;
      onend();
    };
    u.onerror = (event) => {
      if (this.#current === u) this.#current = null;
      // A cancel() reports 'interrupted'/'canceled': the controller already ignores that utterance.
      onerror(event.error);
    };
    this.#current = u;
    this.#synth.speak(u);
  }

  pause(): void {
    this.#synth.pause();
  }

  resume(): void {
    this.#synth.resume();
  }

  cancel(): void {
    this.#current = null;
    this.#synth.cancel();
  }
}
