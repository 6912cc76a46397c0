import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../../../shared/clock';
import { toWire, type OrderKey, type Signer, type WireEntry } from '../../../shared/journal';
import { joinWorkspace } from '../../../main/sync';
import { JOURNAL_FILE, Workspace } from '../../../main/workspace';
import { T0, cleanupTempDirs, createWorkspace, newSigner, tempDir } from './helpers';

// A peer reconnecting after an outage sends entries that sort before this
// device's newest ones. The workspace folds them when its state is next read
// (one replay for a whole catch-up), rewinding to the nearest projection
// before them: one kept in memory, or a persisted earlier checkpoint.

afterAll(cleanupTempDirs);

function notes(ws: Workspace, n: number, tag: string): void {
  for (let done = 0; done < n; done += 500) {
    ws.appendMany(Array.from({ length: Math.min(500, n - done) }, (_, i) => ({ kind: 'note.add' as const, body: { text: `${tag} ${done + i}` } })));
  }
}

/** The state hash of the journal in `dir` folded from scratch (a copy without checkpoints). */
function refoldHash(dir: string): string {
  const copy = tempDir('cp-refold-');
  copyFileSync(join(dir, JOURNAL_FILE), join(copy, JOURNAL_FILE));
  const db = new Database(join(copy, JOURNAL_FILE));
  db.exec('DELETE FROM checkpoint');
  db.close();
  const ws = Workspace.open({ dir: copy, clock: new ManualClock(T0), readonly: true });
  try {
    return ws.stateHash();
  } finally {
    ws.close();
  }
}

/** Another device's copy of the workspace, as it stood when `dir` was closed. */
function copyDevice(dir: string, signer: Signer, clock: ManualClock): Workspace {
  const other = tempDir('cp-ws-other-');
  mkdirSync(other, { recursive: true });
  copyFileSync(join(dir, JOURNAL_FILE), join(other, JOURNAL_FILE));
  return Workspace.open({ dir: other, clock, signer });
}

function wiresBy(ws: Workspace, author: string, fromSeq: number): WireEntry[] {
  return [...ws.store.entriesByAuthor(author, fromSeq, Number.MAX_SAFE_INTEGER)].map(toWire);
}

function importInBatches(ws: Workspace, wires: readonly WireEntry[], batch: number): void {
  for (let i = 0; i < wires.length; i += batch) {
    const result = ws.import(wires.slice(i, i + batch));
    expect(result.refused).toEqual([]);
  }
}

/**
 * Alice and Bob share `shared` notes; then Bob writes `bobNew` (10 s later)
 * and Alice `aliceNew` (20 s later), apart. Alice's workspace is closed.
 */
function outage(shared: number, bobNew: number, aliceNew: number) {
  const alice = createWorkspace('Late imports');
  const bob = newSigner().signer;
  const carol = newSigner().signer;
  for (const [who, name] of [
    [bob, 'Bob'],
    [carol, 'Carol'],
  ] as const) {
    alice.ws.append('roster.memberPut', { member: who.publicKey, name, roles: ['responder'], teams: [] });
  }
  // What a device joining at this point holds: the genesis and the roster.
  const founding = [...alice.ws.store.entriesAfter(null)].map(toWire);
  notes(alice.ws, shared, 'shared');
  alice.ws.close();
  const bobWs = copyDevice(alice.dir, bob, new ManualClock(T0 + 10_000));
  const bobFrom = (bobWs.store.head(bob.publicKey)?.seq ?? 0) + 1;
  notes(bobWs, bobNew, 'from bob');
  const bobWires = wiresBy(bobWs, bob.publicKey, bobFrom);
  bobWs.close();
  const open = () => Workspace.open({ dir: alice.dir, clock: new ManualClock(T0 + 20_000), signer: alice.signer });
  const ws = open();
  notes(ws, aliceNew, 'from alice');
  ws.close();
  return { alice, bob, carol, founding, bobWires, open };
}

