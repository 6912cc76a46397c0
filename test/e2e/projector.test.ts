// The console on a 1080p projector (issue 13, part 3b): Debian's Chromium at
// 1920x1080 against a real `commandpost serve --demo` on a temp workspace.
// Every layout promise is measured in the page (boxes, scroll widths), and the
// blast-radius highlight is counted against the pure rule run on the demo
// state the server holds. Waits are for conditions, never fixed sleeps.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { KIND_LABELS } from '../../shared/entries';
import { edgesTouchingImpact, propagationEdges, type WorkspaceState } from '../../shared/state';
import { launchChromium, makeTempHome, removeTempHome, requireBuild, resultsDir, startServe, type ServeProcess } from './serveHarness';

const VIEWPORT = { width: 1920, height: 1080 };
const WAIT_MS = 20_000;
const DEMO_SERVICES = 41;

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

const intersects = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

// Only what the blast rule reads, parsed at the boundary (the server's state:get answer).
const DemoState = z.object({
  services: z.record(z.string(), z.object({ id: z.string(), status: z.enum(['healthy', 'degraded', 'down', 'unknown']), retired: z.boolean() }).passthrough()),
  edges: z.record(z.string(), z.object({ type: z.enum(['dependsOn', 'ownedBy']), from: z.string(), to: z.string(), tags: z.array(z.string()) })),
});
const StateAnswer = z.object({ ok: z.literal(true), value: z.object({ state: DemoState }) });

let home = '';
let serve: ServeProcess | null = null;
let browser: Browser | null = null;
let page: Page;
const errors: string[] = [];

async function openConsole(viewport: { width: number; height: number }): Promise<Page> {
  if (browser === null || serve === null) throw new Error('the browser and serve start in beforeAll');
  const p = await (await browser.newContext({ viewport })).newPage();
  p.setDefaultTimeout(WAIT_MS);
  p.on('pageerror', (err) => errors.push(err.message));
  await p.goto(serve.url);
  await p.waitForSelector('[data-testid="connection-status"][data-status="online"]');
  await p.waitForFunction((n) => document.querySelectorAll('[data-testid^="service-node-"]').length >= n, DEMO_SERVICES);
  return p;
}

async function openTab(p: Page, name: string): Promise<void> {
  await p.getByRole('tab', { name: new RegExp(`^${name}$`) }).click();
  await p.waitForSelector(`[role="tab"][aria-selected="true"]:has-text("${name}")`);
}

/** The demo state as the server holds it, asked over the page's own API socket. */
async function serverState(p: Page): Promise<Pick<WorkspaceState, 'edges' | 'services'>> {
  if (serve === null) throw new Error('serve starts in beforeAll');
  const answer: unknown = await p.evaluate(
    (url) =>
      new Promise<unknown>((resolve, reject) => {
        const socket = new WebSocket(url);
        socket.onopen = () => socket.send(JSON.stringify({ id: 1, method: 'state:get', params: {} }));
        socket.onmessage = (e) => {
          const frame = JSON.parse(String(e.data)) as { id?: unknown };
          if (frame.id !== 1) return;
          socket.close();
          resolve(frame);
        };
        socket.onerror = () => reject(new Error('the API socket failed'));
      }),
    `ws://127.0.0.1:${serve.port}/api?token=${serve.token}`,
  );
  // The rule reads services' status and retirement and the edges; the parse checks exactly those.
  return StateAnswer.parse(answer).value.state as unknown as Pick<WorkspaceState, 'edges' | 'services'>;
}

