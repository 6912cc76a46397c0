#!/usr/bin/env node
// `npm start`: launch the desktop app. Where it cannot run (no Electron
// binary, as on CI machines and these headless servers, or no way to build
// better-sqlite3 for Electron), serve the console to a browser with
// `commandpost serve --demo` on the default workspace instead, and say so;
// serve prints the URL to open. COMMANDPOST_NO_ELECTRON=1 asks for that
// fallback even where Electron would run.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { downloadFailure } from './electronDownload.mjs';
import { ensureElectronBinding, loadsInElectron } from './electronNative.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const BUILT = ['out/main/cli.js', 'out/main/app.js', 'out/main/core.js', 'out/preload/index.cjs', 'out/renderer/index.html'];

/** The Electron binary's path if it is installed; never downloads (unlike require('electron')). */
function installedElectron() {
  try {
    const dir = dirname(require.resolve('electron/package.json'));
    const rel = readFileSync(join(dir, 'path.txt'), 'utf8').trim();
    const path = join(dir, 'dist', rel);
    return existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

/**
 * The Electron binary, downloading it first if the install skipped it (as
 * ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm ci does) and the network allows; null
 * where that is impossible, with the reason in one line.
 */
function electronBinary() {
  const found = installedElectron();
  if (found !== null) return found;
  let install;
  try {
    install = join(dirname(require.resolve('electron/package.json')), 'install.js');
  } catch {
    return null;
  }
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) return null;
  console.log('Downloading the Electron binary (the install skipped it)…');
  const r = spawnSync(process.execPath, [install], { cwd: root, encoding: 'utf8', timeout: 300_000 });
  if (r.status !== 0) {
    console.log(`Could not download the Electron binary: ${downloadFailure(`${r.stderr ?? ''}${r.error?.message ?? ''}`, r.status)}`);
    return null;
  }
  return installedElectron();
}

if (!BUILT.every((file) => existsSync(new URL(`../${file}`, import.meta.url)))) {
  const built = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}

const electron = process.env.COMMANDPOST_NO_ELECTRON ? null : electronBinary();
if (electron !== null) {
  // `npm ci` built better-sqlite3 for Node's ABI (the CLI and the tests use it); a
  // checkout's desktop app gets its own Electron-ABI copy, built once, beside it.
  const electronVersion = require('electron/package.json').version;
  const nodeBuildLoads = loadsInElectron(root, electron, null);
  const binding = nodeBuildLoads ? null : ensureElectronBinding(root, electron, electronVersion, (line) => console.log(line));
  if (nodeBuildLoads || binding !== null) {
    const env = binding === null ? process.env : { ...process.env, COMMANDPOST_SQLITE_BINDING: binding };
    const r = spawnSync(electron, ['.'], { cwd: root, stdio: 'inherit', env });
    process.exit(r.status ?? 1);
  }
}

if (process.env.COMMANDPOST_NO_ELECTRON) {
  console.log('COMMANDPOST_NO_ELECTRON is set, so the desktop window does not open.');
} else if (electron === null) {
  console.log('No Electron binary is installed here, so the desktop window cannot open.');
} else {
  console.log('Electron is installed, but better-sqlite3 could not be built for it (see the output above: usually no C++ toolchain');
  console.log('and no prebuilt binary for this platform), so the desktop window cannot open.');
}
console.log('Serving the console to a browser instead, with the demo workspace; open the URL below. Ctrl+C stops it.\n');

const cli = fileURLToPath(new URL('../bin/commandpost.js', import.meta.url));
const child = spawn(process.execPath, [cli, 'serve', '--demo'], { cwd: root, stdio: 'inherit' });
// serve checkpoints and closes the journal on SIGINT/SIGTERM: pass them on and wait for it.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
