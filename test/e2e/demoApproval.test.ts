// End to end (issue 13, part 3a): a full approval on one machine with the
// demo. The commander's console (`serve --demo`) requests a production change;
// its card says in plain text why the requester cannot approve it and who
// can; the demo's second member, Avery Demo-Approver, approves it from a
// second console (`serve --as demo-approver`, signing with their own key from
// this device's secret store), and the commander's dispatcher sends it: the
// local receiver gets exactly one signed request.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../integration/dispatch/receiver';
import { cliBin, cliEnv, launchChromium, makeTempHome, requireBuild, resultsDir, root, runCli, startServe, stopPair, type ServeProcess } from './serveHarness';
import { actionRequestArgs } from '../support/actionRequestArgs';

const WAIT_MS = 30_000;
const VIEWPORT = { width: 1600, height: 1000 };
const SECRET = `e2e-demo-hmac-${process.pid}`;

let home = '';
let commander: ServeProcess | null = null;
let approver: ServeProcess | null = null;
let browser: Browser | null = null;
let receiver: Receiver | null = null;

async function openActions(url: string): Promise<Page> {
  const page = await browser!.newPage({ viewport: VIEWPORT });
  page.setDefaultTimeout(WAIT_MS);
  await page.goto(url);
  await page.waitForSelector('[data-testid="connection-status"][data-status="online"]');
  // The Actions tab by its key (A): the tab strip may fold tabs into a "More" menu at some widths.
  await page.locator('body').press('a');
  await page.getByRole('region', { name: 'Approvals inbox' }).waitFor();
  return page;
}

describe('the demo completes an approval on one machine', () => {
  beforeAll(async () => {
    requireBuild();
    home = makeTempHome('cp-e2e-demo-approval-');
    receiver = await startReceiver(SECRET, () => Date.now());
  });

  afterAll(async () => {
    await browser?.close();
    await receiver?.close();
    // Both serves share one home: the approver's window stops first, the home is removed once.
    await stopPair([
      { label: 'commander', serve: commander, home },
      { label: 'demo approver', serve: approver, home: '' },
    ]);
  });

  it('the requester is told why not and who can; the demo approver approves from a second console; it is sent once', async () => {
    const workspace = join(home, 'ws');
    const stored = spawnSync(process.execPath, [cliBin, 'connector', 'secret', 'set', 'deploy-hook'], {
      env: cliEnv(home),
      cwd: root,
      input: SECRET,
      encoding: 'utf8',
    });
    expect(stored.status, stored.stderr).toBe(0);
    commander = await startServe({ home, workspace, demo: true });
    expect(commander.stderr()).toContain(`--as demo-approver`);
    approver = await startServe({ home, workspace, demo: false, args: ['--as', 'demo-approver'] });
    expect(approver.port).not.toBe(commander.port);

    const summary = `E2E demo: restart payments-api ${process.pid}`;
    const params = JSON.stringify({ url: receiver!.url, payload: { text: 'restart payments-api' }, secret: 'deploy-hook' });
    await runCli(
      home,
      ...actionRequestArgs({
        connector: 'webhook',
        operation: 'post',
        env: 'production',
        risk: 'medium',
        target: 'payments-api',
        summary: summary,
        params,
      }),
      '--workspace',
      workspace,
    );

    browser = await launchChromium();
    const pageIc = await openActions(commander.url);
    const row = pageIc.locator('[data-testid="action-row"]', { hasText: summary });
    await row.waitFor();
    expect(await row.getByRole('button', { name: 'Approve' }).isDisabled()).toBe(true);
    const why = await row.getByTestId('approve-why').textContent();
    expect(why).toContain('You requested this action, so you cannot approve it: the policy never counts the requester (separation of duties).');
    expect(why).toMatch(/Who can: a member with the role approver or commander — .*Avery Demo-Approver/);
    expect(why).toContain('commandpost serve --as demo-approver');
    mkdirSync(resultsDir, { recursive: true });
    await row.getByTestId('approve-why').scrollIntoViewIfNeeded();
    await row.screenshot({ path: join(resultsDir, 'demo-approval-requester.png') });

    const pageAp = await openActions(approver.url);
    const inbox = pageAp.getByRole('region', { name: 'Approvals inbox' });
    const rowAp = inbox.locator('[data-testid="action-row"]', { hasText: summary });
    await rowAp.waitFor();
    await rowAp.getByLabel(`Comment on ${summary}`).fill('Approved by the demo approver');
    await rowAp.getByRole('button', { name: 'Approve' }).click();

    for (const page of [pageIc, pageAp]) {
      await page.locator('[data-testid="action-row"][data-status="succeeded"]', { hasText: summary }).waitFor();
    }
    expect(receiver!.requests).toHaveLength(1);
    expect(receiver!.requests[0]).toMatchObject({ signed: true });
    await pageIc.locator('body').press('l');
    await pageIc.locator('[data-testid="timeline-row"][data-kind="action.approve"]', { hasText: 'Approved by the demo approver' }).waitFor();
    await pageAp.screenshot({ path: join(resultsDir, 'demo-approval-approver.png') });
  }, 120_000);
});
