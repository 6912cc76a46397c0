import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

// One build tool for every runtime. The main build has two entries: the
// Electron shell (main/app) and the plain-Node CLI (main/cli), which shares
// all of main/* but never loads 'electron'.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          app: resolve(import.meta.dirname, 'main/app/index.ts'),
          cli: resolve(import.meta.dirname, 'main/cli/index.ts'),
        },
        external: ['better-sqlite3', 'keytar', 'ws', 'electron'],
        // Code both entries share goes into a chunk; keep it beside them in out/main/, because
        // main/workspace/paths.ts and main/host/staticFiles.ts find resources/ and out/renderer/
        // relative to their own module, two levels below the repo root.
        output: { chunkFileNames: '[name]-[hash].js' },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve(import.meta.dirname, 'preload/index.ts') },
        // A sandboxed preload must be CommonJS.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    plugins: [react()],
    build: {
      outDir: 'out/renderer',
      rollupOptions: { input: { index: resolve(import.meta.dirname, 'renderer/index.html') } },
    },
  },
});
