// End to end: Debian's Chromium (driven by playwright-core) against a real
// `commandpost serve` child process on a temporary demo workspace. Every wait
// is for a condition in the page, never a fixed sleep, so a loaded 2-core
// machine only makes the run slower, not flaky.
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket as NodeWebSocket } from 'ws';
import { parse as parseYaml } from 'yaml';
import { cliBin, cliEnv, launchChromium, makeTempHome, removeTempHome, requireBuild, resultsDir, root, startServe, type ServeProcess } from './serveHarness';

const run = promisify(execFile);
const VIEWPORT = { width: 1920, height: 1080 };
const WAIT_MS = 20_000;

// The demo catalog is the oracle: the services the graph must show and who depends on whom.
interface DemoService {
  id: string;
  name: string;
  dependsOn?: string[];
}
const catalog = parseYaml(readFileSync(join(root, 'resources', 'demo', 'catalog.yaml'), 'utf8')) as { services: DemoService[] };
const demoStatuses = (parseYaml(readFileSync(join(root, 'resources', 'demo', 'incident.yaml'), 'utf8')) as { statuses: { service: string; status: string }[] })
  .statuses;

/**
 * Transitive dependents of `ids` in the demo catalog. One of `ids` is included
 * only when it depends on another of them (the console marks a failing service
 * as impacted too when something it depends on fails).
 */
function dependentsOf(ids: string[]): Set<string> {
  const dependents = new Map<string, string[]>();
  for (const s of catalog.services) for (const d of s.dependsOn ?? []) dependents.set(d, [...(dependents.get(d) ?? []), s.id]);
  const visited = new Set(ids);
  const found = new Set<string>();
  const queue = [...ids];
  while (queue.length > 0) {
    for (const next of dependents.get(queue.shift()!) ?? []) {
      found.add(next);
      if (visited.has(next)) continue;
      visited.add(next);
      queue.push(next);
    }
  }
  return found;
}

const node = (id: string) => `[data-testid="service-node-${id}"]`;
const serviceNodes = '[data-testid^="service-node-"]';

async function blastIds(page: Page): Promise<string[]> {
  return page.$$eval('[data-testid^="service-node-"][data-blast="true"]', (els) =>
    els.map((e) => e.getAttribute('data-testid')!.slice('service-node-'.length)).sort(),
  );
}

/** Open the console at `url` and wait until it is online with the whole graph drawn. */
async function openConsole(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage();
  page.setDefaultTimeout(WAIT_MS);
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  pageErrors.set(page, errors);
  await page.goto(url);
  await page.waitForSelector('[data-testid="connection-status"][data-status="online"]');
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid^="service-node-"]').length >= n, catalog.services.length);
  // A marker that survives only as long as the page is not reloaded.
  await page.evaluate(() => ((window as unknown as { __e2eNoReload: boolean }).__e2eNoReload = true));
  return page;
}

async function notReloaded(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as unknown as { __e2eNoReload?: boolean }).__e2eNoReload === true);
}

async function openTab(page: Page, name: 'Selection' | 'Tasks' | 'Timeline' | 'Incidents'): Promise<void> {
  const tab = page.getByRole('tab', { name: new RegExp(`^${name}\\b`) });
  await tab.click();
  await page.waitForSelector(`[role="tab"][aria-selected="true"]:has-text("${name}")`);
}

async function screenshot(page: Page, file: string): Promise<void> {
  mkdirSync(resultsDir, { recursive: true });
  await page.screenshot({ path: join(resultsDir, file) });
}

const pageErrors = new WeakMap<Page, string[]>();

let home = '';
let workspace = '';
let serve: ServeProcess | null = null;
let browser: Browser | null = null;
let contextA: BrowserContext;
let pageA: Page;

