import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../shared/clock';
import { dueInjects } from '../../../shared/exercise';
import { generateKeyPair, signerFromSeed } from '../../../main/crypto';
import {
  adhocInject,
  endExercise,
  fireDue,
  loadScenarioFile,
  pauseExercise,
  requireExercise,
  resumeExercise,
  setSpeed,
  setupExercise,
} from '../../../main/exercise';
import { EntryRefusedError, Workspace, loadDemo } from '../../../main/workspace';
import { cliSandbox } from '../cli/cliHarness';

const root = new URL('../../..', import.meta.url).pathname;
const resources = join(root, 'resources');
const scenario = join(resources, 'scenarios', 'database-failover-peak.yaml');
const T0 = 1_767_225_600_000;
const MIN = 60_000;

function freshExercise(speed: number) {
  const dir = join(mkdtempSync(join(tmpdir(), 'cp-fac-')), 'ws');
  const clock = new ManualClock(T0);
  const signer = signerFromSeed(generateKeyPair().seed);
  const ws = Workspace.create({ dir, name: 'Exercise', creatorName: 'Facilitator', signer, clock });
  setupExercise(ws, loadScenarioFile(scenario, resources), { seed: '1', speed, cast: {} });
  return { dir, clock, signer, ws };
}

const firedIds = (ws: Workspace) => Object.keys(requireExercise(ws).fired).sort();

describe('inject scheduler', () => {
  it('fires each due inject exactly once, across restarts and racing schedulers', () => {
    const { dir, clock, signer, ws } = freshExercise(60);
    clock.set(T0 + (6 * MIN) / 60); // T+06:00 at 60x
    expect(fireDue(ws, clock).map((l) => l.split(':')[0])).toEqual(['replication-lag', 'db-degraded', 'checkout-errors', 'pager-outage', 'db-down']);
    expect(fireDue(ws, clock)).toEqual([]);
    ws.close();

    // A restarted facilitator derives the same from the journal and fires nothing twice.
    const again = Workspace.open({ dir, clock, signer });
    expect(fireDue(again, clock)).toEqual([]);
    clock.set(T0 + (8 * MIN) / 60);
    const other = Workspace.open({ dir, clock, signer });
    expect(fireDue(other, clock)).toEqual([
      'vp-message: message from VP Commerce to commander via Slack #exec: "Conversion on the revenue dashboard halved in ten minutes. What is the ' +
        'ETA, and do we pause the TV campaign?"',
    ]);
    // The racing handle sees it on catch-up; a forced second entry is refused by the fold itself.
    expect(fireDue(again, clock)).toEqual([]);
    expect(() => again.append('exercise.inject', { inject: 'vp-message', source: 'scenario', payload: { type: 'alert', title: 'dup' } })).toThrow(
      EntryRefusedError,
    );
    expect(firedIds(again)).toHaveLength(6);
    expect(dueInjects(requireExercise(again), 8 * MIN)).toEqual([]);
    again.close();
    other.close();
  });

  it('pauses, resumes and changes speed on the journaled clock', () => {
    const { clock, ws } = freshExercise(1);
    clock.set(T0 + 2 * MIN);
    pauseExercise(ws);
    clock.set(T0 + 60 * MIN); // an hour of wall time while paused: scenario time stands still
    expect(fireDue(ws, clock).map((l) => l.split(':')[0])).toEqual(['replication-lag']);
    expect(() => pauseExercise(ws)).toThrow(/already paused/);
    resumeExercise(ws);
    setSpeed(ws, 60);
    clock.advance(4_000); // 4 s at 60x = 4 scenario minutes: T+06:00
    expect(fireDue(ws, clock)).toHaveLength(4);
    expect(requireExercise(ws).fired['db-down']?.at).toBe(6 * MIN);
    expect(adhocInject(ws, { type: 'message', from: 'CFO', to: null, channel: '', text: 'Status?' })).toBe('adhoc-1: message from CFO: "Status?"');
    expect(() => adhocInject(ws, { type: 'message', from: 'X', to: 'nobody', channel: '', text: 'y' })).toThrow(/unknown participant nobody/);
    endExercise(ws, 'stopped early');
    expect(requireExercise(ws)).toMatchObject({ status: 'ended', endedAt: 6 * MIN });
    clock.advance(60_000);
    expect(fireDue(ws, clock)).toEqual([]);
    expect(() => resumeExercise(ws)).toThrow(/has ended/);
    ws.close();
  });

  it('refuses a second exercise in the same workspace, and an exercise in a real one', () => {
    const loaded = loadScenarioFile(scenario, resources);
    const start = { scenario: loaded.text, hash: loaded.hash, seed: '2', speed: 1 };
    const { ws } = freshExercise(1);
    expect(() => ws.append('exercise.start', start)).toThrow(/already ran an exercise/);
    ws.close();
    const dir = join(mkdtempSync(join(tmpdir(), 'cp-real-')), 'ws');
    const clock = new ManualClock(T0);
    const signer = signerFromSeed(generateKeyPair().seed);
    const real = Workspace.create({ dir, name: 'Real', creatorName: 'Admin', signer, clock });
    loadDemo(real, resources, clock);
    real.append('roster.memberPut', { member: signer.publicKey, name: 'Admin', roles: ['admin', 'facilitator'] });
    expect(() => real.append('exercise.start', start)).toThrow(/holds incidents; start exercises in a new workspace/);
    expect(real.state.exercise).toBeUndefined();
    real.close();
  });
});

