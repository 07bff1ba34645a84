/** Native dialogs and the file manager, for the handlers (desktop only). */
import { dialog, shell, type BrowserWindow } from 'electron';
import type { ShellServices } from '../api/handlers';

export function desktopServices(currentWindow: () => BrowserWindow | undefined): ShellServices {
  const parent = (): BrowserWindow | undefined => {
    const w = currentWindow();
    return w && !w.isDestroyed() ? w : undefined;
  };
  return {
    chooseFolder: async (title) => {
      const options: Electron.OpenDialogOptions = { title, properties: ['openDirectory', 'createDirectory'] };
      const w = parent();
      const result = w ? await dialog.showOpenDialog(w, options) : await dialog.showOpenDialog(options);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    chooseSaveFile: async (title, defaultName) => {
      const options: Electron.SaveDialogOptions = {
        title,
        defaultPath: defaultName,
        filters: [{ name: 'Gloss library backup', extensions: ['sqlite'] }],
      };
      const w = parent();
      const result = w ? await dialog.showSaveDialog(w, options) : await dialog.showSaveDialog(options);
      return result.canceled || !result.filePath ? null : result.filePath;
    },
    showFolder: (dir) => {
      void shell.openPath(dir).then((error) => {
        if (error) console.warn('gloss: could not open folder:', error);
      });
    },
  };
}