/** "YYYY-MM-DDTHH:mm" in local time, for an <input type="datetime-local">. */
function localInput(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

describe('the console on a 1920x1080 projector', () => {
  beforeAll(async () => {
    requireBuild();
    mkdirSync(resultsDir, { recursive: true });
    home = makeTempHome('cp-e2e-projector-');
    serve = await startServe({ home, workspace: join(home, 'ws'), demo: true });
    browser = await launchChromium();
    page = await openConsole(VIEWPORT);
  });

  afterAll(async () => {
    await browser?.close();
    const code = await serve?.stop();
    if (home !== '') removeTempHome(home);
    if (serve !== null && code !== 0) throw new Error(`serve exited with ${String(code)}; stderr:\n${serve.stderr()}`);
  });

  it('keeps the header on one line', async () => {
    const header = await page.$eval('header.incident-header', (el) => {
      const box = el.getBoundingClientRect();
      const title = el.querySelector('.incident-title');
      const lineHeight = title === null ? 0 : title.getBoundingClientRect().height;
      // Every item of the header, down to the leaves of its groups: all must cross the header's midline.
      const items = [...el.querySelectorAll('.brand, .incident-summary > *, .header-right > *')].map((item) => {
        const r = item.getBoundingClientRect();
        return { text: (item.textContent ?? '').trim(), top: r.top, bottom: r.bottom };
      });
      return { top: box.top, height: box.height, lineHeight, items, scrollWidth: el.scrollWidth, clientWidth: el.clientWidth };
    });
    expect(header.lineHeight).toBeGreaterThan(0);
    expect(header.height).toBeLessThan(2 * header.lineHeight);
    expect(header.scrollWidth).toBeLessThanOrEqual(header.clientWidth);
    const mid = header.top + header.height / 2;
    for (const item of header.items) expect(item.top < mid && item.bottom > mid, `header item "${item.text}" is off the line`).toBe(true);
    await expect(page.locator('[data-testid="incident-header"]').textContent()).resolves.toContain('Checkout failing for EU card payments');
  });

  it('keeps the tabs on one row, and the ones that do not fit in a More menu', async () => {
    const tops = await page.$$eval('[role="tab"]', (els) => els.map((e) => Math.round(e.getBoundingClientRect().top)));
    expect(tops.length).toBeGreaterThanOrEqual(5);
    expect(new Set(tops).size).toBe(1);

    // A narrower screen: fewer tabs fit; the rest are one click away in More, and the chosen one joins the row.
    const narrow = await openConsole({ width: 1280, height: 800 });
    try {
      const more = narrow.getByRole('button', { name: /^More panels \(\d+\)/ });
      await more.waitFor();
      const rowTops = await narrow.$$eval('[role="tab"], .tabs-more > button', (els) => els.map((e) => Math.round(e.getBoundingClientRect().top)));
      expect(new Set(rowTops).size).toBe(1);
      const shown = await narrow.$$eval('[role="tab"]', (els) => els.map((e) => (e.textContent ?? '').trim()));
      await more.click();
      const hidden = await narrow.$$eval('[role="menuitem"]', (els) => els.map((e) => (e.textContent ?? '').trim().replace(/\s+\S$/, '')));
      expect(hidden.length).toBeGreaterThan(0);
      expect([...shown, ...hidden].sort()).toEqual(['Actions', 'Command', 'Exercise', 'Incidents', 'Playbooks', 'Selection', 'Tasks', 'Timeline']);
      const last = hidden[hidden.length - 1] ?? '';
      await narrow.getByRole('menuitem', { name: new RegExp(`^${last}`) }).click();
      await narrow.waitForSelector(`[role="tab"][aria-selected="true"]:has-text("${last}")`);
      const afterTops = await narrow.$$eval('[role="tab"]', (els) => els.map((e) => Math.round(e.getBoundingClientRect().top)));
      expect(new Set(afterTops).size).toBe(1);
    } finally {
      await narrow.context().close();
    }
  });

  it('shows timeline kinds in plain words, with no cut column', async () => {
    await openTab(page, 'Timeline');
    await page.waitForSelector('[data-testid="timeline-row"]');
    const rows = await page.$$eval('[data-testid="timeline-row"]', (els) =>
      els
        .filter((row) => {
          const r = row.getBoundingClientRect();
          return r.height > 0 && r.bottom > 0 && r.top < window.innerHeight;
        })
        .map((row) => ({
          kind: row.getAttribute('data-kind') ?? '',
          label: (row.querySelector('.t-kind')?.textContent ?? '').trim(),
          rowFits: row.scrollWidth <= row.clientWidth,
          cut: [...row.querySelectorAll<HTMLElement>('[role="cell"], [role="cell"] *')]
            .filter((cell) => cell.scrollWidth > cell.clientWidth && getComputedStyle(cell).display !== 'inline')
            .map((cell) => `${cell.className}: ${(cell.textContent ?? '').slice(0, 40)}`),
        })),
    );
    expect(rows.length).toBeGreaterThan(5);
    const labels = new Set(Object.values(KIND_LABELS));
    for (const row of rows) {
      expect(labels.has(row.label), `"${row.label}" (${row.kind}) is a plain-word label`).toBe(true);
      expect(row.label).not.toMatch(/^[a-z]+\.[a-zA-Z]+$/);
      expect(row.rowFits, `the ${row.kind} row overflows`).toBe(true);
      expect(row.cut, `cut cells in the ${row.kind} row`).toEqual([]);
    }
    expect(rows.some((r) => r.label !== r.kind)).toBe(true);
    await page.screenshot({ path: join(resultsDir, 'projector-timeline.png') });
  });

  it('highlights only the propagation path of the blast radius', async () => {
    const state = await serverState(page);
    const path = propagationEdges(state);
    const touching = edgesTouchingImpact(state);
    expect(path.length).toBeGreaterThan(0);
    expect(path.length).toBeLessThan(touching.length);
    await vi.waitFor(async () => expect(await page.locator('.react-flow__edge.edge-blast').count()).toBe(path.length), { timeout: WAIT_MS, interval: 100 });
    const drawn = await page.$$eval('.react-flow__edge.edge-blast', (els) => els.map((e) => e.getAttribute('data-id') ?? '').sort());
    expect(drawn).toEqual(path.map((e) => `dependsOn:${e.from}->${e.to}`).sort());
    await page.locator('.graph-canvas').screenshot({ path: join(resultsDir, 'projector-blast-radius.png') });
  });

  it('shows full service names and keeps the minimap off every node', async () => {
    // Each name is on its node in full: wrapped, not cut, or at worst carried whole by the tooltip.
    const names = await page.$$eval('[data-testid^="service-node-"]', (els) =>
      els.map((el) => {
        const name = el.querySelector<HTMLElement>('.service-name');
        const size = name === null ? '' : `${name.scrollWidth}x${name.scrollHeight} in ${name.clientWidth}x${name.clientHeight}`;
        return {
          title: el.getAttribute('title') ?? '',
          text: name?.textContent ?? '',
          size,
          fits: name !== null && name.scrollHeight <= name.clientHeight + 1 && name.scrollWidth <= name.clientWidth,
        };
      }),
    );
    expect(names).toHaveLength(DEMO_SERVICES);
    for (const n of names) {
      expect(n.title).toBe(n.text);
      expect(n.fits, `"${n.text}" is cut on its node (${n.size})`).toBe(true);
    }
    await vi.waitFor(
      async () => {
        const minimap = await page.locator('.react-flow__minimap').boundingBox();
        expect(minimap).not.toBeNull();
        const nodes = await page.$$eval('.react-flow__node', (els) =>
          els.map((e) => {
            const r = e.getBoundingClientRect();
            return { id: e.getAttribute('data-id') ?? '', x: r.x, y: r.y, width: r.width, height: r.height };
          }),
        );
        expect(nodes.length).toBeGreaterThan(DEMO_SERVICES);
        if (minimap !== null) expect(nodes.filter((n) => intersects(n, minimap)).map((n) => n.id)).toEqual([]);
      },
      { timeout: WAIT_MS, interval: 100 },
    );
  });

  it('brings a newly created task into view, and shows an overdue task as overdue', async () => {
    await openTab(page, 'Tasks');
    const create = async (title: string, due: number | null) => {
      await page.fill('input[aria-label="Task title"]', title);
      await page.fill('input[aria-label="Due"]', due === null ? '' : localInput(due));
      await page.getByRole('button', { name: 'Create task' }).click();
      await page.locator('[data-testid="task-row"]', { hasText: title }).waitFor();
    };
    // Enough tasks that the list is longer than the panel, so "in view" means something.
    for (let i = 1; i <= 6; i++) await create(`Projector filler task ${i}`, null);
    const now = Date.now();
    const title = 'Confirm the EU traffic switch with the acquirer';
    await create(title, now - 12 * 60_000);

    const row = page.locator('[data-testid="task-row"]', { hasText: title });
    const inView = async () => {
      const [r, panel] = await Promise.all([row.boundingBox(), page.locator('.tabpanel').boundingBox()]);
      return r !== null && panel !== null && r.y >= panel.y - 1 && r.y + r.height <= panel.y + panel.height + 1;
    };
    await vi.waitFor(async () => expect(await inView()).toBe(true), { timeout: WAIT_MS, interval: 100 });
    expect(await page.locator('.tabpanel').evaluate((el) => el.scrollHeight > el.clientHeight)).toBe(true);
    expect(await row.getAttribute('aria-current')).toBe('true');

    const due = row.locator('[data-testid="task-due"]');
    await expect(due.getAttribute('data-overdue')).resolves.toBe('true');
    expect(await due.textContent()).toMatch(/Overdue by 1[1-3] min/);
    // The demo's own due times are still ahead: not overdue.
    const demoDue = page
      .locator('[data-testid="task-row"]', { hasText: 'Route EU card traffic to the secondary acquirer' })
      .locator('[data-testid="task-due"]');
    await expect(demoDue.textContent()).resolves.toMatch(/^Due in \d+ min/);
    await page.screenshot({ path: join(resultsDir, 'projector-1080p.png') });
    expect(errors).toEqual([]);
  });
});
