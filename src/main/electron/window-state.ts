/** Remembers the window's size and position in userData/window-state.json. */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { app, screen, type BrowserWindow, type Rectangle } from 'electron';

interface WindowState {
  bounds: Partial<Rectangle> & { width: number; height: number };
  maximized: boolean;
}

const DEFAULT: WindowState = { bounds: { width: 1100, height: 800 }, maximized: false };

function stateFile(): string {
  return join(app.getPath('userData'), 'window-state.json');
}

function isRect(value: unknown): value is Rectangle {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  return ['x', 'y', 'width', 'height'].every((k) => Number.isInteger(r[k]));
}

export function loadWindowState(): WindowState {
  try {
    const raw = JSON.parse(readFileSync(stateFile(), 'utf8')) as { bounds?: unknown; maximized?: unknown };
    if (!isRect(raw.bounds) || raw.bounds.width < 200 || raw.bounds.height < 200) return DEFAULT;
    // Only restore a position that is still on a connected display.
    const visible = screen.getAllDisplays().some(({ workArea: a }) => {
      const b = raw.bounds as Rectangle;
      return b.x < a.x + a.width && b.x + b.width > a.x && b.y < a.y + a.height && b.y + b.height > a.y;
    });
    const { x, y, width, height } = raw.bounds;
    return { bounds: visible ? { x, y, width, height } : { width, height }, maximized: raw.maximized === true };
  } catch {
    return DEFAULT;
  }
}

export function trackWindowState(window: BrowserWindow): void {
  const save = (): void => {
    if (window.isDestroyed()) return;
    const state: WindowState = { bounds: window.getNormalBounds(), maximized: window.isMaximized() };
    const file = stateFile();
    try {
      writeFileSync(file + '.tmp', JSON.stringify(state));
      renameSync(file + '.tmp', file);
    } catch (err) {
      console.warn('gloss: could not save the window state:', err);
    }
  };
  window.on('close', save);
}
