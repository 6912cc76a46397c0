// The README's quick start, literally: `npm start` on a machine without an
// Electron binary says so, serves the console with the bundled demo
// workspace, and the URL it prints shows the demo incident graph in Chromium.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { cliEnv, launchChromium, makeTempHome, removeTempHome, requireBuild, resultsDir, root } from './serveHarness';

const catalog = parseYaml(readFileSync(join(root, 'resources', 'demo', 'catalog.yaml'), 'utf8')) as { services: { id: string }[] };

/** Where a developer machine does have Electron, keep the test on the browser path instead of opening a window. */
function electronInstalled(): boolean {
  // Not require('electron'): that downloads a missing binary.
  try {
    const dir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
    return existsSync(join(dir, 'dist', readFileSync(join(dir, 'path.txt'), 'utf8').trim()));
  } catch {
    return false;
  }
}

describe('README quick start', () => {
  const home = makeTempHome('cp-quickstart-');
  let browser: Browser | null = null;
  afterAll(async () => {
    await browser?.close();
    removeTempHome(home);
  });

  it('`npm start` prints a URL that shows the demo incident graph', async () => {
    requireBuild();
    const env = { ...cliEnv(home), ...(electronInstalled() ? { COMMANDPOST_NO_ELECTRON: '1' } : {}) };
    const child = spawn('npm', ['start'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // The pipes close only when every process of the group (npm, start.mjs, serve) has let go of them.
    const drained = new Promise<void>((resolve) => child.stderr.on('close', () => resolve()));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no URL within 90 s\nstdout: ${stdout}\nstderr: ${stderr}`)), 90_000);
        child.stdout.on('data', () => {
          const m = /Command Post is serving (http:\/\/\S+)/.exec(stdout);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]!);
          }
        });
        void exited.then((code) => reject(new Error(`npm start exited (${String(code)}) before printing a URL\nstdout: ${stdout}\nstderr: ${stderr}`)));
      });
      expect(stdout).toMatch(/desktop window (cannot|does not) open/);

      browser = await launchChromium();
      const page = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
      page.setDefaultTimeout(30_000);
      await page.goto(url);
      await page
        .locator('[data-testid^="service-node-"]')
        .nth(catalog.services.length - 1)
        .waitFor();
      const ids = await page.$$eval('[data-testid^="service-node-"]', (els) =>
        els.map((e) => e.getAttribute('data-testid')!.slice('service-node-'.length)).sort(),
      );
      expect(ids).toEqual(catalog.services.map((s) => s.id).sort());
      await expect(page.locator('[data-testid="incident-header"]').textContent()).resolves.toContain('Checkout failing for EU card payments');
      expect(await page.getAttribute('[data-testid="service-node-psp-adapter"]', 'data-status')).toBe('down');
      mkdirSync(resultsDir, { recursive: true });
      await page.screenshot({ path: join(resultsDir, 'quick-start.png') });
    } finally {
      // npm runs start.mjs, which runs serve: signal the whole process group.
      if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid, 'SIGTERM');
    }
    // npm itself dies of the signal; what matters is that serve checkpointed and closed the journal.
    await exited;
    await drained;
    expect(stderr).toContain('Stopped; journal checkpointed and closed.');
  });
});
