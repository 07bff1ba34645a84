/**
 * Electron entry: the thin shell around the core. It opens the library,
 * wires the one IPC channel and shows the window. Everything else lives in
 * plain-Node modules that the CLI and the browser host share.
 */
import { app, dialog } from 'electron';
import { createDispatcher } from '../api/dispatch';
import { createHandlers } from '../api/handlers';
import { Library } from '../library';
import { APP_NAME } from '../paths';
import { registerAppProtocol, registerAppScheme } from './protocol';
import { registerIpc } from './ipc';
import { electronNativeBinding } from './native';
import { createMainWindow, hardenSessions } from './window';

app.setName(APP_NAME);
// Tests and power users may point the app at another library folder.
if (process.env.GLOSS_LIBRARY) app.setPath('userData', process.env.GLOSS_LIBRARY);

registerAppScheme();

// One running app per library: two writers would only wait on each other.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  void app.whenReady().then(start, fail);
}

async function start(): Promise<void> {
  const library = Library.open(app.getPath('userData'), { nativeBinding: electronNativeBinding() });
  hardenSessions();
  registerAppProtocol();
  const dispatch = createDispatcher(createHandlers(library, 'electron'));
  let window = await createMainWindow();
  registerIpc(dispatch, () => window);

  app.on('second-instance', () => {
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('activate', () => {
    if (window.isDestroyed()) void createMainWindow().then((w) => (window = w));
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => library.close());
}

function fail(err: unknown): void {
  const message = err instanceof Error ? err.message : String(err);
  console.error('gloss: could not start:', err);
  dialog.showErrorBox('Gloss could not start', message);
  app.exit(1);
}
