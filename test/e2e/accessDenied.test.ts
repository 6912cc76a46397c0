// End to end (issue 13, part 3a): Chromium against a real `commandpost
// serve`. A URL with a wrong token, or none, gets a page that says why and
// how to get a working URL; a tab left open while serve restarts (a new
// token) stops retrying and shows the stale-token page instead of "Offline"
// forever; a kiosk URL (--kiosk-token) keeps working across a restart.
// Waits are for conditions in the page, never fixed sleeps.
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, makeTempHome, removeTempHome, requireBuild, resultsDir, startServe, type ServeProcess } from './serveHarness';

const WAIT_MS = 30_000;
const VIEWPORT = { width: 1280, height: 800 };

let home = '';
let workspace = '';
let port = 0;
let serve: ServeProcess | null = null;
let browser: Browser | null = null;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function restart(args: string[] = []): Promise<ServeProcess> {
  expect(await serve?.stop()).toBe(0);
  serve = await startServe({ home, workspace, demo: false, port, args });
  return serve;
}

async function newPage(): Promise<Page> {
  const page = await browser!.newPage({ viewport: VIEWPORT });
  page.setDefaultTimeout(WAIT_MS);
  return page;
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(resultsDir, `access-${name}.png`), fullPage: true });
}

describe('the console never leaves a commander guessing about its token', () => {
  beforeAll(async () => {
    requireBuild();
    mkdirSync(resultsDir, { recursive: true });
    home = makeTempHome('cp-e2e-access-');
    workspace = join(home, 'ws');
    port = await freePort();
    serve = await startServe({ home, workspace, demo: true, port });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    const code = await serve?.stop();
    removeTempHome(home);
    expect(code).toBe(0);
  });

  it('a wrong token and a missing token each get a page saying why and how to get a working URL', async () => {
    const page = await newPage();
    const wrong = await page.goto(`${serve!.origin}/?token=not-the-token`);
    expect(wrong?.status()).toBe(401);
    const text = await page.locator('[data-testid="access-denied"][data-reason="invalid"]').textContent();
    expect(text).toContain('This link’s access token is not valid for this server');
    expect(text).toContain('Most often commandpost serve was restarted since this page was opened');
    expect(text).toContain('Command Post is serving http://…/?token=…');
    expect(text).toContain('commandpost serve --kiosk-token');
    expect(await page.locator('[data-testid="connection-status"]').count()).toBe(0);
    await shot(page, 'wrong-token');

    const missing = await page.goto(`${serve!.origin}/`);
    expect(missing?.status()).toBe(401);
    const none = await page.locator('[data-testid="access-denied"][data-reason="missing"]').textContent();
    expect(none).toContain('This link has no access token');
    expect(none).toContain('Command Post is serving http://…/?token=…');
    await shot(page, 'no-token');
    await page.close();
  });

  it('a tab open while serve restarts shows the stale-token page instead of retrying forever', async () => {
    const page = await newPage();
    await page.goto(serve!.url);
    await page.waitForSelector('[data-testid="connection-status"][data-status="online"]');
    const before = serve!.token;
    await restart();
    expect(serve!.token).not.toBe(before);
    const denied = page.locator('[data-testid="access-denied"][data-reason="invalid"]');
    await denied.waitFor();
    expect(await denied.textContent()).toContain('This link’s access token is not valid for this server');
    expect(await page.locator('[data-testid="connection-status"]').count()).toBe(0);
    await shot(page, 'stale-after-restart');
    await page.close();
  });

  it('a kiosk URL keeps working across a restart; after rotation the old one gets the stale-token page', async () => {
    const kiosk = await restart(['--kiosk-token']);
    const page = await newPage();
    await page.goto(kiosk.url);
    await page.waitForSelector('[data-testid="connection-status"][data-status="online"]');
    const again = await restart(['--kiosk-token']);
    expect(again.url).toBe(kiosk.url);
    // The same page reconnects by itself: offline while serve was down, then online again.
    await page.waitForSelector('[data-testid="connection-status"][data-status="online"]');
    expect(await page.locator('[data-testid="access-denied"]').count()).toBe(0);
    await shot(page, 'kiosk-after-restart');

    const rotated = await restart(['--rotate-kiosk-token']);
    expect(rotated.url).not.toBe(kiosk.url);
    await page.locator('[data-testid="access-denied"][data-reason="invalid"]').waitFor();
    await shot(page, 'kiosk-rotated');
    await page.close();
  });
});
