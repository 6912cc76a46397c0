// End to end, acceptance of tabletop exercises (issue 7), in Chromium against
// two real `commandpost serve` processes with their own device identities.
// The facilitator (F) serves a fresh workspace and starts a bundled scenario
// at 60x from the Exercise tab; the participant (P) joins F's workspace by
// sync (`init --join`), F casts P's device as the incident commander from the
// panel, and P's own console shows the exercise. F's host fires the injects
// on time; P answers "orders-db is down" by opening an incident, giving the
// failover to the data team, requesting the failover workflow (it waits for
// an approval) and posting a Slack update that the policy lets go at once,
// which P's host dispatches to the sandbox: in an exercise nothing leaves the
// machine. F ends the exercise and the
// after-action report shows the score. Waits are for conditions, never fixed
// sleeps.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, makeTempHome, requireBuild, resultsDir, startServe, type ServeProcess, runCli, stopPair } from './serveHarness';

const WAIT_MS = 30_000;
const VIEWPORT = { width: 1600, height: 1000 };

let homeF = '';
let homeP = '';
let serveF: ServeProcess | null = null;
let serveP: ServeProcess | null = null;
let browser: Browser | null = null;

const cli = runCli;

async function openConsole(url: string): Promise<Page> {
  const page = await browser!.newPage({ viewport: VIEWPORT });
  page.setDefaultTimeout(WAIT_MS);
  await page.goto(url);
  await page.waitForSelector('[data-testid="connection-status"][data-status="online"]');
  return page;
}

const banner = (page: Page) => page.getByTestId('exercise-banner');
const inject = (page: Page, id: string) => page.locator(`[data-testid="exercise-inject"][data-inject="${id}"][data-status="fired"]`);

async function tab(page: Page, name: string): Promise<void> {
  await page.getByRole('tab', { name: new RegExp(`^${name}\\b`) }).click();
}

