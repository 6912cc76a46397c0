#!/usr/bin/env node
// `npm start`: launch the desktop app. Where no Electron binary is installed
// (CI machines, headless servers) fall back to the CLI demo and say so.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);

function electronBinary() {
  try {
    const path = require('electron'); // the binary's path, or a throw if it was never downloaded
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

if (!existsSync(new URL('../out/main/cli.js', import.meta.url))) {
  const built = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}

// COMMANDPOST_NO_ELECTRON=1 asks for the fallback even where Electron is installed.
const electron = process.env.COMMANDPOST_NO_ELECTRON ? null : electronBinary();
if (electron !== null) {
  const r = spawnSync(electron, ['.'], { cwd: root, stdio: 'inherit' });
  process.exit(r.status ?? 1);
}

console.log('No Electron binary is installed here, so the desktop window cannot open.');
console.log('Falling back to the command line: demo workspace and incident summary.\n');
const cli = fileURLToPath(new URL('../bin/commandpost.js', import.meta.url));
const run = (args) => spawnSync(process.execPath, [cli, ...args], { cwd: root, stdio: 'inherit' });
let r = run(['status']);
if (r.status !== 0) {
  console.log('\nNo workspace yet: creating the demo workspace.\n');
  r = run(['init', '--demo']);
}
process.exit(r.status ?? 1);
