/**
 * Unplaced highlights the user chose to keep unplaced (Review unplaced →
 * Keep unplaced): remembered in this browser's storage by highlight id, so
 * the review list shows only what is still to be decided. Placing or
 * deleting one later still works from the "Kept unplaced" group.
 */
const KEY = 'gloss.keptUnplaced';
/** Ids kept at most (the oldest are forgotten first; they only return to the review list). */
const MAX_IDS = 5000;

function load(): string[] {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(KEY) ?? '[]');
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

class KeptUnplaced {
  ids = $state<string[]>(load());

  has(id: string): boolean {
    return this.ids.includes(id);
  }

  keep(id: string): void {
    if (this.has(id)) return;
    this.ids = [...this.ids, id].slice(-MAX_IDS);
    try {
      localStorage.setItem(KEY, JSON.stringify(this.ids));
    } catch {
      // Storage unavailable: kept for this window only.
    }
  }
}

export const keptUnplaced = new KeptUnplaced();
