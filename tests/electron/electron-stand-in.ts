/**
 * A stand-in for the `electron` module, for the glue's unit tests only
 * (Electron's binary cannot run here). It implements just what
 * src/main/electron/* calls and records what the glue registers (handlers,
 * listeners, windows, opened links), so a test can drive those decisions
 * the way Electron would. Used with `vi.mock('electron', () => import(...))`.
 */
import { EventEmitter } from 'node:events';

// The glue's callbacks are typed against Electron's own signatures; here they
// are only stored and called back with stand-in objects.
/* eslint-disable @typescript-eslint/no-explicit-any */
type Callback = (...args: any[]) => any;

/** An Electron event: records preventDefault(), carries the fields the handlers read. */
export class StandInEvent {
  defaultPrevented = false;
  constructor(fields: Record<string, unknown> = {}) {
    Object.assign(this, fields);
  }
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

export class StandInFrame {
  constructor(public url: string) {}
}

export class StandInWebContents extends EventEmitter {
  windowOpenHandler: Callback | undefined;
  readonly mainFrame: StandInFrame;
  constructor(url = 'app://gloss/index.html') {
    super();
    this.mainFrame = new StandInFrame(url);
  }
  setWindowOpenHandler(handler: Callback): void {
    this.windowOpenHandler = handler;
  }
}

class StandInSession extends EventEmitter {
  permissionRequestHandler: Callback | undefined;
  permissionCheckHandler: Callback | undefined;
  devicePermissionHandler: Callback | undefined;
  setPermissionRequestHandler(handler: Callback): void {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: Callback): void {
    this.permissionCheckHandler = handler;
  }
  setDevicePermissionHandler(handler: Callback): void {
    this.devicePermissionHandler = handler;
  }
}

/** What the glue registered and did, for the tests to read and drive. */
export const recorded = {
  privilegedSchemes: [] as unknown[],
  protocolHandlers: new Map<string, Callback>(),
  ipcHandlers: new Map<string, Callback>(),
  openedExternally: [] as string[],
  windows: [] as BrowserWindow[],
};

class StandInApp extends EventEmitter {
  isPackaged = false;
  appPath = process.cwd();
  readonly paths = new Map<string, string>();
  getAppPath(): string {
    return this.appPath;
  }
  getPath(name: string): string {
    const path = this.paths.get(name);
    if (!path) throw new Error(`stand-in app: no path for ${name}`);
    return path;
  }
  setPath(name: string, path: string): void {
    this.paths.set(name, path);
  }
}

export const app = new StandInApp();
export const session = { defaultSession: new StandInSession() };

export class BrowserWindow extends EventEmitter {
  readonly webContents = new StandInWebContents();
  readonly loadedUrls: string[] = [];
  destroyed = false;
  constructor(readonly options: Record<string, any>) {
    super();
    recorded.windows.push(this);
    // Electron announces every new WebContents on the app.
    app.emit('web-contents-created', new StandInEvent(), this.webContents);
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  async loadURL(url: string): Promise<void> {
    this.loadedUrls.push(url);
  }
  getNormalBounds(): { x: number; y: number; width: number; height: number } {
    return { x: 0, y: 0, width: 1100, height: 800 };
  }
  isMaximized(): boolean {
    return false;
  }
  maximize(): void {}
  show(): void {}
}

export const shell = {
  async openExternal(url: string): Promise<void> {
    recorded.openedExternally.push(url);
  },
  async openPath(): Promise<string> {
    return '';
  },
};

export const ipcMain = {
  handle(channel: string, handler: Callback): void {
    recorded.ipcHandlers.set(channel, handler);
  },
};

export const protocol = {
  registerSchemesAsPrivileged(schemes: unknown[]): void {
    recorded.privilegedSchemes.push(...schemes);
  },
  handle(scheme: string, handler: Callback): void {
    recorded.protocolHandlers.set(scheme, handler);
  },
};

export const screen = {
  getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }],
};

export const dialog = {
  showErrorBox(): void {},
  async showOpenDialog(): Promise<{ canceled: boolean; filePaths: string[] }> {
    return { canceled: true, filePaths: [] };
  },
  async showSaveDialog(): Promise<{ canceled: boolean; filePath?: string }> {
    return { canceled: true };
  },
};

/** Forgets everything recorded, between tests. */
export function resetStandIn(): void {
  recorded.privilegedSchemes.length = 0;
  recorded.protocolHandlers.clear();
  recorded.ipcHandlers.clear();
  recorded.openedExternally.length = 0;
  recorded.windows.length = 0;
  app.removeAllListeners();
  app.isPackaged = false;
  app.appPath = process.cwd();
  app.paths.clear();
  session.defaultSession = new StandInSession();
}
