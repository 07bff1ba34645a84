/**
 * The window widths where the reader's layout changes, as live answers for
 * markup that changes with them (the reader's layout CSS uses the same
 * widths in its media queries).
 */
import { MediaQuery } from 'svelte/reactivity';

/** 800 px and below: the Highlights panel is a drawer and toolbar buttons show icons only. */
export const NARROW_MEDIA = '(max-width: 800px)';
/** 640 px and below: Back to library is an icon too. */
export const COMPACT_MEDIA = '(max-width: 40rem)';

const narrow = new MediaQuery(NARROW_MEDIA, false);
const compact = new MediaQuery(COMPACT_MEDIA, false);

export const windowWidth = {
  get narrow(): boolean {
    return narrow.current;
  },
  get compact(): boolean {
    return compact.current;
  },
};
