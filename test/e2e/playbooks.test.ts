// End to end: a playbook in the console. Debian's Chromium against a real
// `commandpost serve --demo`: publish the bundled "restart a deployment",
// start it on a service selected in the graph through the form made from its
// inputs, and watch the run move step by step as the host takes it further,
// up to its action waiting for approval under the demo's default policy.
// Every wait is for a condition in the page, never a fixed sleep.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, makeTempHome, removeTempHome, requireBuild, resultsDir, root, startServe, type ServeProcess } from './serveHarness';

const WAIT_MS = 20_000;
const SERVICE = 'payments-api';
const HASH = createHash('sha256')
  .update(readFileSync(join(root, 'resources', 'playbooks', 'restart-deployment.yaml')))
  .digest('hex');

let home = '';
let serve: ServeProcess | null = null;
let browser: Browser | null = null;
let page: Page;
const errors: string[] = [];

const step = (id: string) => page.locator(`[data-testid="run-step"][data-step="${id}"]`);

describe('playbooks in the console (Chromium against `commandpost serve --demo`)', () => {
  beforeAll(async () => {
    requireBuild();
    home = makeTempHome('cp-e2e-playbooks-');
    serve = await startServe({ home, workspace: join(home, 'ws'), demo: true });
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    page = await context.newPage();
    page.setDefaultTimeout(WAIT_MS);
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(serve.url);
    await page.waitForSelector('[data-testid="connection-status"][data-status="online"]');
    await page.waitForSelector(`[data-testid="service-node-${SERVICE}"]`);
  });

  afterAll(async () => {
    await browser?.close();
    const code = await serve?.stop();
    if (home !== '') removeTempHome(home);
    if (serve !== null && code !== 0) throw new Error(`serve exited with ${String(code)}; stderr:\n${serve.stderr()}`);
  });

  it('publishes "restart a deployment", runs it on the selected service from the form, and shows the run step by step', async () => {
    // Select the service in the graph, then open the Playbooks tab from the command palette.
    await page.click(`[data-testid="service-node-${SERVICE}"]`);
    await page.locator('[data-testid="service-panel"] h2', { hasText: 'Payments API' }).waitFor();
    await page.keyboard.press('Control+k');
    await page.getByLabel('Type a command').fill('run playbook');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[role="tab"][aria-selected="true"]:has-text("Playbooks")');
    await page
      .getByTestId('playbook-target')
      .filter({ hasText: `Selected service: ${SERVICE}` })
      .waitFor();

    const row = page.locator('[data-testid="playbook-row"][data-name="restart-deployment"]');
    await row.filter({ hasText: 'not published in this workspace' }).waitFor();
    await row.getByRole('button', { name: 'Publish' }).click();
    await page.waitForSelector(`[data-testid="playbook-row"][data-name="restart-deployment"][data-published="true"]`);
    await row.filter({ hasText: `v1 · sha256 ${HASH.slice(0, 12)} · publication 1` }).waitFor();

    await row.getByRole('button', { name: `Run on ${SERVICE}…` }).click();
    const form = page.getByRole('form', { name: 'Run Restart a deployment' });
    await form.waitFor();
    await expect(form.getByLabel('Service').inputValue()).resolves.toBe(SERVICE);
    await expect(form.getByLabel('namespace').inputValue()).resolves.toBe('default');
    await expect(form.getByLabel('environment').inputValue()).resolves.toBe('production');

    // A value the input's pattern refuses: the core names the input, and nothing starts.
    await form.getByLabel('deployment').fill('Payments API');
    await form.getByRole('button', { name: 'Start run' }).click();
    await page.getByTestId('playbook-error').filter({ hasText: 'input deployment="Payments API" does not match' }).waitFor();
    await expect(form.getByLabel('deployment').getAttribute('aria-invalid')).resolves.toBe('true');

    await form.getByLabel('deployment').fill('payments-api');
    await form.getByRole('button', { name: 'Start run' }).click();
    const details = page.getByTestId('run-details');
    await details.waitFor();
    await details
      .getByTestId('run-version')
      .filter({ hasText: `restart-deployment v1 · sha256 ${HASH.slice(0, 12)} · publication 1` })
      .waitFor();
    await expect(details.locator('h2').textContent()).resolves.toBe(`Restart a deployment on ${SERVICE}`);

    // The host's playbook service requests the restart; the view follows without a reload.
    await page.waitForSelector('[data-testid="run-step"][data-step="restart"][data-status="waiting"]');
    const action = step('restart').getByTestId('run-step-action');
    await action.filter({ hasText: 'kubernetes restart on deployment payments-api in default' }).waitFor();
    await action.filter({ hasText: 'waiting for approval' }).waitFor();
    expect(await step('settle').getAttribute('data-status')).toBe('pending');
    expect(await step('healthy').getAttribute('data-status')).toBe('pending');
    expect(await step('page-owner').getAttribute('data-status')).toBe('pending');
    await page
      .getByTestId('run-status')
      .filter({ hasText: /Running — waiting for action [0-9a-f]{8} \(pending\)/ })
      .waitFor();
    await expect(step('restart').textContent()).resolves.toMatch(/Waiting.*Rolling restart.*by Priya Natarajan/s);
    mkdirSync(resultsDir, { recursive: true });
    await page.screenshot({ path: join(resultsDir, 'playbook-run.png') });

    // Back on the list, the run is there with the step it is on.
    await page.getByRole('button', { name: '← All playbooks' }).click();
    await page.locator('[data-testid="run-row"][data-status="running"]', { hasText: 'restart: waiting' }).waitFor();
    expect(errors).toEqual([]);
  });
});
