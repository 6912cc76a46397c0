#!/usr/bin/env node
// `npm start`: launch the desktop app. Where it cannot run (no Electron
// binary, as on CI machines and these headless servers, or native modules
// built for Node rather than Electron), serve the console to a browser with
// `commandpost serve --demo` on the default workspace instead, and say so;
// serve prints the URL to open. COMMANDPOST_NO_ELECTRON=1 asks for that
// fallback even where Electron would run.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const BUILT = ['out/main/cli.js', 'out/main/app.js', 'out/preload/index.cjs', 'out/renderer/index.html'];

function electronBinary() {
  try {
    const path = require('electron'); // the binary's path, or a throw if it was never downloaded
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

/**
 * Whether the installed native modules load inside Electron. `npm ci` builds
 * better-sqlite3 (and keytar) for Node's ABI, which the CLI, `serve` and the
 * whole test suite need; Electron has its own ABI. We deliberately do NOT run
 * `electron-builder install-app-deps` here: it rebuilds the modules in place
 * for Electron, which silently breaks the CLI and `npm test` until the next
 * `npm rebuild`. Packaging rebuilds them for Electron itself (electron-builder.yml,
 * npmRebuild). So we only check, in Electron's own Node mode, and explain.
 */
function nativeModulesLoadIn(electron) {
  const probe = spawnSync(electron, ['-e', "require('better-sqlite3')"], {
    cwd: root,
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    stdio: 'ignore',
    timeout: 60_000,
  });
  return probe.status === 0;
}

if (!BUILT.every((file) => existsSync(new URL(`../${file}`, import.meta.url)))) {
  const built = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}

const electron = process.env.COMMANDPOST_NO_ELECTRON ? null : electronBinary();
if (electron !== null && nativeModulesLoadIn(electron)) {
  const r = spawnSync(electron, ['.'], { cwd: root, stdio: 'inherit' });
  process.exit(r.status ?? 1);
}

if (process.env.COMMANDPOST_NO_ELECTRON) {
  console.log('COMMANDPOST_NO_ELECTRON is set, so the desktop window does not open.');
} else if (electron === null) {
  console.log('No Electron binary is installed here, so the desktop window cannot open.');
} else {
  console.log('Electron is installed, but better-sqlite3 is built for Node (the CLI and the tests use that build), not for Electron.');
  console.log('To open the desktop window: npx electron-builder install-app-deps   (then `npm rebuild` before running the tests again).');
}
console.log('Serving the console to a browser instead, with the demo workspace; open the URL below. Ctrl+C stops it.\n');

const cli = fileURLToPath(new URL('../bin/commandpost.js', import.meta.url));
const child = spawn(process.execPath, [cli, 'serve', '--demo'], { cwd: root, stdio: 'inherit' });
// serve checkpoints and closes the journal on SIGINT/SIGTERM: pass them on and wait for it.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
