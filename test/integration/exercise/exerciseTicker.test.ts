import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateKeyPair, signerFromSeed } from '../../../main/crypto';
import {
  castParticipant,
  endExercise,
  loadScenarioFile,
  pauseExercise,
  requireExercise,
  resumeExercise,
  setSpeed,
  setupExercise,
  type ExerciseWriter,
} from '../../../main/exercise';
import { ChangeFeed } from '../../../main/workspace';
import { ExerciseTicker } from '../../../main/exercise';
import { type Scheduler } from '../../../main/clock';
import { Workspace } from '../../../main/workspace';
import { SimScheduler } from '../sync/simScheduler';
import { cleanupTempDirs, resources, tempDir } from '../host/hostHarness';

// The host's inject scheduler on virtual time: a real workspace and change
// feed, timers and wall clock from a discrete-event scheduler, so "fires at
// exactly T+01:00" and "nothing while paused" are facts, not races.

afterAll(() => cleanupTempDirs());

const T0 = 1_767_225_600_000;
const MIN = 60_000;
const scenarioFile = join(resources, 'scenarios', 'database-failover-peak.yaml');

/** The feed's own timers on the same virtual time: no background polling, `soon` as a zero-delay event. */
function simFeedScheduler(sim: SimScheduler): Scheduler {
  return { every: () => () => undefined, soon: (fn) => void sim.setTimeout(fn, 0) };
}

function setup(speed: number) {
  const sim = new SimScheduler(T0);
  const dir = join(tempDir('cp-ticker-'), 'ws');
  const facilitator = signerFromSeed(generateKeyPair().seed);
  const participant = signerFromSeed(generateKeyPair().seed);
  const ws = Workspace.create({ dir, name: 'Exercise', creatorName: 'Fiona', signer: facilitator, clock: sim.clock });
  setupExercise(ws, loadScenarioFile(scenarioFile, resources), { seed: '1', speed, cast: {} });
  castParticipant(ws, 'commander', participant.publicKey, 'Ana');
  ws.close();
  const feed = ChangeFeed.open({ dir, clock: sim.clock, signer: facilitator, scheduler: simFeedScheduler(sim) });
  const lines: string[] = [];
  const ticker = new ExerciseTicker({ feed, clock: sim.clock, timers: sim, log: (l) => lines.push(l) });
  const write: ExerciseWriter = (drafts) => feed.appendMany(drafts);
  const fired = () => Object.entries(requireExercise(feed.workspace).fired).map(([id, f]) => [id, f.at] as const);
  return { sim, dir, feed, ticker, lines, write, fired, participant };
}

describe('exercise ticker', () => {
  it('fires each inject when scenario time reaches it, sleeps through pauses, and follows speed changes', () => {
    const t = setup(60);
    try {
      t.ticker.start();
      t.sim.runUntil(T0 + 999);
      expect(t.fired()).toEqual([]);
      t.sim.runUntil(T0 + 1_000); // T+01:00 at 60x
      expect(t.fired()).toEqual([['replication-lag', MIN]]);
      expect(t.lines).toEqual([
        'exercise: inject replication-lag: WARNING alert from Prometheus: orders-db: replication lag 45 s, connections at 98% of max_connections (orders-db)',
      ]);

      t.sim.runUntil(T0 + 1_500);
      pauseExercise(t.feed.workspace, t.write); // at T+01:30
      t.sim.runUntil(T0 + 10 * MIN); // ten wall minutes, scenario time stands still
      expect(t.fired()).toHaveLength(1);
      const quietEvents = t.sim.events;
      t.sim.runUntil(T0 + 20 * MIN);
      // Paused, it only looks in once a second (the wall-clock-jump guard), it never spins.
      expect(t.sim.events - quietEvents).toBeLessThanOrEqual(600 + 5);

      const resumedAt = T0 + 20 * MIN;
      resumeExercise(t.feed.workspace, t.write);
      setSpeed(t.feed.workspace, 30, t.write);
      // db-degraded is due at T+03:00: 90 scenario seconds after T+01:30, 3 s of wall time at 30x.
      t.sim.runUntil(resumedAt + 2_999);
      expect(t.fired()).toHaveLength(1);
      t.sim.runUntil(resumedAt + 3_000);
      expect(t.fired()).toEqual([
        ['replication-lag', MIN],
        ['db-degraded', 3 * MIN],
      ]);

      // Overdue injects (the host was down) fire together on the next look, once each.
      t.ticker.close();
      t.sim.runUntil(resumedAt + 3_000 + 10_000); // T+08:00
      expect(t.fired()).toHaveLength(2);
      const again = new ExerciseTicker({ feed: t.feed, clock: t.sim.clock, timers: t.sim, log: (l) => t.lines.push(l) });
      again.start();
      t.sim.runUntil(t.sim.now + 1);
      expect(t.fired().map(([id]) => id)).toEqual(['replication-lag', 'db-degraded', 'checkout-errors', 'pager-outage', 'db-down', 'vp-message']);

      endExercise(t.feed.workspace, 'done', t.write);
      t.sim.runUntil(t.sim.now + 30 * MIN);
      expect(t.fired()).toHaveLength(6);
      again.close();
    } finally {
      t.feed.close();
    }
  });

  it('fires nothing on a device that does not facilitate', () => {
    const t = setup(60);
    t.feed.close();
    const feed = ChangeFeed.open({ dir: t.dir, clock: t.sim.clock, signer: t.participant, scheduler: simFeedScheduler(t.sim) });
    const ticker = new ExerciseTicker({ feed, clock: t.sim.clock, timers: t.sim, log: () => undefined });
    try {
      ticker.start();
      t.sim.runUntil(T0 + 30 * MIN);
      expect(requireExercise(feed.workspace).fired).toEqual({});
    } finally {
      ticker.close();
      feed.close();
    }
  });
});
