import net from 'node:net';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { generateKeyPair, signerFromSeed } from '../../../main/crypto';
import { runHeadless } from '../../../main/exercise';
import { renderReport, workspaceReport } from '../../../main/report';
import { cliSandbox } from '../cli/cliHarness';
import { seededRandom } from '../../support/seededRandom';

const root = new URL('../../..', import.meta.url).pathname;
const resources = join(root, 'resources');
const SCENARIOS = ['database-failover-peak', 'regional-partition', 'leaked-credential'];
const scenarioFile = (id: string) => join(resources, 'scenarios', `${id}.yaml`);

/** A short scenario (1 minute, jittered injects) for runs that really wait. */
function tinyScenario(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'cp-tiny-')), 'tiny.yaml');
  writeFileSync(
    file,
    `version: 1
id: tiny
title: Tiny drill
duration: 1m
briefing: A minute of trouble.
participants: [{ id: cmd, name: Commander, roles: [commander] }]
injects:
  - { id: a, at: 10s, jitter: 20s, type: status, service: redis-cache, status: down }
  - { id: b, at: 20s, jitter: 20s, type: alert, title: Cache misses, service: redis-cache }
rubric:
  - { id: open, description: Declared, expect: { kind: incident.open }, after: a, within: 30s, points: 1 }
script:
  - { at: 40s, by: cmd, do: incident.open, title: Cache down, severity: 2 }
  - { at: 50s, by: cmd, do: incident.resolve }
`,
  );
  return file;
}

async function headlessMarkdown(file: string, seed: string, speed: number | 'max'): Promise<string> {
  const dir = join(mkdtempSync(join(tmpdir(), 'cp-run-')), 'ws');
  const result = await runHeadless({
    scenarioFile: file,
    resources,
    dir,
    speed,
    seed,
    facilitator: { signer: signerFromSeed(generateKeyPair().seed), name: 'Facilitator' },
    // A different start every run: the report must not depend on it.
    startWall: 1_767_225_600_000 + Math.floor(seededRandom(20_261_204)() * 1e9),
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
  });
  try {
    return renderReport(workspaceReport(result.workspace), 'md');
  } finally {
    result.workspace.close();
  }
}

afterEach(() => vi.restoreAllMocks());

describe('commandpost exercise run (acceptance)', () => {
  it.each(SCENARIOS)('%s --speed max writes a report a facilitator can hand out', async (id) => {
    const cli = cliSandbox();
    const out = join(cli.home, `${id}.md`);
    const res = await cli.run('exercise', 'run', scenarioFile(id), '--speed', 'max', '--report', out, '--workspace', join(cli.home, id));
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/Score: \d+ \/ 100/);
    expect(res.stdout).toContain('none sent');
    const md = readFileSync(out, 'utf8');
    for (const heading of ['# After-action report: ', '## Briefing', '## Participants', '## Rubric: ', '## Metrics', '## Decisions', '## Timeline'])
      expect(md).toContain(heading);
    expect(md).toMatch(/\| Time to acknowledge \| \d+m/);
    expect(md).toContain('| T+00:00 |');
    // The unattended run needs no device identity (no keychain in CI).
    expect(existsSync(join(cli.env.COMMANDPOST_HOME, 'secrets.enc.json'))).toBe(false);
    const html = await cli.run('report', 'exercise', '--workspace', join(cli.home, id), '--out', join(cli.home, 'r.html'));
    expect(html.code).toBe(0);
    expect(readFileSync(join(cli.home, 'r.html'), 'utf8')).toMatch(/^<!doctype html>/);
  });

  it('without --workspace runs in a temporary workspace and removes it at the end', async () => {
    const cli = cliSandbox();
    const temp = mkdtempSync(join(tmpdir(), 'cp-exercise-tmp-'));
    vi.stubEnv('TMPDIR', temp);
    try {
      const res = await cli.run('exercise', 'run', scenarioFile('database-failover-peak'), '--speed', 'max', '--report', join(cli.home, 'r.md'));
      expect(res.code).toBe(0);
      expect(res.stdout).toContain('The temporary exercise workspace was removed');
      expect(readFileSync(join(cli.home, 'r.md'), 'utf8')).toContain('# After-action report: ');
      expect(readdirSync(temp)).toEqual([]);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

describe('deterministic replay', () => {
  it('the same scenario, seed and responses give a byte-identical report', async () => {
    const a = await headlessMarkdown(scenarioFile('leaked-credential'), '7', 'max');
    const b = await headlessMarkdown(scenarioFile('leaked-credential'), '7', 'max');
    expect(a).toBe(b);
    expect(a).toContain('- **Seed:** 7');
  });

  it('a real-time run at 60x gives the same report as the virtual clock, and the seed moves jittered injects', async () => {
    const tiny = tinyScenario();
    const started = performance.now();
    const real = await headlessMarkdown(tiny, 'x', 60);
    expect(performance.now() - started).toBeGreaterThan(900);
    expect(await headlessMarkdown(tiny, 'x', 'max')).toBe(real);
    const others = await Promise.all(['y', 'z', 'w'].map((seed) => headlessMarkdown(tiny, seed, 'max')));
    const timelineOf = (md: string) => md.slice(md.indexOf('## Timeline'));
    expect(others.some((o) => timelineOf(o) !== timelineOf(real))).toBe(true);
  });
});

describe('sandbox only', () => {
  it('a whole exercise with actions, approvals and dispatch opens no network connection', async () => {
    const connect = vi.spyOn(net.Socket.prototype, 'connect');
    const md = await headlessMarkdown(scenarioFile('leaked-credential'), '1', 'max');
    expect(md).toContain('succeeded: github workflow_dispatch recorded by the sandbox');
    expect(md).toContain('failed: github error (exercise inject)');
    expect(connect).not.toHaveBeenCalled();
    // The spy is live: any connection attempt would have been seen.
    const probe = new net.Socket().on('error', () => undefined);
    probe.connect(9, '127.0.0.1');
    probe.destroy();
    expect(connect).toHaveBeenCalledTimes(1);
  });
});
