import { execFileSync, spawn } from 'node:child_process';
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
    expect(run('journal', 'export', '--workspace', ws, '--out', out)).toContain('Exported 234 entries');
    expect(run('journal', 'verify', out)).toMatch(/OK: 234 entries/);
  });

  it('npm start falls back to `commandpost serve --demo` where Electron cannot run, says so, and serves the console', async () => {
    const { env } = sandboxEnv();
    // Electron is never downloaded here; the flag keeps a developer machine that has it from opening a window.
    const child = spawn(process.execPath, [join(root, 'scripts', 'start.mjs')], {
      env: { ...env, COMMANDPOST_NO_ELECTRON: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no URL within 60 s\nstdout: ${stdout}\nstderr: ${stderr}`)), 60_000);
        const look = () => {
          const m = /Command Post is serving (http:\/\/\S+)/.exec(stdout);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]!);
          }
        };
        child.stdout.on('data', look);
        void exited.then((code) => reject(new Error(`npm start exited (${code}) before printing a URL\nstdout: ${stdout}\nstderr: ${stderr}`)));
      });
      expect(stdout).toContain('the desktop window does not open');
      expect(stdout).toContain('Serving the console to a browser instead');
      expect(new URL(url).hostname).toBe('127.0.0.1');
      expect(new URL(url).searchParams.get('token')).toMatch(/.{16,}/);
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/text\/html/);
      const html = await page.text();
      expect(html).toContain('<title>Command Post</title>');
      expect(html).toContain('<div id="root"></div>');
      expect(html).toMatch(/<script type="module"[^>]*src="[^"]*assets\/index-[^"]+\.js"/);
    } finally {
      child.kill('SIGTERM');
    }
    // SIGTERM reaches serve, which checkpoints and closes the journal, then exits cleanly.
    expect(await exited).toBe(0);
    expect(stderr).toContain('Stopped; journal checkpointed and closed.');
  });
});