describe('a tabletop exercise in Chromium, facilitator and participant on their own hosts', () => {
  beforeAll(() => {
    requireBuild();
    homeF = makeTempHome('cp-e2e-fac-');
    homeP = makeTempHome('cp-e2e-part-');
  });

  afterAll(async () => {
    await browser?.close();
    await stopPair([
      { label: 'F', serve: serveF, home: homeF },
      { label: 'P', serve: serveP, home: homeP },
    ]);
  });

  it('F runs a scenario at 60x, P answers an inject with a task and a sandboxed action, and the report shows the score', async () => {
    // F: a fresh workspace of its own (an exercise is refused in one with real incidents), served.
    const wsF = join(homeF, 'ws');
    const wsP = join(homeP, 'ws');
    await cli(homeF, 'init', '--workspace', wsF, '--name', 'War game room', '--as', 'Fiona Facilitator');
    serveF = await startServe({ home: homeF, workspace: wsF, demo: false });
    browser = await launchChromium();
    const pageF = await openConsole(serveF.url);

    // The Exercise tab by its key; start the bundled scenario at 60x.
    await pageF.locator('body').press('x');
    const start = pageF.getByRole('form', { name: 'Start an exercise' });
    await start.getByLabel('Scenario', { exact: true }).selectOption('database-failover-peak');
    await start.getByLabel('Speed', { exact: true }).selectOption('60');
    await start.getByRole('button', { name: 'Start exercise' }).click();
    await expect
      .poll(() => banner(pageF).textContent(), { timeout: WAIT_MS })
      .toMatch(/^EXERCISE — Database failover under peak load — T\+\d\d:\d\d — 60× — running/);
    // Hold the clock while the participant joins.
    await pageF.getByRole('button', { name: 'Pause' }).click();
    await pageF.locator('[data-testid="exercise-banner"][data-status="paused"]').waitFor();

    // P: its own device joins F's workspace from the sync URL; F casts that device as the commander.
    const joined = await cli(homeP, 'init', '--join', serveF.syncUrl!, '--workspace', wsP, '--as', 'Ana Commander');
    const key = /member add --key ([A-Za-z0-9_-]{43}) /.exec(joined)?.[1];
    expect(key, joined).toBeDefined();
    const cast = pageF.getByRole('form', { name: 'Cast a participant' });
    await cast.getByLabel('Participant', { exact: true }).selectOption('commander');
    await cast.getByLabel('Device key', { exact: true }).fill(key!);
    await cast.getByLabel('Name', { exact: true }).fill('Ana Commander');
    await cast.getByRole('button', { name: 'Cast' }).click();
    await pageF.locator('[data-testid="exercise-participant"][data-participant="commander"][data-cast="true"]', { hasText: 'Ana Commander' }).waitFor();

    serveP = await startServe({ home: homeP, workspace: wsP, demo: false });
    const pageP = await openConsole(serveP.url);
    // The exercise reached P by sync: the banner, and the panel knows whom P plays.
    await pageP.locator('[data-testid="exercise-banner"][data-status="paused"]').waitFor();
    expect(await banner(pageP).textContent()).toContain('EXERCISE — Database failover under peak load');
    await pageP.locator('body').press('x');
    await pageP.getByText('You play Incident commander.').waitFor();

    // F resumes at 60x; F's host fires the injects on time, and P sees them arrive.
    await pageF.getByRole('button', { name: 'Resume' }).click();
    await inject(pageF, 'replication-lag').waitFor();
    await inject(pageP, 'replication-lag').waitFor();
    await inject(pageF, 'db-down').waitFor();
    // The team gets time to answer (a facilitator's call); scenario time stands still meanwhile.
    await pageF.getByRole('button', { name: 'Pause' }).click();
    await inject(pageP, 'db-down').waitFor();
    expect(await inject(pageP, 'db-down').textContent()).toContain('orders-db is down');

    // P answers: an incident, the failover task for the data team, and the failover workflow.
    await tab(pageP, 'Incidents');
    await pageP.getByLabel('Incident title').fill('Orders DB down under peak load');
    await pageP.getByRole('form', { name: 'Open an incident' }).getByLabel('Severity', { exact: true }).selectOption('1');
    await pageP.getByRole('button', { name: 'Open incident' }).click();
    await pageP.locator('[data-testid="incident-header"]', { hasText: 'Orders DB down under peak load' }).waitFor();

    await tab(pageP, 'Tasks');
    await pageP.getByLabel('Task title').fill('Fail over orders-db to replica orders-db-1');
    await pageP.getByLabel('Assign new task to').selectOption('team:data');
    await pageP.getByRole('button', { name: 'Create task' }).click();
    await pageP.locator('[data-testid="task-row"]', { hasText: 'Fail over orders-db to replica orders-db-1' }).waitFor();

    await tab(pageP, 'Actions');
    await pageP.getByRole('button', { name: /Request an action$/ }).click();
    const composer = pageP.getByRole('form', { name: 'Request an action' });
    await composer.getByLabel('Connector', { exact: true }).selectOption('github');
    await composer.getByLabel('Operation', { exact: true }).selectOption('workflow_dispatch');
    await composer.getByLabel('Environment', { exact: true }).fill('production');
    await composer.getByLabel('Risk', { exact: true }).selectOption('high');
    await composer.getByLabel('Target', { exact: true }).fill('shop/db-ops: db-failover.yml (orders-db)');
    await composer.getByLabel('Summary', { exact: true }).fill('Promote orders-db-1 to primary');
    await composer.getByLabel('Parameters (JSON)').fill(JSON.stringify({ owner: 'shop', repo: 'db-ops', workflow: 'db-failover.yml', ref: 'main' }));
    await composer.getByRole('button', { name: 'Preview' }).click();
    await pageP.getByTestId('composer-preview').waitFor();
    await composer.getByRole('button', { name: 'Request action' }).click();
    await pageP.locator('[data-testid="action-row"][data-status="pending"]', { hasText: 'Promote orders-db-1 to primary' }).waitFor();

    // A low-risk Slack update the policy lets go at once: P's host dispatches it, and in an exercise
    // that can only ever mean the sandbox (nothing leaves the machine).
    await composer.getByLabel('Connector', { exact: true }).selectOption('slack');
    await composer.getByLabel('Operation', { exact: true }).selectOption('post_message');
    await composer.getByLabel('Risk', { exact: true }).selectOption('low');
    await composer.getByLabel('Target', { exact: true }).fill('Slack #exec');
    await composer.getByLabel('Summary', { exact: true }).fill('Tell VP Commerce the failover ETA');
    await composer.getByLabel('Parameters (JSON)').fill(JSON.stringify({ channel: '#exec', text: 'ETA: failover running, checkout back within 10 min' }));
    await composer.getByRole('button', { name: 'Request action' }).click();
    const slack = pageP.locator('[data-testid="action-row"][data-status="succeeded"]', { hasText: 'Tell VP Commerce the failover ETA' });
    await slack.waitFor();
    expect(await slack.getByTestId('action-result').textContent()).toMatch(/sandbox/);

    // The answer reached the facilitator, on the journal timeline with the injects.
    await tab(pageF, 'Timeline');
    await pageF.locator('[data-testid="timeline-row"][data-kind="action.request"]', { hasText: 'Promote orders-db-1 to primary' }).waitFor();
    expect(await pageF.locator('[data-testid="timeline-row"][data-kind="exercise.inject"]', { hasText: 'inject db-down: orders-db is down' }).count()).toBe(1);

    // On to the VP's message: P reads it in the Exercise panel, addressed to the commander.
    await pageF.locator('body').press('x');
    await pageF.getByRole('button', { name: 'Resume' }).click();
    await pageP.locator('body').press('x');
    const vp = pageP.locator('[data-testid="exercise-message"][data-inject="vp-message"]');
    await vp.waitFor();
    expect(await vp.textContent()).toContain('VP Commerce → commander');
    expect(await vp.getAttribute('class')).toContain('for-me');

    // F ends it (asked once); the report shows the score, for F and then for P.
    await pageF.getByRole('button', { name: 'End exercise…' }).click();
    const end = pageF.getByRole('form', { name: 'End the exercise' });
    await end.getByLabel('Reason', { exact: true }).fill('objectives covered');
    await end.getByRole('button', { name: 'End exercise now' }).click();
    await pageF.locator('[data-testid="exercise-banner"][data-status="ended"]').waitFor();
    const score = pageF.getByTestId('exercise-score');
    await score.waitFor();
    const scored = /^Score: (\d+) \/ 100$/.exec((await score.textContent()) ?? '');
    expect(scored, (await score.textContent()) ?? '').not.toBeNull();
    expect(Number(scored![1])).toBeGreaterThanOrEqual(30);
    // P's answers count: both were made while the clock stood just after db-down.
    expect(await pageF.locator('[data-testid="rubric-row"][data-item="failover-task"]').getAttribute('data-outcome')).toBe('met');
    expect(await pageF.locator('[data-testid="rubric-row"][data-item="failover-request"]').getAttribute('data-outcome')).toBe('met');
    expect(await pageF.getByRole('link', { name: 'Download Markdown' }).getAttribute('href')).toMatch(/^data:text\/markdown;charset=utf-8,/);

    await pageP.locator('[data-testid="exercise-banner"][data-status="ended"]').waitFor();
    await pageP.getByTestId('exercise-score').waitFor();
    expect(await pageP.getByTestId('exercise-score').textContent()).toBe(await score.textContent());

    // The report from its score down, for the record.
    await score.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    mkdirSync(resultsDir, { recursive: true });
    await pageF.screenshot({ path: join(resultsDir, 'exercise-report.png') });
  }, 180_000);
});
