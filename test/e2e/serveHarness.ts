// Shared by the Chromium end-to-end tests and the UI benchmark: a real
// `commandpost serve` child process on a temp workspace, and Debian's Chromium
// driven by playwright-core (Playwright cannot download browsers here).
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright-core';
import { withTimeout } from '../support/withTimeout';

export const root = fileURLToPath(new URL('../..', import.meta.url));
export const cliBin = join(root, 'bin', 'commandpost.js');
export const rendererDir = join(root, 'out', 'renderer');
export const resultsDir = join(root, 'test-results');

/** The built renderer and CLI must exist: `npm test` builds before it runs the tests. */
export function requireBuild(): void {
  const missing = [join(rendererDir, 'index.html'), join(root, 'out', 'main', 'cli.js')].filter((f) => !existsSync(f));
  if (missing.length > 0) {
    throw new Error(`the browser tests and UI benchmark need the built app (missing ${missing.join(', ')}); run \`npm run build\` first`);
  }
}

export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((p): p is string => !!p);
  const found = candidates.find((p) => existsSync(p));
  if (found === undefined) throw new Error(`no Chromium found (tried ${candidates.join(', ')}); install Debian's chromium or set CHROMIUM_PATH`);
  return found;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export function makeTempHome(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function removeTempHome(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Environment for the CLI and serve children: an isolated config dir and a file-backed device key. */
export function cliEnv(home: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '',
    HOME: home,
    COMMANDPOST_HOME: join(home, 'config'),
    COMMANDPOST_SECRET_STORE: 'file',
    COMMANDPOST_PASSPHRASE: 'e2e-passphrase',
    USER: 'Priya Natarajan',
    // Passed through when set, to point the children at another build or resources folder.
    ...(process.env.COMMANDPOST_RENDERER ? { COMMANDPOST_RENDERER: process.env.COMMANDPOST_RENDERER } : {}),
    ...(process.env.COMMANDPOST_RESOURCES ? { COMMANDPOST_RESOURCES: process.env.COMMANDPOST_RESOURCES } : {}),
  };
}

export interface ServeProcess {
  child: ChildProcess;
  /** The URL serve printed, with its access token. */
  url: string;
  origin: string;
  port: number;
  token: string;
  /** The second line, "Peer sync at URL": where peers connect and new devices join (null if serve printed none). */
  syncUrl: string | null;
  stderr(): string;
  stop(): Promise<number | null>;
}

/** Start `commandpost serve --port 0` as a child process and wait for the URL line it prints. */
export async function startServe(opts: {
  home: string;
  workspace: string;
  demo: boolean;
  timeoutMs?: number;
  port?: number;
  args?: string[];
}): Promise<ServeProcess> {
  // `port`: a fixed one, to restart serve where an open tab expects it; `args`: more flags (--kiosk-token).
  const args = [cliBin, 'serve', '--workspace', opts.workspace, '--port', String(opts.port ?? 0), ...(opts.demo ? ['--demo'] : []), ...(opts.args ?? [])];
  const child = spawn(process.execPath, args, { env: cliEnv(opts.home), cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const lines = createInterface({ input: child.stdout! });
  // Every line, from the start: readline may emit the first two in one go, before a later listener is attached.
  const stdoutLines: string[] = [];
  let lineArrived: () => void = () => undefined;
  lines.on('line', (l) => {
    stdoutLines.push(l);
    lineArrived();
  });
  const nthLine = (n: number) =>
    new Promise<string>((resolve, reject) => {
      const look = () => {
        const l = stdoutLines[n];
        if (l !== undefined) resolve(l);
      };
      const previous = lineArrived;
      lineArrived = () => {
        previous();
        look();
      };
      look();
      void exited.then((code) => reject(new Error(`serve exited (code ${String(code)}) before printing line ${n + 1}; stderr:\n${stderr}`)));
    });
  const first = nthLine(0);
  let line: string;
  try {
    line = await withTimeout(first, opts.timeoutMs ?? 30_000, () => `serve to print its URL; stderr:\n${stderr}`);
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  const match = /^Command Post is serving (http:\/\/127\.0\.0\.1:(\d+)\/\?token=([A-Za-z0-9_-]+))$/.exec(line);
  if (match === null) {
    child.kill('SIGKILL');
    throw new Error(`unexpected first line from serve: ${JSON.stringify(line)}`);
  }
  const [, url, port, token] = match as unknown as [string, string, string, string];
  // serve prints the sync line right after the first; a build without it is not waited for long.
  const second = await withTimeout(nthLine(1), 2_000, () => 'the peer sync line').catch(() => null);
  const syncUrl = second === null ? null : (/^Peer sync at (ws:\/\/\S+)$/.exec(second)?.[1] ?? null);
  return {
    child,
    url,
    origin: `http://127.0.0.1:${port}`,
    port: Number(port),
    token,
    syncUrl,
    stderr: () => stderr,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      try {
        return await withTimeout(exited, 10_000, () => 'serve to exit on SIGTERM');
      } catch {
        child.kill('SIGKILL');
        return exited;
      }
    },
  };
}

/** Run the built CLI as the device whose home is `home`; resolves with its stdout. */
export async function runCli(home: string, ...args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, [cliBin, ...args], { env: cliEnv(home), cwd: root });
  return stdout;
}

/**
 * Stop two peers' serves (the second first), remove their homes, and fail if
 * either did not exit cleanly. Returns both stderr texts, labelled, for
 * further checks (a secret must not be in them).
 */
export async function stopPair(pair: { label: string; serve: ServeProcess | null; home: string }[]): Promise<string> {
  const codes: (number | null | undefined)[] = [];
  for (const p of [...pair].reverse()) codes.push(await p.serve?.stop());
  const stderr = pair.map((p) => `${p.label}:\n${p.serve?.stderr() ?? ''}`).join('\n');
  for (const p of pair) if (p.home !== '') removeTempHome(p.home);
  if (codes.some((c) => c !== undefined && c !== 0)) throw new Error(`a serve exited with ${codes.join(', ')}; stderr:\n${stderr}`);
  return stderr;
}

/** A console page on `url`, once connected and showing the incident; with `syncOnline`, once the header says sync is online too. */
export async function openConsolePage(browser: Browser, url: string, opts: { waitMs: number; syncOnline: boolean }): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
  page.setDefaultTimeout(opts.waitMs);
  await page.goto(url);
  await page.waitForSelector('[data-testid="connection-status"][data-status="online"]');
  if (opts.syncOnline) await page.waitForSelector('[data-testid="sync-status"][data-status="online"]');
  await page.waitForSelector('[data-testid="incident-header"]');
  return page;
}

/** Create a task from the Tasks tab. */
export async function createTask(page: Page, title: string): Promise<void> {
  await page.getByRole('tab', { name: /^Tasks\b/ }).click();
  await page.getByLabel('Task title').fill(title);
  await page.getByRole('button', { name: 'Create task' }).click();
}
