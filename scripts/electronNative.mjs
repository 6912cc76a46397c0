// An Electron-ABI build of better-sqlite3 beside the Node-ABI one that `npm ci`
// built. The CLI, `serve` and the tests load node_modules/better-sqlite3 under
// Node; the desktop app started from a checkout loads this copy through
// better-sqlite3's `nativeBinding` option (COMMANDPOST_SQLITE_BINDING). So
// `npm start` can open the window without rebuilding the shared module in place
// (which would break the CLI and `npm test` until the next `npm rebuild`).
// Packaged apps need none of this: electron-builder rebuilds for Electron.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const MODULES = ['better-sqlite3', 'bindings', 'file-uri-to-path'];

/** Where the Electron build of the addon lives for this Electron version. */
export function electronBindingPath(root, electronVersion) {
  return join(sidecarDir(root, electronVersion), 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
}

function sidecarDir(root, electronVersion) {
  return join(root, 'node_modules', '.cache', 'commandpost-electron', electronVersion);
}

/** Whether Electron (in its Node mode) can load better-sqlite3 with the given addon (null: the default one). */
export function loadsInElectron(root, electron, binding) {
  const code =
    binding === null ? "require('better-sqlite3')" : `new (require('better-sqlite3'))(':memory:', { nativeBinding: ${JSON.stringify(binding)} }).close()`;
  const probe = spawnSync(electron, ['-e', code], { cwd: root, env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, stdio: 'ignore', timeout: 60_000 });
  return probe.status === 0;
}

/**
 * Build (once per Electron version) the Electron-ABI addon: copy better-sqlite3
 * and its runtime dependencies into a sidecar project and let @electron/rebuild
 * fetch a prebuilt binary or compile it against Electron's headers. Returns the
 * addon path, or null with the build's output shown to the user.
 */
export function ensureElectronBinding(root, electron, electronVersion, log) {
  const binding = electronBindingPath(root, electronVersion);
  if (existsSync(binding) && loadsInElectron(root, electron, binding)) return binding;
  const dir = sidecarDir(root, electronVersion);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'node_modules'), { recursive: true });
  const dependencies = {};
  for (const name of MODULES) {
    const from = join(root, 'node_modules', name);
    if (!existsSync(from)) continue;
    cpSync(from, join(dir, 'node_modules', name), { recursive: true, filter: (src) => !src.includes(`${name}/build/`) });
    dependencies[name] = JSON.parse(readFileSync(join(from, 'package.json'), 'utf8')).version;
  }
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'commandpost-electron-native', private: true, dependencies }, null, 2));
  log(`Building better-sqlite3 for Electron ${electronVersion} (once; about 2 minutes if it compiles from source)…`);
  const rebuild = join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'electron-rebuild.cmd' : 'electron-rebuild');
  const r = spawnSync(rebuild, ['--version', electronVersion, '--module-dir', dir, '--which-module', 'better-sqlite3', '--force'], {
    cwd: root,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (r.status !== 0 || !existsSync(binding) || !loadsInElectron(root, electron, binding)) return null;
  return binding;
}
