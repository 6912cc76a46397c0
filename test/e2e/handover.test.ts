// End to end (issue 8): transfer of command in Chromium against a real
// `commandpost serve` on the demo workspace. Commander A is the serve device
// (the browser signs as it). The incoming commander B is a second device: its
// own identity in its own config dir, added to the roster by A, acting through
// the CLI on the same SQLite journal while serve runs. That is a real second
// member signing with its own key; the console sees B's entries arrive live
// (as in console.test.ts), without needing peer sync between two hosts.
import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliBin, cliEnv, launchChromium, makeTempHome, removeTempHome, requireBuild, resultsDir, root, startServe, type ServeProcess } from './serveHarness';

const execFileP = promisify(execFile);
const WAIT_MS = 20_000;

let home = '';
let homeB = '';
let workspace = '';
let serve: ServeProcess | null = null;
let browser: Browser | null = null;
let page: Page;
const pageErrors: string[] = [];

async function cli(envHome: string, user: string, ...args: string[]): Promise<{ stdout: string; stderr: string }> {
  return execFileP(process.execPath, [cliBin, ...args], { env: { ...cliEnv(envHome), USER: user }, cwd: root, timeout: WAIT_MS });
}

async function openTab(name: 'Command' | 'Timeline'): Promise<void> {
  await page.getByRole('tab', { name: new RegExp(`^${name}\\b`) }).click();
  await page.waitForSelector(`[role="tab"][aria-selected="true"]:has-text("${name}")`);
}

describe('transfer of command and the action plan in Chromium', () => {
  beforeAll(async () => {
    requireBuild();
    home = makeTempHome('cp-e2e-ics-');
    homeB = makeTempHome('cp-e2e-ics-b-');
    workspace = join(home, 'ws');
    serve = await startServe({ home, workspace, demo: true });
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    page = await context.newPage();
    page.setDefaultTimeout(WAIT_MS);
    page.on('pageerror', (err) => pageErrors.push(err.message));
    await page.goto(serve.url);
    await page.waitForSelector('[data-testid="connection-status"][data-status="online"]');
  });

  afterAll(async () => {
    await browser?.close();
    const code = await serve?.stop();
    for (const dir of [home, homeB]) if (dir !== '') removeTempHome(dir);
    if (serve !== null && code !== 0) throw new Error(`serve exited with ${String(code)}; stderr:\n${serve.stderr()}`);
  });

  it('A hands over with the briefing, B accepts as a second member, and the hash is on the timeline', async () => {
    // B's device: its own key, then added to the roster by A (the serve device) as a commander.
    await cli(homeB, 'Bo Incoming', 'init', '--workspace', join(homeB, 'own'));
    const bKey = /public key: (\S+)/.exec((await cli(homeB, 'Bo Incoming', 'identity', 'show')).stdout)?.[1] ?? '';
    expect(bKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await cli(home, 'Priya Natarajan', 'member', 'add', '--key', bKey, '--name', 'Bo Incoming', '--role', 'commander', '--workspace', workspace);

    await openTab('Command');
    await page.locator('[data-testid="commanders"]', { hasText: 'Incident commander: Priya Natarajan' }).waitFor();
    await page.locator('select[aria-label="Incoming commander"] option', { hasText: 'Bo Incoming' }).waitFor({ state: 'attached' });
    await page.getByLabel('Incoming commander').selectOption({ label: 'Bo Incoming' });
    await page.getByRole('button', { name: 'Hand over command…' }).click();
    const briefing = (await page.getByTestId('handover-briefing').textContent()) ?? '';
    expect(briefing).toMatch(/^# ICS 201 Incident briefing: Checkout failing for EU card payments\n/);
    expect(briefing).toContain('## 2. Current objectives');
    await page.getByRole('button', { name: 'Offer command to Bo Incoming' }).click();
    const pending = page.getByTestId('handover-pending');
    await pending.waitFor();
    const hash = /Briefing sha256 ([0-9a-f]{64})/.exec((await pending.textContent()) ?? '')?.[1] ?? '';
    expect(hash).toMatch(/^[0-9a-f]{64}$/);

    // B reads the journaled briefing and accepts from its own device.
    const accepted = await cli(homeB, 'Bo Incoming', 'ics', 'accept', '--workspace', workspace);
    expect(accepted.stdout.startsWith(briefing)).toBe(true);
    expect(accepted.stdout).toContain(`Briefing sha256 ${hash} journaled with the acceptance`);

    await page.locator('[data-testid="commanders"]', { hasText: 'Incident commander: Bo Incoming' }).waitFor();
    await page.locator('[data-testid="handover"]', { hasText: hash }).waitFor();
    mkdirSync(resultsDir, { recursive: true });
    await page.screenshot({ path: join(resultsDir, 'handover-command.png') });

    await openTab('Timeline');
    await page.locator('[data-testid="timeline-row"][data-kind="ics.handoverAccept"]', { hasText: `briefing sha256 ${hash}` }).waitFor();
    await page.locator('[data-testid="timeline-row"][data-kind="ics.handoverOffer"]', { hasText: `briefing sha256 ${hash}` }).waitFor();
    await page.screenshot({ path: join(resultsDir, 'handover-timeline.png') });
    expect(pageErrors).toEqual([]);
  });

  it('renders the incident action plan for the operational period with objectives and assignments', async () => {
    await openTab('Command');
    await page.getByRole('button', { name: 'Action plan (Markdown)' }).click();
    const plan = page.getByTestId('ics-markdown');
    await plan.waitFor();
    const text = (await plan.textContent()) ?? '';
    expect(text).toMatch(/^# Incident action plan: Checkout failing for EU card payments\n\n- Operational period 1: /);
    expect(text).toContain('| 1 | Restore EU card authorisations to a success rate above 99% | Lena Fischer | in progress |');
    expect(text).toContain('## ICS 204 Assignments');
    expect(text).toContain('| Route EU card traffic to the secondary acquirer | team Payments | in_progress |');
    expect(await page.getByRole('link', { name: /Download incident-action-plan\.md/ }).getAttribute('href')).toMatch(/^data:text\/markdown/);
    await page.screenshot({ path: join(resultsDir, 'incident-action-plan.png') });
    expect(pageErrors).toEqual([]);
  });
});
