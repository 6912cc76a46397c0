import { describe, it, expect } from 'vitest';
import { REDACTABLE_KINDS } from '../../../../shared/entries';
import { compareOrder, type Entry } from '../../../../shared/journal';
import { Projector, stateHash, type FoldEntry } from '../../../../shared/state';
import { JournalBuilder, MemorySource, hasher, hashOf, keyOf, redacted, refoldHash, sortByOrder } from './journalBuilder';

type Name = 'alice' | 'bob' | 'carol' | 'dave' | 'erin';
const NAMES: readonly Name[] = ['alice', 'bob', 'carol', 'dave', 'erin'];
type Options = { snapshotEvery?: number; keepSnapshots?: number };

/**
 * A journal of about thirty entries with concurrency in it: two commanders
 * editing the same incident at the same wall time, a revocation racing the
 * revoked member's own writes, a task pushed through an invalid transition,
 * a non-member writing, an edge removed while concurrently re-added.
 */
function scenario() {
  const b = new JournalBuilder<Name>(NAMES);
  const e: Entry[] = [];
  const push = (entry: Entry): Entry => {
    e.push(entry);
    return entry;
  };
  push(b.genesis());
  push(b.append('alice', 'roster.memberPut', { member: b.key('bob'), name: 'Bob', roles: ['commander'] }));
  push(b.append('alice', 'roster.memberPut', { member: b.key('carol'), name: 'Carol', roles: ['responder'], teams: ['sre'] }));
  push(b.append('alice', 'roster.memberPut', { member: b.key('dave'), name: 'Dave', roles: ['observer'] }));
  push(b.append('bob', 'catalog.teamPut', { team: 'sre', name: 'SRE' }));
  for (const s of ['web', 'api', 'db']) push(b.append('bob', 'catalog.servicePut', { service: s, name: s.toUpperCase() }));
  const webApi = push(b.append('bob', 'catalog.edgeAdd', { type: 'dependsOn', from: 'web', to: 'api' }));
  push(b.append('bob', 'catalog.edgeAdd', { type: 'dependsOn', from: 'api', to: 'db' }));
  push(b.append('bob', 'catalog.edgeAdd', { type: 'ownedBy', from: 'db', to: 'sre' }));
  const inc = push(b.append('carol', 'incident.open', { title: 'Checkout failing', severity: 2 }));
  push(b.append('carol', 'service.status', { service: 'db', status: 'degraded', incident: inc.id }));
  const task = push(b.append('bob', 'task.create', { incident: inc.id, title: 'Fail over the database', assignee: { team: 'sre' } }));
  push(b.append('carol', 'task.status', { task: task.id, status: 'in_progress' }));
  push(b.append('carol', 'task.status', { task: task.id, status: 'done' }));
  push(b.append('carol', 'task.status', { task: task.id, status: 'in_progress' })); // invalid: done -> in_progress
  push(b.append('carol', 'note.add', { text: 'failover complete', incident: inc.id }));
  // Two commanders retitle the incident at the same wall time without seeing each other.
  const w = b.entries.at(-1)!.header.hlc.wall + 1000;
  push(b.append('bob', 'incident.update', { incident: inc.id, title: 'DB failover (bob)' }, { wall: w, observe: false }));
  push(b.append('alice', 'incident.update', { incident: inc.id, title: 'DB failover (alice)', severity: 1 }, { wall: w, observe: false }));
  // alice removes web->api while bob, unaware, adds it again.
  push(b.append('alice', 'catalog.edgeRemove', { type: 'dependsOn', from: 'web', to: 'api', observed: [webApi.id] }, { wall: w + 1000, observe: false }));
  push(b.append('bob', 'catalog.edgeAdd', { type: 'dependsOn', from: 'web', to: 'api' }, { wall: w + 1000, observe: false }));
  // alice revokes carol; carol keeps writing, her device a little behind.
  push(b.append('alice', 'roster.memberRevoke', { member: b.key('carol'), reason: 'rotation ended' }, { wall: w + 2000 }));
  push(b.append('carol', 'service.status', { service: 'db', status: 'healthy' }, { wall: w + 1500, observe: false }));
  push(b.append('carol', 'note.add', { text: 'after revocation', incident: inc.id }, { wall: w + 2500, observe: false }));
  push(b.append('erin', 'incident.open', { title: 'not a member', severity: 5 }));
  push(b.append('dave', 'note.add', { text: 'observers cannot write' }));
  push(b.append('bob', 'incident.resolve', { incident: inc.id, resolution: 'failed over' }));
  push(b.append('bob', 'incident.update', { incident: inc.id, severity: 4 })); // invalid: resolved
  return { b, entries: e, inc, task };
}