describe('facilitator CLI', () => {
  it('start, cast, status, inject, ad-hoc, pause, speed, note, end, report', async () => {
    const cli = cliSandbox();
    const w = ['--workspace', cli.workspace];
    const start = await cli.run('exercise', 'start', scenario, ...w, '--speed', '60', '--seed', '9');
    expect(start.stderr).toBe('');
    expect(start.stdout).toContain('Exercise "Database failover under peak load" started at 60x');
    const key = generateKeyPair().publicKey;
    expect((await cli.run('exercise', 'cast', 'commander', '--key', key, '--name', 'Ana Ruiz', ...w)).code).toBe(0);
    expect((await cli.run('exercise', 'inject', 'db-down', ...w)).stdout).toContain('inject db-down: orders-db is down');
    expect((await cli.run('exercise', 'inject', 'db-down', ...w)).stderr).toContain('inject db-down has already fired');
    const adhoc = await cli.run('exercise', 'inject-adhoc', '--kind', 'partition', '--cut', 'data-oncall', '--from', 'commander', '--duration', '5m', ...w);
    expect(adhoc.stdout).toContain('inject adhoc-1: network partition: data-oncall cut off from commander for 5 min');
    expect((await cli.run('exercise', 'inject-adhoc', '--kind', 'alert', ...w)).stderr).toMatch(/ad-hoc inject \(title\)/);
    expect((await cli.run('exercise', 'pause', ...w)).stdout).toContain('the exercise is paused');
    expect((await cli.run('exercise', 'resume', ...w)).code).toBe(0);
    expect((await cli.run('exercise', 'speed', '120', ...w)).code).toBe(2);
    expect((await cli.run('exercise', 'note', 'Commander', 'did', 'not', 'use', 'the', 'bridge', ...w)).code).toBe(0);
    const status = await cli.run('exercise', 'status', ...w);
    expect(status.stdout).toContain('EXERCISE: Database failover under peak load (database-failover-peak), seed 9');
    expect(status.stdout).toContain('Partition in force (adhoc-1): data-oncall cut off from commander');
    expect(status.stdout).toContain('commander = Ana Ruiz');
    expect((await cli.run('exercise', 'end', ...w)).stdout).toContain('the exercise is ended');
    const report = await cli.run('report', 'exercise', ...w);
    expect(report.stdout).toContain('| Commander did not use the bridge |');
    expect(report.stdout).toContain('AD-HOC INJECT adhoc-1');
    expect((await cli.run('report', 'incident', ...w)).stderr).toContain('is an exercise workspace');
  });

  it('report incident: a post-incident report of a real incident from its journal', async () => {
    const cli = cliSandbox();
    expect((await cli.run('init', '--demo', '--workspace', cli.workspace)).code).toBe(0);
    const md = await cli.run('report', 'incident', '--workspace', cli.workspace);
    expect(md.code).toBe(0);
    expect(md.stdout).toContain('# Post-incident report: Checkout failing for EU card payments');
    expect(md.stdout).toContain('created task "Route EU card traffic to the secondary acquirer" for team payments');
    expect(md.stdout).toMatch(/\| \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ \|/);
    expect(md.stdout).not.toContain('## Rubric');
    const html = await cli.run('report', 'incident', '--workspace', cli.workspace, '--format', 'html');
    expect(html.stdout).toContain('<title>Post-incident report: Checkout failing for EU card payments</title>');
    expect((await cli.run('report', 'exercise', '--workspace', cli.workspace)).stderr).toContain('is not an exercise workspace');
  });
});
