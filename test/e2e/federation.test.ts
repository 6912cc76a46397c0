// End to end, the README's two-site quick start: two `commandpost serve`
// relays with their own identities, each federating through its own NATS
// leaf node of one hub (real nats-server processes). Site B joins, is
// admitted, drops A as a direct peer, and receives the whole workspace
// through the stream; tasks created in A's console appear in B's, in
// Chromium; B's Peers dialog shows the federation, and the link going down
// and coming back (its leaf node killed and restarted) with a task created
// meanwhile arriving afterwards.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NatsCluster } from '../support/natsCluster';
import {
  launchChromium,
  makeTempHome,
  requireBuild,
  resultsDir,
  runCli,
  startServe,
  stopPair,
  type ServeProcess,
  createTask,
  openConsolePage,
} from './serveHarness';

const WAIT_MS = 30_000;

let homeA = '';
let homeB = '';
let serveA: ServeProcess | null = null;
let serveB: ServeProcess | null = null;
let browser: Browser | null = null;
let cluster: NatsCluster | null = null;

describe('two sites federated over NATS, in Chromium', () => {
  beforeAll(async () => {
    requireBuild();
    homeA = makeTempHome('cp-e2e-fed-a-');
    homeB = makeTempHome('cp-e2e-fed-b-');
    cluster = new NatsCluster(join(homeA, 'nats'), 2);
    await cluster.start();
  });

  afterAll(async () => {
    await browser?.close();
    await cluster?.close();
    await stopPair([
      { label: 'A', serve: serveA, home: homeA },
      { label: 'B', serve: serveB, home: homeB },
    ]);
  });

  it('site B gets the workspace through the stream, sees A’s changes live, and catches up after its link returns', async () => {
    const nats = cluster!;
    const federate = (i: number) => ['--federate', nats.leaves[i]!.url, '--federate-domain', 'hub'];
    const wsA = join(homeA, 'ws');
    const wsB = join(homeB, 'ws');
    serveA = await startServe({ home: homeA, workspace: wsA, demo: true, args: federate(0) });
    const joined = await runCli(homeB, 'init', '--join', serveA.syncUrl!, '--workspace', wsB, '--as', 'Site B');
    const key = /member add --key ([A-Za-z0-9_-]{43}) /.exec(joined)?.[1];
    expect(key, joined).toBeDefined();
    expect(await runCli(homeA, 'member', 'add', '--key', key!, '--name', 'Site B', '--role', 'responder', '--workspace', wsA)).toContain('is a member');
    // B talks to A only through NATS from here on.
    expect(await runCli(homeB, 'peer', 'remove', serveA.syncUrl!, '--workspace', wsB)).toContain('Removed peer');
    serveB = await startServe({ home: homeB, workspace: wsB, demo: false, args: federate(1) });

    browser = await launchChromium();
    const pageA = await openConsolePage(browser!, serveA.url, { waitMs: WAIT_MS, syncOnline: false });
    const pageB = await openConsolePage(browser!, serveB.url, { waitMs: WAIT_MS, syncOnline: false });
    // B joined with the genesis only: the demo incident came through the stream.
    expect(await pageB.locator('[data-testid="incident-header"]').textContent()).toContain('Checkout failing for EU card payments');
    await pageB.waitForSelector('[data-testid="sync-status"][data-status="online"]');
    expect(await pageB.locator('[data-testid="sync-status"]').textContent()).toContain('other rooms linked');

    const live = `E2E federation: from site A ${process.pid}`;
    await createTask(pageA, live);
    await pageB.getByRole('tab', { name: /^Tasks\b/ }).click();
    await pageB.locator('[data-testid="task-row"]', { hasText: live }).waitFor();

    await pageB.keyboard.press('Control+k');
    await pageB.getByLabel('Type a command').fill('peers');
    await pageB.keyboard.press('Enter');
    const dialog = pageB.getByRole('dialog', { name: 'Peers' });
    await dialog.locator('[data-testid="federation"][data-state="connected"]').waitFor();
    mkdirSync(resultsDir, { recursive: true });
    await pageB.screenshot({ path: join(resultsDir, 'federation.png') });

    // Site B's uplink goes: its leaf node dies. A keeps working; B's dialog says so.
    await nats.stopLeaf(1);
    await dialog.locator('[data-testid="federation"][data-state="disconnected"]').waitFor();
    const meanwhile = `E2E federation: while site B was cut off ${process.pid}`;
    await createTask(pageA, meanwhile);
    await pageA.locator('[data-testid="task-row"]', { hasText: meanwhile }).waitFor();
    expect(await pageB.locator('[data-testid="task-row"]', { hasText: meanwhile }).count()).toBe(0);

    await nats.startLeaf(1);
    await dialog.locator('[data-testid="federation"][data-state="connected"]').waitFor();
    await pageB.keyboard.press('Escape');
    await pageB.locator('[data-testid="task-row"]', { hasText: meanwhile }).waitFor();
  }, 150_000);
});