describe('Workspace: entries imported late are folded once, and never claimed unfolded', () => {
  it('a catch-up in many batches waits to be folded, keeps the roster exact, and folds to what a full refold gives', () => {
    const { alice, bob, bobWires, open } = outage(40, 60, 30);
    const ws = open();
    importInBatches(ws, bobWires, 7);
    expect(ws.foldPending).toBe(true);
    expect(ws.roster.members[bob.publicKey]?.active).toBe(true);
    expect(ws.foldPending).toBe(true);
    const hash = ws.stateHash();
    expect(ws.foldPending).toBe(false);
    ws.close();
    expect(hash).toBe(refoldHash(alice.dir));
  });

  it('a crash while imports wait loses nothing: the checkpoint does not claim them, the next open folds them', () => {
    const { alice, bobWires, open } = outage(40, 60, 30);
    const ws = open();
    const stored = ws.store.count();
    importInBatches(ws, bobWires, 10);
    expect(ws.foldPending).toBe(true);
    // kill -9: no close(), no checkpoint.
    ws.store.close();
    const db = new Database(join(alice.dir, JOURNAL_FILE), { readonly: true });
    expect((db.prepare('SELECT count FROM checkpoint').get() as { count: number }).count).toBe(stored);
    db.close();
    const reopened = open();
    expect(reopened.store.count()).toBe(stored + bobWires.length);
    expect(reopened.stateHash()).toBe(refoldHash(alice.dir));
    reopened.close();
  });

  it('a checkpoint taken while imports wait folds them first', () => {
    const { alice, bobWires, open } = outage(40, 60, 30);
    const ws = open();
    importInBatches(ws, bobWires, 10);
    ws.checkpoint();
    expect(ws.foldPending).toBe(false);
    ws.store.close();
    const reopened = open();
    expect(reopened.stateHash()).toBe(refoldHash(alice.dir));
    reopened.close();
  });
});

describe('Workspace: earlier checkpoints', () => {
  /** Where each replay started (null: a refold from the start of the journal). */
  function replayStarts(ws: Workspace): () => (OrderKey | null)[] {
    const spy = vi.spyOn(ws.store, 'entriesAfter');
    return () => spy.mock.calls.map((c) => c[0]);
  }

  it('just after opening, entries sorting before the newest checkpoint rewind to an earlier one, not to the start', () => {
    const { alice, bobWires, open } = outage(1_100, 50, 1_100);
    const ws = open();
    const starts = replayStarts(ws);
    importInBatches(ws, bobWires, 10);
    const hash = ws.stateHash();
    expect(starts()).toHaveLength(1);
    expect(starts()[0]).not.toBeNull();
    ws.close();
    expect(hash).toBe(refoldHash(alice.dir));
  });

  it('an earlier checkpoint that entries stored later sort before is not used', () => {
    const { alice, bob, carol, founding, bobWires, open } = outage(1_100, 50, 1_100);
    // Carol joined early and wrote while the shared notes were being written: her entries
    // sort before the earlier checkpoints' keys, though stored after them.
    const carolWs = joinWorkspace({ dir: tempDir('cp-ws-carol-'), genesis: founding[0]!, signer: carol, clock: new ManualClock(T0) });
    carolWs.import(founding.slice(1));
    notes(carolWs, 3, 'from carol');
    const carolWires = wiresBy(carolWs, carol.publicKey, 1);
    expect(carolWires.every((w) => w.header.hlc.wall === T0)).toBe(true);
    carolWs.close();
    const ws2 = open();
    importInBatches(ws2, carolWires, 10);
    ws2.stateHash();
    // Enough new local entries that the next checkpoint moves this one into the history too.
    notes(ws2, 1_100, 'more from alice');
    ws2.close();

    const ws3 = open();
    const starts = replayStarts(ws3);
    importInBatches(ws3, bobWires, 10);
    const hash = ws3.stateHash();
    // The only earlier checkpoint before Bob's entries misses Carol's: a refold, from the start.
    expect(starts()).toEqual([null]);
    expect(ws3.roster.members[bob.publicKey]?.active).toBe(true);
    ws3.close();
    expect(hash).toBe(refoldHash(alice.dir));
  });
});
