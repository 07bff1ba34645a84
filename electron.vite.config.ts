import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// One renderer and one core, two shells: electron-vite builds the Electron
// main process, the sandboxed preload and the renderer. The browser host
// (`gloss serve`) serves the same out/renderer build.
/**
 * pdf.js's CMaps (CJK text) and standard fonts, copied into the renderer
 * build at pdfjs/cmaps/ and pdfjs/standard_fonts/: the PDF view loads them
 * from the app's own origin in both shells (src/renderer/src/lib/pdf-document.ts),
 * and `npm run dev` serves them from the package.
 */
function pdfjsData(): Plugin {
  const packageDir = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
  const folders = ['cmaps', 'standard_fonts'];
  return {
    name: 'gloss-pdfjs-data',
    generateBundle() {
      for (const folder of folders) {
        for (const name of readdirSync(join(packageDir, folder))) {
          if (name === 'LICENSE') continue;
          this.emitFile({ type: 'asset', fileName: `pdfjs/${folder}/${name}`, source: readFileSync(join(packageDir, folder, name)) });
        }
      }
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const match = /^\/pdfjs\/(cmaps|standard_fonts)\/([A-Za-z0-9_.+-]+)$/.exec(req.url ?? '');
        if (!match) return next();
        try {
          res.end(readFileSync(join(packageDir, match[1]!, match[2]!)));
        } catch {
          next();
        }
      });
    },
  };
}

export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        input: {
          index: resolve('src/main/electron/index.ts'),
          // The import workers' entry, beside index.js (src/main/workers/worker-entry.ts finds it there).
          'extract-worker': resolve('src/main/workers/extract-worker.ts'),
        },
      },
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
    plugins: [svelte({ configFile: resolve('svelte.config.js') }), pdfjsData()],
  },
});
