import { describe, expect, it } from 'vitest';
import { canCommunicate, mayRelay, partitionsBetween, type InjectPayload } from '../../../../shared/exercise';
import type { ExerciseState } from '../../../../shared/state';

// The partition rule the sync layer enforces, as pure functions of the
// exercise's state and a scenario offset.

const MIN = 60_000;
const KEY = { cmd: 'c'.repeat(43), data: 'd'.repeat(43), sre: 's'.repeat(43), fac: 'f'.repeat(43) };

function exercise(
  disruptions: { inject: string; from: number; cut: string[]; against?: string[]; minutes: number }[],
  status: ExerciseState['status'] = 'running',
): ExerciseState {
  return {
    scenario: '0'.repeat(64),
    scenarioId: 's',
    title: 'S',
    seed: '1',
    entry: '1'.repeat(64),
    startedBy: KEY.fac,
    origin: 0,
    segments: [{ wall: 0, sim: 0, speed: 1, running: true }],
    status,
    endedAt: null,
    participants: ['commander', 'data-oncall', 'sre-lead'],
    cast: { commander: KEY.cmd, 'data-oncall': KEY.data, 'sre-lead': KEY.sre },
    schedule: {},
    fired: {},
    disruptions: disruptions.map((d) => {
      const payload: InjectPayload = { type: 'partition', cut: d.cut, from: d.against ?? [], duration: d.minutes * MIN, description: '' };
      return { inject: d.inject, from: d.from, until: d.from + d.minutes * MIN, payload };
    }),
    notes: 0,
  };
}

describe('exercise partitions', () => {
  it('cuts the named participants apart only while the partition is in force', () => {
    const ex = exercise([{ inject: 'p', from: 5 * MIN, cut: ['commander'], against: ['data-oncall'], minutes: 10 }]);
    expect(canCommunicate(ex, KEY.cmd, KEY.data, 5 * MIN - 1)).toBe(true);
    expect(canCommunicate(ex, KEY.cmd, KEY.data, 5 * MIN)).toBe(false);
    expect(canCommunicate(ex, KEY.data, KEY.cmd, 14 * MIN)).toBe(false);
    expect(canCommunicate(ex, KEY.cmd, KEY.data, 15 * MIN)).toBe(true);
    expect(partitionsBetween(ex, KEY.cmd, KEY.data, 6 * MIN)).toEqual([{ inject: 'p', until: 15 * MIN }]);
    // Not named on the other side: unaffected. Not cast (the facilitator): never cut.
    expect(canCommunicate(ex, KEY.cmd, KEY.sre, 6 * MIN)).toBe(true);
    expect(canCommunicate(ex, KEY.cmd, KEY.fac, 6 * MIN)).toBe(true);
  });

  it('an empty `from` cuts the participants off from everyone else, but not from each other', () => {
    const ex = exercise([{ inject: 'p', from: 0, cut: ['commander', 'sre-lead'], minutes: 10 }]);
    expect(canCommunicate(ex, KEY.cmd, KEY.data, MIN)).toBe(false);
    expect(canCommunicate(ex, KEY.sre, KEY.data, MIN)).toBe(false);
    expect(canCommunicate(ex, KEY.cmd, KEY.sre, MIN)).toBe(true);
  });

  it('no relay bridges a partition, and an ended exercise partitions nobody', () => {
    const ex = exercise([{ inject: 'p', from: 0, cut: ['commander'], against: ['data-oncall'], minutes: 10 }]);
    // The facilitator's relay passes the commander's entries to sre-lead, but not to data on-call.
    expect(mayRelay(ex, MIN, KEY.fac, KEY.sre, KEY.cmd)).toBe(true);
    expect(mayRelay(ex, MIN, KEY.fac, KEY.data, KEY.cmd)).toBe(false);
    // Nor does sre-lead, who holds them; and on the cut link itself nothing at all goes, not even a third party's.
    expect(mayRelay(ex, MIN, KEY.sre, KEY.data, KEY.cmd)).toBe(false);
    expect(mayRelay(ex, MIN, KEY.cmd, KEY.data, KEY.fac)).toBe(false);
    expect(mayRelay(ex, MIN, KEY.cmd, KEY.sre, KEY.fac)).toBe(true);
    expect(mayRelay({ ...ex, status: 'ended' }, MIN, KEY.fac, KEY.data, KEY.cmd)).toBe(true);
  });
});