describe('the console in Chromium against `commandpost serve`', () => {
  beforeAll(async () => {
    requireBuild();
    home = makeTempHome('cp-e2e-');
    workspace = join(home, 'ws');
    serve = await startServe({ home, workspace, demo: true });
    browser = await launchChromium();
    contextA = await browser.newContext({ viewport: VIEWPORT });
    pageA = await openConsole(contextA, serve.url);
  });

  afterAll(async () => {
    await browser?.close();
    const code = await serve?.stop();
    if (home !== '') removeTempHome(home);
    // A clean stop checkpoints the journal; anything else would hide a crash.
    if (serve !== null && code !== 0) throw new Error(`serve exited with ${String(code)}; stderr:\n${serve.stderr()}`);
  });

  it('shows the demo services in the graph, with the demo incident statuses', async () => {
    const ids = await pageA.$$eval(serviceNodes, (els) => els.map((e) => e.getAttribute('data-testid')!.slice('service-node-'.length)).sort());
    expect(ids).toEqual(catalog.services.map((s) => s.id).sort());
    expect(ids).toHaveLength(41);
    for (const s of demoStatuses) expect(await pageA.getAttribute(node(s.service), 'data-status'), s.service).toBe(s.status);
    expect(await pageA.getAttribute(node('psp-adapter'), 'data-status')).toBe('down');
    expect(await pageA.getAttribute(node('redis-cache'), 'data-status')).toBe('healthy');
    // Status is said in words too, not only in colour.
    expect(await pageA.getAttribute(node('psp-adapter'), 'aria-label')).toMatch(/Down/);
    // Blast radius of the demo failures: every transitive dependent, and nothing else.
    const failing = demoStatuses.filter((s) => s.status === 'down' || s.status === 'degraded').map((s) => s.service);
    expect(await blastIds(pageA)).toEqual([...dependentsOf(failing)].sort());
    await expect(pageA.locator('[data-testid="incident-header"]').textContent()).resolves.toContain('Checkout failing for EU card payments');
    const teamNodes = await pageA.locator('[data-testid^="team-node-"]').count();
    expect(teamNodes).toBeGreaterThan(0);
    // The command palette opens on Ctrl+K and closes on Escape.
    await pageA.keyboard.press('Control+k');
    await pageA.getByRole('dialog').waitFor();
    await pageA.keyboard.press('Escape');
    await pageA.getByRole('dialog').waitFor({ state: 'detached' });
    await screenshot(pageA, 'graph.png');
  });

  it('marking a service down in the side panel highlights its dependents', async () => {
    const failingBefore = demoStatuses.filter((s) => s.status === 'down' || s.status === 'degraded').map((s) => s.service);
    const expected = [...dependentsOf([...failingBefore, 'redis-cache'])].sort();
    const newlyImpacted = [...dependentsOf(['redis-cache'])].filter((id) => !dependentsOf(failingBefore).has(id));
    expect(newlyImpacted.length).toBeGreaterThan(0); // the test means something only if redis-cache adds dependents
    for (const id of newlyImpacted) expect(await pageA.getAttribute(node(id), 'data-blast'), id).toBeNull();

    await pageA.click(node('redis-cache'));
    const panel = pageA.locator('[data-testid="service-panel"]');
    await panel.waitFor();
    await expect(panel.locator('h2').textContent()).resolves.toBe('Redis Cache');
    await panel.getByLabel('Reason').fill('e2e: connection storms');
    await panel.getByRole('button', { name: /Mark down/ }).click();

    await pageA.waitForSelector(`${node('redis-cache')}[data-status="down"]`);
    await pageA.waitForFunction(
      (ids) => ids.every((id) => document.querySelector(`[data-testid="service-node-${id}"]`)?.getAttribute('data-blast') === 'true'),
      newlyImpacted,
    );
    expect(await blastIds(pageA)).toEqual(expected);
    expect(await pageA.getAttribute(node('redis-cache'), 'data-blast')).toBeNull(); // it depends on nothing that fails
    await panel.getByTestId('service-panel-status').filter({ hasText: 'Down' }).waitFor();
    await expect(panel.textContent()).resolves.toContain(`${dependentsOf(['redis-cache']).size} dependent services`);
    await expect(panel.textContent()).resolves.toContain('e2e: connection storms');
  });

  it('creates a task, assigns it, and shows it in the task list', async () => {
    await openTab(pageA, 'Tasks');
    const title = `E2E: flush redis-cache connection pool ${Date.now()}`;
    const before = await pageA.locator('[data-testid="task-row"]').count();
    await pageA.getByLabel('Task title').fill(title);
    await pageA.getByLabel('Assign new task to').selectOption({ label: 'Team Data Platform' });
    await pageA.getByRole('button', { name: 'Create task' }).click();

    const row = pageA.locator('[data-testid="task-row"]', { hasText: title });
    await row.waitFor();
    expect(await pageA.locator('[data-testid="task-row"]').count()).toBe(before + 1);
    await row.filter({ hasText: 'Team Data Platform' }).waitFor();
    expect(await row.getAttribute('data-status')).toBe('open');

    // Re-assign it to a person and move it along.
    await row.getByLabel(`Assignee of ${title}`).selectOption({ label: 'Sam Okafor' });
    await row.filter({ hasText: 'Sam Okafor' }).waitFor();
    await row.getByLabel(`Status of ${title}`).selectOption('in_progress');
    await pageA.waitForSelector(`[data-testid="task-row"][data-status="in_progress"]:has-text("${title}")`);
    await expect(pageA.getByLabel('Task title').inputValue()).resolves.toBe(''); // the form was reset
    await row.scrollIntoViewIfNeeded();
    await screenshot(pageA, 'tasks.png');
  });

  it('two browser contexts see each other’s changes live, without reloading', async () => {
    const contextB = await browser!.newContext({ viewport: VIEWPORT });
    try {
      const pageB = await openConsole(contextB, serve!.url);
      // B sees what A did before B opened (redis-cache down), then changes made after.
      await pageB.waitForSelector(`${node('redis-cache')}[data-status="down"]`);

      // A -> B: a status change in the graph.
      await openTab(pageA, 'Selection');
      await pageA.click(node('search-index'));
      const panelA = pageA.locator('[data-testid="service-panel"]');
      await panelA.locator('h2', { hasText: 'Search Index' }).waitFor();
      await panelA.getByRole('button', { name: /Mark degraded/ }).click();
      await pageB.waitForSelector(`${node('search-index')}[data-status="degraded"]`);
      await pageB.waitForSelector(`${node('search-service')}[data-blast="true"]`);

      // B -> A: a new task in the task list.
      await openTab(pageA, 'Tasks');
      await openTab(pageB, 'Tasks');
      const title = `E2E: created in the second browser ${Date.now()}`;
      await pageB.getByLabel('Task title').fill(title);
      await pageB.getByRole('button', { name: 'Create task' }).click();
      await pageA.locator('[data-testid="task-row"]', { hasText: title }).waitFor();

      expect(await notReloaded(pageA)).toBe(true);
      expect(await notReloaded(pageB)).toBe(true);
      expect(pageErrors.get(pageB)).toEqual([]);
    } finally {
      await contextB.close();
    }
  });

  it('refuses a wrong token: the page says the token is not valid, and API calls fail', async () => {
    const bad = `${serve!.origin}/?token=not-the-token`;
    // Outside the browser: the WebSocket upgrade is answered 401.
    const status = await new Promise<number>((resolve, reject) => {
      const socket = new NodeWebSocket(`ws://127.0.0.1:${serve!.port}/api?token=not-the-token`);
      socket.once('open', () => {
        socket.close();
        resolve(101);
      });
      socket.once('unexpected-response', (_req, res) => {
        resolve(res.statusCode ?? 0);
        res.resume();
        socket.terminate();
      });
      socket.once('error', reject);
    });
    expect(status).toBe(401);

    const context = await browser!.newContext({ viewport: VIEWPORT });
    try {
      const page = await context.newPage();
      page.setDefaultTimeout(WAIT_MS);
      await page.goto(bad);
      // What a user sees: why (the token is not this server's) and how to get a working URL; no workspace, no graph.
      // (test/e2e/accessDenied.test.ts covers this page, the missing token and a restart under an open tab.)
      await expect(page.locator('[data-testid="access-denied"][data-reason="invalid"]').textContent()).resolves.toContain('not valid for this server');
      expect(await page.locator(serviceNodes).count()).toBe(0);
      expect(await page.locator('body').textContent()).not.toContain('Checkout failing for EU card payments');
      // An API call from the page: the socket never opens.
      const outcome = await page.evaluate(
        (url) =>
          new Promise<string>((resolve) => {
            const socket = new WebSocket(url);
            socket.onopen = () => {
              socket.send(JSON.stringify({ id: 1, method: 'state:get', params: {} }));
              socket.onmessage = () => resolve('answered');
            };
            socket.onclose = (e) => resolve(`closed ${e.code}`);
          }),
        `ws://127.0.0.1:${serve!.port}/api?token=not-the-token`,
      );
      expect(outcome).toBe('closed 1006');
    } finally {
      await context.close();
    }
  });

  it('shows a change the CLI makes from another process live, in the graph and the timeline', async () => {
    await openTab(pageA, 'Timeline');
    await pageA.waitForSelector('[data-testid="timeline-row"]');
    expect(await pageA.getAttribute(node('cdn'), 'data-status')).toBe('healthy');
    const cli = await run(process.execPath, [cliBin, 'service', 'status', 'cdn', 'down', '--reason', 'e2e edge outage', '--workspace', workspace], {
      env: cliEnv(home),
      cwd: root,
      timeout: WAIT_MS,
    });
    expect(cli.stderr).toBe('');

    await pageA.waitForSelector(`${node('cdn')}[data-status="down"]`);
    for (const id of dependentsOf(['cdn'])) await pageA.waitForSelector(`${node(id)}[data-blast="true"]`);
    await pageA.locator('[data-testid="timeline-row"][data-kind="service.status"]', { hasText: 'cdn · down' }).waitFor();
    expect(await notReloaded(pageA)).toBe(true);
    expect(pageErrors.get(pageA)).toEqual([]);
    await screenshot(pageA, 'timeline.png');
  });
});
