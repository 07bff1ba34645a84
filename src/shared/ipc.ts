/** The single IPC channel between the preload and main (Electron shell only). */
export const IPC_CHANNEL = 'gloss:call';
