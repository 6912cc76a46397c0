// Acceptance test of issue 14 item 1: the renderer keeps the host's state by
// folding the entries of state:changed events, not by fetching it. Random
// sequences of changes run against a real host (Workspace + ChangeFeed on
// SQLite): the host's own appends, redactions, and a second member's entries
// written offline on a lagging clock and delivered late, so they sort before
// entries already folded and make both sides rewind. After every step the
// store's state and its hash must equal the host's, with no hash mismatch and
// no snapshot beyond the ones the rules call for.
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { nodeCrypto } from '../../../../main/crypto';
import { EntryRefusedError } from '../../../../main/workspace';
import { stateHash } from '../../../../shared/state';
import { liveCounts, useWorkspaceStore } from '../../../../renderer/workspace';
import { SERVICES, openLiveHost, settle, type LiveHost } from './liveHost';

const STATUSES = ['healthy', 'degraded', 'down'] as const;
const TASK_STATUSES = ['in_progress', 'blocked', 'done', 'open'] as const;

type Op =
  | { op: 'status'; service: number; status: number }
  | { op: 'task' }
  | { op: 'taskStatus'; task: number; status: number }
  | { op: 'note' }
  | { op: 'redact'; note: number }
  /** The second member writes offline, `lag` ms behind the host's clock. */
  | { op: 'remote'; lag: number; what: 'status' | 'note' | 'taskStatus'; service: number; status: number; task: number }
  | { op: 'deliver' }
  /** The renderer reconnects: a new snapshot, so later deliveries may sort before it. */
  | { op: 'reconnect' };

// Weighted towards the second device writing and delivering, which is what makes late arrivals.
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.record({ op: fc.constant('status' as const), service: fc.nat(2), status: fc.nat(2) }), weight: 3 },
  fc.constant({ op: 'task' as const }),
  fc.record({ op: fc.constant('taskStatus' as const), task: fc.nat(5), status: fc.nat(3) }),
  fc.constant({ op: 'note' as const }),
  fc.record({ op: fc.constant('redact' as const), note: fc.nat(5) }),
  {
    arbitrary: fc.record({
      op: fc.constant('remote' as const),
      lag: fc.integer({ min: 0, max: 8_000 }),
      what: fc.constantFrom('status' as const, 'note' as const, 'taskStatus' as const),
      service: fc.nat(2),
      status: fc.nat(2),
      task: fc.nat(5),
    }),
    weight: 4,
  },
  { arbitrary: fc.constant({ op: 'deliver' as const }), weight: 3 },
  fc.constant({ op: 'reconnect' as const }),
);

interface RunState {
  tasks: string[];
  notes: string[];
}

function run(host: LiveHost, op: Exclude<Op, { op: 'reconnect' }>, known: RunState): void {
  const { feed, clock, incident, remote } = host;
  const taskAt = (n: number) => known.tasks[n % known.tasks.length]!;
  const hostAppend = (kind: string, body: Record<string, unknown>): string | null => {
    clock.advance(1000);
    try {
      return feed.append({ kind, body } as Parameters<typeof feed.append>[0]).id;
    } catch (err) {
      // A refusal (an invalid transition, a note redacted twice) stores nothing: nothing to report either.
      if (err instanceof EntryRefusedError) return null;
      throw err;
    }
  };
  switch (op.op) {
    case 'status':
      hostAppend('service.status', { service: SERVICES[op.service]!, status: STATUSES[op.status]! });
      return;
    case 'task': {
      const id = hostAppend('task.create', { incident, title: `task ${known.tasks.length}` });
      if (id !== null) known.tasks.push(id);
      return;
    }
    case 'taskStatus':
      if (known.tasks.length > 0) hostAppend('task.status', { task: taskAt(op.task), status: TASK_STATUSES[op.status]! });
      return;
    case 'note': {
      const id = hostAppend('note.add', { text: 'host note', incident });
      if (id !== null) known.notes.push(id);
      return;
    }
    case 'redact':
      if (known.notes.length > 0) hostAppend('journal.redact', { target: known.notes[op.note % known.notes.length]!, targetKind: 'note.add', reason: 'pii' });
      return;
    case 'remote': {
      const wall = clock.now() - op.lag;
      if (op.what === 'status')
        remote.write(wall, 'service.status', { service: SERVICES[op.service]!, status: STATUSES[op.status]!, reason: '', incident: null });
      else if (op.what === 'note') known.notes.push(remote.write(wall, 'note.add', { text: 'remote note', incident, service: null }).id);
      else if (known.tasks.length > 0) remote.write(wall, 'task.status', { task: taskAt(op.task), status: TASK_STATUSES[op.status]! });
      return;
    }
    case 'deliver': {
      const wires = host.remote.take();
      if (wires.length > 0) expect(feed.import(wires).refused).toEqual([]);
      return;
    }
  }
}

const totals = { applied: 0, rewinds: 0, beforeSnapshot: 0, runs: 0 };

/** What the store did since it connected: no mismatch, no gap, and no snapshot beyond connecting and entries sorting before it. */
function tally(): void {
  const counts = liveCounts();
  expect(counts.mismatches).toBe(0);
  expect(counts.because.gap).toBe(0);
  expect(counts.because.resync).toBe(0);
  expect(counts.snapshots).toBeGreaterThanOrEqual(1);
  expect(counts.snapshots).toBeLessThanOrEqual(1 + counts.because['before-snapshot']);
  totals.applied += counts.applied;
  totals.rewinds += counts.rewinds;
  totals.beforeSnapshot += counts.because['before-snapshot'];
}

afterAll(() => {
  // The runs really folded live entries, and late ones made the renderer rewind on its own.
  expect(totals.runs).toBeGreaterThan(0);
  expect(totals.applied).toBeGreaterThan(totals.runs);
  expect(totals.rewinds).toBeGreaterThan(0);
});

describe('live state: deltas folded in the renderer', () => {
  it('keeps the store equal to the host, hash for hash, through late arrivals that rewind', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 4, maxLength: 24 }), async (ops) => {
        const host = openLiveHost();
        const store = useWorkspaceStore;
        try {
          store.getState().reset();
          await store.getState().refresh(host.client);
          const known: RunState = { tasks: [], notes: [] };
          for (const op of ops) {
            if (op.op === 'reconnect') {
              tally();
              store.getState().reset();
              await store.getState().refresh(host.client);
            } else run(host, op, known);
            host.feed.poll();
            for (const event of host.drain()) store.getState().receive(host.client, event);
            await settle();

            const hostState = JSON.parse(JSON.stringify(host.feed.workspace.state)) as unknown;
            expect(store.getState().state).toEqual(hostState);
            expect(store.getState().stateHash).toBe(host.feed.stateHash());
            expect(stateHash(nodeCrypto, store.getState().state!)).toBe(host.feed.stateHash());
            store.getState().verify(host.client);
          }
          tally();
          totals.runs += 1;
        } finally {
          host.close();
        }
      }),
      { numRuns: 40 },
    );
  });
});
