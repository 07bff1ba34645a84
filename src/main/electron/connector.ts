/**
 * The desktop app's connector for the browser extension: started with the
 * app on the connector port (GLOSS_CONNECTOR_PORT or the default), over the
 * same dispatcher as IPC; closed before the app quits (before the library
 * closes). A port in use leaves the app running without it, with the reason
 * in the log.
 */
import { app } from 'electron';
import type { Dispatch } from '../api/dispatch';
import { startShellConnector, type RunningConnector } from '../connector/server';

export async function startDesktopConnector(dispatch: Dispatch, env: NodeJS.ProcessEnv = process.env): Promise<RunningConnector | null> {
  const connector = await startShellConnector(dispatch, { info: (line) => console.log(`gloss: ${line}`), warn: (line) => console.warn(`gloss: ${line}`) }, env);
  if (connector) app.once('before-quit', () => void connector.close());
  return connector;
}
