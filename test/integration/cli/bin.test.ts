import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The built artefacts, as a user runs them after `npm ci` (which builds).
const root = fileURLToPath(new URL('../../..', import.meta.url));
const bin = join(root, 'bin', 'commandpost.js');

function sandboxEnv() {
  const home = mkdtempSync(join(tmpdir(), 'cp-bin-'));
  return {
    home,
    env: { PATH: process.env.PATH ?? '', COMMANDPOST_HOME: join(home, 'config'), COMMANDPOST_PASSPHRASE: 'pw-for-tests', COMMANDPOST_SECRET_STORE: 'file' },
  };
}

describe('built commandpost binary', () => {
  it('runs the README acceptance flow: init --demo, export, verify', () => {
    expect(existsSync(join(root, 'out', 'main', 'cli.js')), 'out/main/cli.js missing: run `npm run build`').toBe(true);
    const { home, env } = sandboxEnv();
    const ws = join(home, 'w');
    const out = join(home, 'w.jsonl');
    const run = (...args: string[]) => execFileSync(process.execPath, [bin, ...args], { env, encoding: 'utf8' });
    expect(run('init', '--demo', '--workspace', ws)).toContain('Checkout failing for EU card payments');
    expect(run('journal', 'export', '--workspace', ws, '--out', out)).toContain('Exported 221 entries');
    expect(run('journal', 'verify', out)).toMatch(/OK: 221 entries/);
  });

  it('npm start falls back to the CLI demo where no Electron binary is installed, and says so', () => {
    const { env } = sandboxEnv();
    // Electron is never downloaded here; the flag keeps a developer machine that has it from opening a window.
    const r = spawnSync(process.execPath, [join(root, 'scripts', 'start.mjs')], { env: { ...env, COMMANDPOST_NO_ELECTRON: '1' }, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('No Electron binary is installed here');
    expect(r.stdout).toContain('SEV1  Checkout failing for EU card payments');
  });
});
