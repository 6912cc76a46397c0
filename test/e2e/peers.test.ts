// End to end, acceptance of peer sync: two `commandpost serve` processes on
// different ports, with different device identities (separate homes). B
// joins A's workspace from A's sync URL, A's admin adds B with the CLI, the
// running hosts list each other (`peer add` picked up live), and a task
// created in either console appears in the other's, in Chromium. Waits are
// for conditions, never fixed sleeps.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  launchChromium,
  makeTempHome,
  requireBuild,
  resultsDir,
  startServe,
  type ServeProcess,
  runCli,
  stopPair,
  createTask,
  openConsolePage,
} from './serveHarness';

const WAIT_MS = 20_000;

let homeA = '';
let homeB = '';
let serveA: ServeProcess | null = null;
let serveB: ServeProcess | null = null;
let browser: Browser | null = null;

const cli = runCli;

/** Poll `peer list` until it shows `pattern` (the host writes status every few seconds, on change at once). */
async function peerListShows(home: string, workspace: string, pattern: RegExp): Promise<string> {
  const until = performance.now() + WAIT_MS;
  for (;;) {
    const out = await cli(home, 'peer', 'list', '--workspace', workspace);
    if (pattern.test(out)) return out;
    if (performance.now() > until) throw new Error(`peer list never matched ${String(pattern)}; last:\n${out}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('two `commandpost serve` peers in Chromium', () => {
  beforeAll(async () => {
    requireBuild();
    homeA = makeTempHome('cp-e2e-peer-a-');
    homeB = makeTempHome('cp-e2e-peer-b-');
  });

  afterAll(async () => {
    await browser?.close();
    await stopPair([
      { label: 'A', serve: serveA, home: homeA },
      { label: 'B', serve: serveB, home: homeB },
    ]);
  });

  it('B joins A, is admitted, and a task created in either UI appears in the other', async () => {
    const wsA = join(homeA, 'ws');
    const wsB = join(homeB, 'ws');
    serveA = await startServe({ home: homeA, workspace: wsA, demo: true });
    expect(serveA.syncUrl).toMatch(new RegExp(`^ws://127\\.0\\.0\\.1:${serveA.port}/sync\\?ws=[0-9a-f]{32}$`));

    // B: a second device, its own identity, joins from A's sync URL.
    const joined = await cli(homeB, 'init', '--join', serveA.syncUrl!, '--workspace', wsB, '--as', 'Blake Responder');
    const key = /member add --key ([A-Za-z0-9_-]{43}) /.exec(joined)?.[1];
    expect(key, joined).toBeDefined();
    // A's admin admits B (the CLI writing beside A's running serve).
    expect(await cli(homeA, 'member', 'add', '--key', key!, '--name', 'Blake Responder', '--role', 'responder', '--workspace', wsA)).toContain('is a member');

    serveB = await startServe({ home: homeB, workspace: wsB, demo: false });
    expect(serveB.port).not.toBe(serveA.port);
    // And A lists B: its running serve picks that up and dials it.
    expect(await cli(homeA, 'peer', 'add', serveB.syncUrl!, '--workspace', wsA)).toContain('Added peer');
    const listB = await peerListShows(homeB, wsB, /^connected\s+0\s+0\s+now\s+ws:\/\/127\.0\.0\.1/m);
    expect(listB).toContain(serveA.syncUrl!);
    await peerListShows(homeA, wsA, /^connected\s+0\s+0/m);

    browser = await launchChromium();
    const pageA = await openConsolePage(browser!, serveA.url, { waitMs: WAIT_MS, syncOnline: true });
    const pageB = await openConsolePage(browser!, serveB.url, { waitMs: WAIT_MS, syncOnline: true });
    // B's copy holds A's demo incident: it came by sync.
    expect(await pageB.locator('[data-testid="incident-header"]').textContent()).toContain('Checkout failing for EU card payments');

    const fromA = `E2E peers: created on A ${process.pid}`;
    await createTask(pageA, fromA);
    await pageB.getByRole('tab', { name: /^Tasks\b/ }).click();
    await pageB.locator('[data-testid="task-row"]', { hasText: fromA }).waitFor();

    const fromB = `E2E peers: created on B ${process.pid}`;
    await createTask(pageB, fromB);
    await pageA.locator('[data-testid="task-row"]', { hasText: fromB }).waitFor();

    // B's Peers dialog, from the command palette, for the record.
    await pageB.keyboard.press('Control+k');
    await pageB.getByLabel('Type a command').fill('peers');
    await pageB.keyboard.press('Enter');
    const dialog = pageB.getByRole('dialog', { name: 'Peers' });
    await dialog.locator('[data-testid="peer-row"][data-status="connected"]').first().waitFor();
    mkdirSync(resultsDir, { recursive: true });
    await pageB.screenshot({ path: join(resultsDir, 'peers.png') });
  }, 90_000);
});
