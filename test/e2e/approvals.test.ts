// End to end, acceptance of issue 6: two people on two devices (two
// `commandpost serve` processes with their own identities, synced as peers),
// each in their own browser context. The incident commander on A requests a
// webhook action in the console; it shows as blocked and why; the approver on
// B sees it in the approvals inbox with the preview and approves; A's
// dispatcher sends it — a local receiver gets exactly one request with a valid
// HMAC signature — and the result is on both consoles' timelines.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../integration/dispatch/receiver';
import { cliBin, cliEnv, launchChromium, makeTempHome, requireBuild, resultsDir, root, startServe, type ServeProcess, runCli, stopPair } from './serveHarness';

const WAIT_MS = 30_000;
const VIEWPORT = { width: 1600, height: 1000 };
const SECRET = `e2e-hmac-${process.pid}-never-shown`;

let homeA = '';
let homeB = '';
let serveA: ServeProcess | null = null;
let serveB: ServeProcess | null = null;
let browser: Browser | null = null;
let receiver: Receiver | null = null;

const cli = runCli;

/** One person: a browser context of their own, on their own device's console. */
async function openConsole(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage();
  page.setDefaultTimeout(WAIT_MS);
  await page.goto(url);
  await page.waitForSelector('[data-testid="connection-status"][data-status="online"]');
  await page.waitForSelector('[data-testid="sync-status"][data-status="online"]');
  await page.getByRole('tab', { name: /^Actions\b/ }).click();
  return page;
}

describe('two-person approval of a webhook action, in Chromium', () => {
  beforeAll(async () => {
    requireBuild();
    homeA = makeTempHome('cp-e2e-approve-a-');
    homeB = makeTempHome('cp-e2e-approve-b-');
    receiver = await startReceiver(SECRET, () => Date.now());
  });

  afterAll(async () => {
    await browser?.close();
    await receiver?.close();
    const stderr = await stopPair([
      { label: 'A', serve: serveA, home: homeA },
      { label: 'B', serve: serveB, home: homeB },
    ]);
    expect(stderr).not.toContain(SECRET);
  });

  it('A requests, B approves, the receiver gets exactly one signed request, both timelines show the result', async () => {
    const wsA = join(homeA, 'ws');
    const wsB = join(homeB, 'ws');
    // A's device holds the webhook's HMAC key in its secret store; it never leaves A.
    const stored = spawnSync(process.execPath, [cliBin, 'connector', 'secret', 'set', 'deploy-hook'], {
      env: cliEnv(homeA),
      cwd: root,
      input: SECRET,
      encoding: 'utf8',
    });
    expect(stored.status, stored.stderr).toBe(0);
    serveA = await startServe({ home: homeA, workspace: wsA, demo: true });

    const joined = await cli(homeB, 'init', '--join', serveA.syncUrl!, '--workspace', wsB, '--as', 'Blake Approver');
    const key = /member add --key ([A-Za-z0-9_-]{43}) /.exec(joined)?.[1];
    expect(key, joined).toBeDefined();
    await cli(homeA, 'member', 'add', '--key', key!, '--name', 'Blake Approver', '--role', 'approver', '--workspace', wsA);
    serveB = await startServe({ home: homeB, workspace: wsB, demo: false });
    await cli(homeA, 'peer', 'add', serveB.syncUrl!, '--workspace', wsA);

    browser = await launchChromium();
    const pageA = await openConsole(await browser.newContext({ viewport: VIEWPORT }), serveA.url);
    const pageB = await openConsole(await browser.newContext({ viewport: VIEWPORT }), serveB.url);

    // A composes the action, looks at the dry run, and requests it.
    const summary = `E2E: restart payments-api via the deploy hook ${process.pid}`;
    await pageA.getByRole('button', { name: /Request an action/ }).click();
    await pageA.getByLabel('Connector').selectOption('webhook');
    await pageA.getByLabel('Operation').selectOption('post');
    await pageA.getByLabel('Environment').fill('production');
    await pageA.getByLabel('Risk').selectOption('medium');
    await pageA.getByLabel('Target').fill('payments-api');
    await pageA.getByLabel('Summary').fill(summary);
    await pageA.getByLabel('Parameters (JSON)').fill(JSON.stringify({ url: receiver!.url, payload: { text: 'restart payments-api' }, secret: 'deploy-hook' }));
    await pageA.getByRole('button', { name: 'Preview', exact: true }).click();
    const preview = pageA.getByTestId('composer-preview');
    await expect.poll(() => preview.textContent(), { timeout: WAIT_MS }).toContain(`POST a signed JSON payload to ${receiver!.url}`);
    expect(await preview.textContent()).toMatch(/Would wait under rule production-change/);
    await pageA.getByRole('button', { name: 'Request action', exact: true }).click();

    const rowA = pageA.locator('[data-testid="action-row"]', { hasText: summary });
    await rowA.waitFor();
    expect(await rowA.getAttribute('data-status')).toBe('pending');
    await expect.poll(() => rowA.getByTestId('action-why').textContent(), { timeout: WAIT_MS }).toMatch(/Blocked.*needs 1 more approval/s);
    expect(await rowA.getByRole('button', { name: 'Approve' }).isDisabled()).toBe(true);

    // B, another person on another device, finds it in the inbox (it came by sync) and approves it.
    const inboxB = pageB.getByRole('region', { name: 'Approvals inbox' });
    const rowB = inboxB.locator('[data-testid="action-row"]', { hasText: summary });
    await rowB.waitFor();
    expect(await rowB.getByTestId('action-preview').textContent()).toContain(receiver!.url);
    await rowB.getByLabel(`Comment on ${summary}`).fill('Approved from the war room');
    await rowB.getByRole('button', { name: 'Approve' }).click();

    // A's dispatcher sends it once the approval reaches A; both consoles show the outcome.
    for (const page of [pageA, pageB]) {
      await page.locator('[data-testid="action-row"][data-status="succeeded"]', { hasText: summary }).waitFor();
    }
    expect(receiver!.requests).toHaveLength(1);
    expect(receiver!.requests[0]).toMatchObject({ signed: true });
    expect(JSON.parse(receiver!.requests[0]!.body)).toEqual({ text: 'restart payments-api' });

    for (const page of [pageA, pageB]) {
      await page.getByRole('tab', { name: /^Timeline\b/ }).click();
      await page.locator('[data-testid="timeline-row"][data-kind="action.result"]', { hasText: 'succeeded' }).waitFor();
      await page.locator('[data-testid="timeline-row"][data-kind="action.approve"]', { hasText: 'Approved from the war room' }).waitFor();
    }
    mkdirSync(resultsDir, { recursive: true });
    await pageB.getByRole('tab', { name: /^Actions\b/ }).click();
    await pageB.screenshot({ path: join(resultsDir, 'approvals.png') });
    // Still exactly one request: nothing was re-sent while the result travelled.
    expect(receiver!.requests).toHaveLength(1);
    for (const page of [pageA, pageB]) expect(await page.content()).not.toContain(SECRET);
  }, 120_000);
});
