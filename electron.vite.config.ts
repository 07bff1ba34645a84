import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// One renderer and one core, two shells: electron-vite builds the Electron
// main process, the sandboxed preload and the renderer. The browser host
// (`gloss serve`) serves the same out/renderer build.
export default defineConfig({
  main: {
    build: {
      rollupOptions: { input: { index: resolve('src/main/electron/index.ts') } },
    },
  },
  preload: {
    build: {
      rollupOptions: {
        input: { index: resolve('src/preload/index.ts') },
        // Sandboxed preloads must be CommonJS.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve('src/renderer'),
    build: {
      rollupOptions: { input: { index: resolve('src/renderer/index.html') } },
    },
    // The Svelte config lives at the project root, not in the renderer root.
    plugins: [svelte({ configFile: resolve('svelte.config.js') })],
  },
});