/** Store each entry, then tell the projector, in the given delivery order. */
function deliver(entries: readonly FoldEntry[], opts: Options = {}, batch = 1): { projector: Projector; source: MemorySource } {
  const source = new MemorySource();
  const projector = new Projector(hasher, source, opts);
  for (let i = 0; i < entries.length; i += batch) {
    const chunk = entries.slice(i, i + batch);
    for (const entry of chunk) source.store(entry);
    projector.add(chunk);
  }
  return { projector, source };
}

/** A deterministic shuffle (mulberry32), so failures reproduce. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  let a = seed >>> 0;
  const rand = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const OPTION_SETS: Options[] = [{}, { snapshotEvery: 1 }, { snapshotEvery: 3, keepSnapshots: 2 }, { snapshotEvery: 5, keepSnapshots: 1 }];

describe('Projector: incremental fold equals a full refold', () => {
  it.each(OPTION_SETS)('entries delivered in total order, one by one (%o)', (opts) => {
    const { entries } = scenario();
    const ordered = sortByOrder(entries);
    const { projector } = deliver(ordered, opts);
    expect(projector.rewindCount).toBe(0);
    expect(projector.count).toBe(entries.length);
    expect(projector.lastKey).toEqual(keyOf(ordered.at(-1)!));
    expect(stateHash(hasher, projector.state)).toBe(refoldHash(entries));
  });

  it('the scenario exercises rejections of both categories', () => {
    const { entries } = scenario();
    const { projector } = deliver(sortByOrder(entries));
    const categories = new Set(Object.values(projector.state.rejected).map((r) => r.category));
    expect(categories).toEqual(new Set(['invalid', 'unauthorized']));
    expect(projector.state.applied + Object.keys(projector.state.rejected).length).toBe(entries.length);
  });

  it('refold() of a projector gives the same hash as folding incrementally', () => {
    const { entries } = scenario();
    const { projector } = deliver(sortByOrder(entries), { snapshotEvery: 4 });
    const before = stateHash(hasher, projector.state);
    projector.refold();
    expect(stateHash(hasher, projector.state)).toBe(before);
    expect(projector.count).toBe(entries.length);
  });

  it('one batch with everything, in storage order', () => {
    const { entries } = scenario();
    const { projector } = deliver(entries, {}, entries.length);
    expect(stateHash(hasher, projector.state)).toBe(refoldHash(entries));
  });
});

describe('Projector: late arrivals rewind and replay', () => {
  it.each(OPTION_SETS)('entries delivered newest first (%o)', (opts) => {
    const { entries } = scenario();
    const { projector } = deliver(sortByOrder(entries).reverse(), opts);
    expect(projector.rewindCount).toBeGreaterThan(0);
    expect(projector.count).toBe(entries.length);
    expect(stateHash(hasher, projector.state)).toBe(refoldHash(entries));
  });

  it.each(OPTION_SETS)('the second half arrives before the first half (%o)', (opts) => {
    const { entries } = scenario();
    const ordered = sortByOrder(entries);
    const half = Math.floor(ordered.length / 2);
    const { projector } = deliver([...ordered.slice(half), ...ordered.slice(0, half)], opts);
    expect(projector.rewindCount).toBeGreaterThan(0);
    expect(stateHash(hasher, projector.state)).toBe(refoldHash(entries));
  });

  it('author by author (each peer syncs one chain after another)', () => {
    const { b, entries } = scenario();
    const byAuthor = [...b.names].reverse().flatMap((n) => entries.filter((e) => e.header.author === b.key(n)));
    const { projector } = deliver(byAuthor, { snapshotEvery: 2, keepSnapshots: 3 });
    expect(stateHash(hasher, projector.state)).toBe(refoldHash(entries));
  });

  it.each([1, 2, 3, 4, 5, 6, 7, 8])('seeded random delivery %i, in random batch sizes', (seed) => {
    const { entries } = scenario();
    const order = shuffled(entries, seed);
    const { projector } = deliver(order, { snapshotEvery: (seed % 4) + 1, keepSnapshots: (seed % 3) + 1 }, (seed % 3) + 1);
    expect(stateHash(hasher, projector.state)).toBe(refoldHash(entries));
  });

  it('a late revocation takes back what the revoked member did after it', () => {
    const { b, entries } = scenario();
    const revoke = entries.find((e) => e.header.kind === 'roster.memberRevoke')!;
    const carolAfter = entries.filter((e) => e.header.author === b.key('carol') && compareOrder(keyOf(e), keyOf(revoke)) > 0);
    expect(carolAfter.length).toBeGreaterThan(0);
    const others = sortByOrder(entries.filter((e) => e.id !== revoke.id));
    const { projector, source } = deliver(others);
    for (const e of carolAfter) expect(projector.state.rejected[e.id]).toBeUndefined();
    source.store(revoke);
    projector.add([revoke]);
    expect(projector.rewindCount).toBe(1);
    for (const e of carolAfter) expect(projector.state.rejected[e.id]).toMatchObject({ category: 'unauthorized', reason: 'author was revoked' });
    expect(stateHash(hasher, projector.state)).toBe(refoldHash(entries));
  });

  it('a duplicate delivery of an entry already folded changes nothing', () => {
    const { entries } = scenario();
    const ordered = sortByOrder(entries);
    const { projector } = deliver(ordered, { snapshotEvery: 3 });
    const before = stateHash(hasher, projector.state);
    projector.add([ordered[5]!, ordered.at(-1)!]);
    expect(stateHash(hasher, projector.state)).toBe(before);
    expect(projector.count).toBe(entries.length);
  });

  it('last writer wins by (hlc, author) whichever update arrives first', () => {
    const { b, entries, inc } = scenario();
    const updates = entries.filter((e) => e.header.kind === 'incident.update' && (e.body as { title?: string }).title !== undefined);
    expect(updates).toHaveLength(2);
    expect(updates[0]!.header.hlc).toEqual(updates[1]!.header.hlc);
    const winner = sortByOrder(updates)[1]!;
    const expected = (winner.body as { title: string }).title;
    const rest = entries.filter((e) => !updates.includes(e));
    for (const order of [updates, [...updates].reverse()]) {
      const { projector } = deliver([...sortByOrder(rest), ...order]);
      expect(projector.state.incidents[inc.id]!.title).toBe(expected);
    }
    expect(expected).toBe(b.key('alice') > b.key('bob') ? 'DB failover (alice)' : 'DB failover (bob)');
  });
});

describe('Projector: checkpoints, local appends and forget', () => {
  it('a projector started from a checkpoint continues like one that never stopped', () => {
    const { entries } = scenario();
    const ordered = sortByOrder(entries);
    const half = Math.floor(ordered.length / 2);
    const { projector: first, source } = deliver(ordered.slice(0, half));
    const cp = first.checkpoint();
    const hashAtCheckpoint = stateHash(hasher, cp.state);
    // Folding on must not change the checkpoint (it is a copy).
    for (const e of ordered.slice(half)) source.store(e);
    first.add(ordered.slice(half));
    expect(stateHash(hasher, cp.state)).toBe(hashAtCheckpoint);

    const resumedSource = new MemorySource(ordered.slice(0, half));
    const resumed = new Projector(hasher, resumedSource, { snapshotEvery: 2 }, cp);
    expect(resumed.count).toBe(half);
    const rest = shuffled(ordered.slice(half), 42);
    for (const e of rest) {
      resumedSource.store(e);
      resumed.add([e]);
    }
    expect(stateHash(hasher, resumed.state)).toBe(refoldHash(entries));
    expect(stateHash(hasher, first.state)).toBe(refoldHash(entries));
  });

  it('a late entry older than the checkpoint refolds the whole source', () => {
    const { entries } = scenario();
    const ordered = sortByOrder(entries);
    const missing = ordered[3]!;
    const without = ordered.filter((e) => e !== missing);
    const { projector: first } = deliver(without);
    const source = new MemorySource(without);
    const resumed = new Projector(hasher, source, {}, first.checkpoint());
    source.store(missing);
    resumed.add([missing]);
    expect(stateHash(hasher, resumed.state)).toBe(refoldHash(entries));
  });

  it('applyLocal folds at the tail and refuses anything that does not sort there', () => {
    const { entries } = scenario();
    const ordered = sortByOrder(entries);
    const source = new MemorySource();
    const projector = new Projector(hasher, source);
    for (const e of ordered) {
      source.store(e);
      projector.applyLocal(e);
    }
    expect(stateHash(hasher, projector.state)).toBe(refoldHash(entries));
    expect(() => projector.applyLocal(ordered[2]!)).toThrow(/does not sort at the tail/);
    expect(() => projector.applyLocal(ordered.at(-1)!)).toThrow(/does not sort at the tail/);
  });

  it('applyLocal returns the verdict; forget() undoes an entry that was not stored after all', () => {
    const { b, entries, inc } = scenario();
    const ordered = sortByOrder(entries);
    const { projector, source } = deliver(ordered, { snapshotEvery: 4 });
    const before = stateHash(hasher, projector.state);
    const ok = b.append('alice', 'incident.reopen', { incident: inc.id, reason: 'again' });
    const refused = b.append('alice', 'incident.reopen', { incident: inc.id });
    source.store(ok);
    expect(projector.applyLocal(ok)).toEqual({ applied: true });
    source.store(refused);
    expect(projector.applyLocal(refused)).toEqual({ applied: false, category: 'invalid', reason: 'incident is not resolved' });
    // The transaction rolls back: neither entry was stored.
    source.remove(ok.id);
    source.remove(refused.id);
    projector.forget(keyOf(ok));
    expect(stateHash(hasher, projector.state)).toBe(before);
    expect(projector.count).toBe(entries.length);
    expect(projector.lastKey).toEqual(keyOf(ordered.at(-1)!));
  });
});

describe('Projector: snapshots bound the cost of a rewind', () => {
  function longJournal(n: number) {
    const b = new JournalBuilder<Name>(NAMES);
    const entries: Entry[] = [b.genesis()];
    for (let i = 0; i < n; i++) entries.push(b.append('alice', 'note.add', { text: `note ${i}` }));
    // A late entry from bob sorting just before alice's last entry.
    const last = entries.at(-1)!;
    const late = b.append('bob', 'note.add', { text: 'late' }, { wall: last.header.hlc.wall - 1, observe: false });
    return { entries, late };
  }

  it('after folding at the tail with add(), a late arrival near the tail replays only a few entries', () => {
    const { entries, late } = longJournal(60);
    const { projector, source } = deliver(entries, { snapshotEvery: 4 });
    source.yielded = 0;
    source.store(late);
    projector.add([late]);
    expect(projector.rewindCount).toBe(1);
    expect(source.yielded).toBeLessThanOrEqual(4 + 2);
    expect(stateHash(hasher, projector.state)).toBe(refoldHash([...entries, late]));
  });

  it('after folding local appends with applyLocal(), a late arrival near the tail replays only a few entries', () => {
    // Snapshots are taken "at intervals" (ARCHITECTURE.md): local appends count as much as remote ones.
    const { entries, late } = longJournal(60);
    const source = new MemorySource();
    const projector = new Projector(hasher, source, { snapshotEvery: 4 });
    for (const e of entries) {
      source.store(e);
      projector.applyLocal(e);
    }
    source.yielded = 0;
    source.store(late);
    projector.add([late]);
    expect(stateHash(hasher, projector.state)).toBe(refoldHash([...entries, late]));
    expect(source.yielded).toBeLessThanOrEqual(4 + 2);
  });
});

describe('Projector: equivocation', () => {
  function equivocating() {
    const { b, entries } = scenario();
    const carol = entries.filter((e) => e.header.author === b.key('carol'));
    expect(carol.length).toBeGreaterThanOrEqual(5);
    return { b, entries, carol, author: b.key('carol') };
  }

  it.each([1, 3, 5])("marking (author, %i) rejects that author's entries from that seq on, incrementally and from scratch alike", (seq) => {
    const { entries, carol, author } = equivocating();
    const firstAffected = carol.find((e) => e.header.seq === seq)!;
    const { projector } = deliver(sortByOrder(entries), { snapshotEvery: 3 });
    projector.markEquivocation(author, seq, keyOf(firstAffected));
    expect(projector.rewindCount).toBe(1);

    for (const e of carol) {
      const rejection = projector.state.rejected[e.id];
      if (e.header.seq >= seq) {
        expect(rejection).toEqual({
          kind: e.header.kind,
          author,
          seq: e.header.seq,
          category: 'unauthorized',
          reason: `author equivocated at seq ${seq}; later entries are not applied`,
        });
      }
    }
    const fromScratch = refoldHash(entries, { equivocations: { [author]: seq } });
    expect(stateHash(hasher, projector.state)).toBe(fromScratch);

    // Marked before anything arrives, then entries delivered in any order: same state.
    const source = new MemorySource();
    const early = new Projector(hasher, source, { snapshotEvery: 2 });
    early.markEquivocation(author, seq, null);
    for (const e of shuffled(entries, seq)) {
      source.store(e);
      early.add([e]);
    }
    expect(stateHash(hasher, early.state)).toBe(fromScratch);
    expect(early.state.equivocations).toEqual({ [author]: seq });
  });

  it('marked mid-stream, with the rest arriving late and out of order', () => {
    const { entries, carol, author } = equivocating();
    const ordered = sortByOrder(entries);
    const half = Math.floor(ordered.length / 2);
    const { projector, source } = deliver(ordered.slice(half), { snapshotEvery: 2, keepSnapshots: 2 });
    const firstAffected = sortByOrder(carol.filter((e) => e.header.seq >= 2))[0]!;
    projector.markEquivocation(author, 2, keyOf(firstAffected));
    for (const e of shuffled(ordered.slice(0, half), 7)) {
      source.store(e);
      projector.add([e]);
    }
    expect(stateHash(hasher, projector.state)).toBe(refoldHash(entries, { equivocations: { [author]: 2 } }));
  });

  it('a lower seq replaces a higher one; a higher one is ignored', () => {
    const { entries, carol, author } = equivocating();
    const { projector } = deliver(sortByOrder(entries), { snapshotEvery: 3 });
    projector.markEquivocation(author, 4, keyOf(carol.find((e) => e.header.seq === 4)!));
    projector.markEquivocation(author, 2, keyOf(carol.find((e) => e.header.seq === 2)!));
    const rewinds = projector.rewindCount;
    projector.markEquivocation(author, 3, keyOf(carol.find((e) => e.header.seq === 3)!));
    expect(projector.rewindCount).toBe(rewinds);
    expect(projector.state.equivocations).toEqual({ [author]: 2 });
    expect(stateHash(hasher, projector.state)).toBe(refoldHash(entries, { equivocations: { [author]: 2 } }));
  });

  it('survives refold()', () => {
    const { entries, carol, author } = equivocating();
    const { projector } = deliver(sortByOrder(entries));
    projector.markEquivocation(author, 2, keyOf(carol[1]!));
    const hash = stateHash(hasher, projector.state);
    projector.refold();
    expect(stateHash(hasher, projector.state)).toBe(hash);
  });
});

describe('Projector: redactions stored after their target was folded', () => {
  /**
   * What the workspace does (main/workspace/workspace.ts): after the fold has
   * accepted a redaction, the store deletes the target's body (a tombstone
   * replaces the stored entry). A rejected redaction deletes nothing.
   */
  function deleteBodyIfAccepted(source: MemorySource, projector: Projector, entry: Entry, all: readonly Entry[]): void {
    if (entry.header.kind !== 'journal.redact') return;
    const target = (entry.body as { target: string }).target;
    const stored = source.all().find((e) => e.id === target);
    if (stored !== undefined && projector.state.redacted[target] === entry.id && REDACTABLE_KINDS.includes(stored.header.kind)) {
      source.store(
        redacted(
          all.find((e) => e.id === target)!,
          entry.id,
        ),
      );
    }
  }

  function run(extra: (b: JournalBuilder<Name>, incident: string) => { note: Entry; redact: Entry }) {
    const { b, entries, inc } = scenario();
    const { note, redact } = extra(b, inc.id);
    const all = [...entries, note, redact];
    const source = new MemorySource();
    const projector = new Projector(hasher, source, { snapshotEvery: 3 });
    for (const e of sortByOrder(all)) {
      source.store(e);
      projector.add([e]);
      deleteBodyIfAccepted(source, projector, e, all);
    }
    const fresh = new Projector(hasher, source);
    fresh.refold();
    return { projector, fresh, note, redact, source };
  }

  it('an admin redacting a valid note: incremental and refolded state agree', () => {
    const { projector, fresh, note, redact, source } = run((b, incident) => {
      const note = b.append('bob', 'note.add', { text: 'call jane on +44 1632 960000', incident });
      return { note, redact: b.append('alice', 'journal.redact', { target: note.id, targetKind: 'note.add', reason: 'personal data' }) };
    });
    expect(projector.state.redacted[note.id]).toBe(redact.id);
    expect(fresh.state.redacted[note.id]).toBe(redact.id);
    expect(source.all().find((e) => e.id === note.id)?.redactedBy).toBe(redact.id);
    expect(hashOf(projector.state)).toBe(hashOf(fresh.state));
  });

  it('a redaction by a non-admin: incremental and refolded state agree', () => {
    // bob (commander) may not redact: the fold rejects his redaction, so no body is deleted
    // and a peer that refolds sees the text exactly like the peer that folded incrementally.
    const { projector, fresh, redact } = run((b, incident) => {
      const note = b.append('alice', 'note.add', { text: 'decision: fail over now', incident });
      return { note, redact: b.append('bob', 'journal.redact', { target: note.id, targetKind: 'note.add', reason: 'I disagree' }) };
    });
    expect(projector.state.rejected[redact.id]).toMatchObject({ category: 'unauthorized' });
    expect(projector.state.redacted).toEqual({});
    expect(hashOf(projector.state)).toBe(hashOf(fresh.state));
  });

  it('an admin redacting, on this device, a note that the fold rejected: incremental (applyLocal) and refolded state agree', () => {
    const { b, entries } = scenario();
    const note = b.append('bob', 'note.add', { text: 'jane@example.com', service: 'no-such-service' });
    const redact = b.append('alice', 'journal.redact', { target: note.id, targetKind: 'note.add', reason: 'personal data' });
    const all = [...entries, note, redact];
    const source = new MemorySource();
    const projector = new Projector(hasher, source, { snapshotEvery: 3 });
    for (const e of sortByOrder([...entries, note])) {
      source.store(e);
      projector.add([e]);
    }
    // Workspace.appendMany: the store appends the redaction, applyLocal folds it, then the body goes.
    source.store(redact);
    expect(projector.applyLocal(redact)).toEqual({ applied: true });
    deleteBodyIfAccepted(source, projector, redact, all);
    const fresh = new Projector(hasher, source);
    fresh.refold();
    expect(hashOf(projector.state)).toBe(hashOf(fresh.state));
  });

  it('an admin redacting a note that the fold rejected: incremental and refolded state agree', () => {
    const { projector, fresh } = run((b) => {
      const note = b.append('bob', 'note.add', { text: 'jane@example.com', service: 'no-such-service' });
      return { note, redact: b.append('alice', 'journal.redact', { target: note.id, targetKind: 'note.add', reason: 'personal data' }) };
    });
    expect(hashOf(projector.state)).toBe(hashOf(fresh.state));
  });
});
