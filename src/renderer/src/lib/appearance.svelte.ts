/** The reader's appearance as live state: changed by the Text settings, applied and remembered at once. */
import {
  applyAppearance,
  DEFAULT_APPEARANCE,
  loadAppearance,
  normalizeAppearance,
  saveAppearance,
  type Appearance,
} from './appearance';

class AppearanceState {
  current = $state<Appearance>(loadAppearance());

  constructor() {
    applyAppearance(this.current);
  }

  set(change: Partial<Appearance>): void {
    this.current = normalizeAppearance({ ...this.current, ...change });
    applyAppearance(this.current);
    saveAppearance(this.current);
  }

  reset(): void {
    this.set({ ...DEFAULT_APPEARANCE });
  }

  get isDefault(): boolean {
    return Object.entries(DEFAULT_APPEARANCE).every(([key, value]) => this.current[key as keyof Appearance] === value);
  }
}

export const appearance = new AppearanceState();
