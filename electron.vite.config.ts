import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

// One build tool for every runtime. The main build's entries: the Electron
// shell (main/app), the desktop core's utility process (main/core) and the
// plain-Node CLI (main/cli); only the shell loads 'electron'. Plus the
// worker threads of main/crypto, which the others start by file.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          app: resolve(import.meta.dirname, 'main/app/index.ts'),
          cli: resolve(import.meta.dirname, 'main/cli/index.ts'),
          // The desktop core's utility process (main/core/main.ts), forked by the app from beside app.js (main/app/coreFork.ts).
          core: resolve(import.meta.dirname, 'main/core/main.ts'),
          // Worker threads of main/crypto, started by file (main/crypto/workerFile.ts finds them beside its chunk).
          verifyWorker: resolve(import.meta.dirname, 'main/crypto/verifyWorker.ts'),
          signingWorker: resolve(import.meta.dirname, 'main/crypto/signingWorker.ts'),
        },
        external: ['better-sqlite3', 'keytar', 'ws', 'electron', 'sodium-native'],
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
