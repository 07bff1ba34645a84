/**
 * The article body as something to read aloud: its canonical text, the
 * sentence painted by the highlight painter (`gloss-speech`) and scrolled
 * into view when it leaves the reading area (between the reading line and
 * the player at the bottom of the window).
 */
import { textOffsetsToRange } from '../../../shared/anchoring/dom-range';
import type { HighlightPainter } from './painter';
import type { SpeechSurface } from './read-aloud.svelte';

/** Room kept at the bottom of the window for the player. */
const PLAYER_ROOM_PX = 120;

export function articleSpeechSurface(painter: HighlightPainter, topLine: () => number): SpeechSurface {
  return {
    text: painter.text,
    show: (sentence) => {
      painter.setSpoken(sentence);
      if (!sentence) return;
      const range = textOffsetsToRange(painter.map, sentence.start, sentence.end, document);
      if (!range) return;
      const rect = range.getBoundingClientRect();
      const top = topLine();
      const bottom = window.innerHeight - PLAYER_ROOM_PX;
      if (rect.top >= top && rect.bottom <= bottom) return;
      // Into the upper third of the reading area: the next sentences follow below it.
      window.scrollBy({ top: rect.top - top - Math.max(0, (bottom - top) / 3), behavior: 'instant' });
    },
  };
}
