import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../../../main/exercise';
import { cliSandbox } from '../cli/cliHarness';

// Issue 8 acceptance: the demo incident round-trips into a scenario that
// validates and runs unattended, producing a report; --pseudonymise leaves
// no roster name in the file.

const resources = join(new URL('../../..', import.meta.url).pathname, 'resources');

describe('exercise from-incident', () => {
  it('turns the demo incident into a scenario that validates, runs at max speed and reports', async () => {
    const cli = cliSandbox();
    expect((await cli.run('init', '--demo', '--workspace', cli.workspace)).code).toBe(0);
    const file = join(cli.home, 'replay.yaml');
    const made = await cli.run('exercise', 'from-incident', '--out', file, '--workspace', cli.workspace);
    expect(made.stderr).toBe('');
    expect(made.code).toBe(0);
    expect(made.stdout).toMatch(/Wrote .*replay\.yaml: \d+ participants, 5 injects, \d+ scripted steps/);

    const { scenario } = loadScenarioFile(file, resources);
    expect(scenario.injects.filter((i) => i.type === 'status').map((i) => i.type === 'status' && `${i.service}:${i.status}`)).toEqual([
      'psp-adapter:down',
      'payments-api:degraded',
      'checkout-service:degraded',
    ]);
    expect(scenario.injects.filter((i) => i.type === 'message')).toHaveLength(2);
    expect(scenario.script[0]).toMatchObject({ at: 0, do: 'incident.open', title: 'Checkout failing for EU card payments', severity: 1 });
    expect(scenario.script.filter((s) => s.do === 'task.create')).toHaveLength(5);
    expect(scenario.script.filter((s) => s.do === 'task.status').map((s) => s.do === 'task.status' && s.status)).toEqual(['in_progress', 'blocked']);
    expect(scenario.participants.map((p) => p.name)).toEqual(expect.arrayContaining(['Priya Natarajan', 'Sam Okafor', 'Mei Chen']));
    expect(scenario.rubric.map((r) => r.id)).toEqual(expect.arrayContaining(['declare', 'first-status', 'task-1-created', 'ack-psp-adapter-down-1']));
    expect(made.stdout).toMatch(/ics\.assign: not replayed/);

    const report = join(cli.home, 'report.md');
    const ran = await cli.run('exercise', 'run', file, '--speed', 'max', '--report', report, '--workspace', join(cli.home, 'replay-ws'));
    expect(ran.stderr).toBe('');
    expect(ran.code).toBe(0);
    expect(ran.stdout).not.toMatch(/scripted step refused/);
    expect(existsSync(report)).toBe(true);
    const md = readFileSync(report, 'utf8');
    expect(md).toContain('Replay: Checkout failing for EU card payments');
    // The script reproduces what the team did, so every rubric item derived from it is met.
    for (const r of scenario.rubric) expect(md).toContain(r.description);
    expect(md).not.toMatch(/\b(missed|late|not triggered)\b/i);
    expect(md.match(/\bmet\b/g)?.length ?? 0).toBeGreaterThanOrEqual(scenario.rubric.length);
  });

  it('--pseudonymise replaces every roster name, in participants and in free text', async () => {
    const cli = cliSandbox();
    expect((await cli.run('init', '--demo', '--workspace', cli.workspace)).code).toBe(0);
    const file = join(cli.home, 'replay.yaml');
    expect((await cli.run('exercise', 'from-incident', '--out', file, '--pseudonymise', '--workspace', cli.workspace)).code).toBe(0);
    const text = readFileSync(file, 'utf8');
    for (const name of ['Priya Natarajan', 'Sam Okafor', 'Lena Fischer', 'Mei Chen', 'Jordan Blake']) expect(text).not.toContain(name);
    expect(text).toMatch(/Member \d+/);
    const { scenario } = loadScenarioFile(file, resources);
    expect(scenario.participants.every((p) => /^Member \d+$/.test(p.name))).toBe(true);
  });

  it('refuses without --out and names an unknown incident', async () => {
    const cli = cliSandbox();
    expect((await cli.run('init', '--demo', '--workspace', cli.workspace)).code).toBe(0);
    const noOut = await cli.run('exercise', 'from-incident', '--workspace', cli.workspace);
    expect(noOut.code).not.toBe(0);
    expect(noOut.stderr).toMatch(/needs --out/);
    const unknown = await cli.run('exercise', 'from-incident', 'abcdef12', '--out', join(cli.home, 'x.yaml'), '--workspace', cli.workspace);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toMatch(/no incident with id abcdef12/);
  });
});
