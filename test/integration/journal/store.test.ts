import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ManualClock, compareHlc } from '../../../shared/clock';
import type { JsonValue } from '../../../shared/canonical';
import { toBase64Url } from '../../../shared/bytes';
import {
  BodyTooLargeError,
  MAX_BODY_BYTES,
  compareOrder,
  headerBytesOf,
  orderKeyOf,
  signEntry,
  toWire,
  verifyEntry,
  type Entry,
  type Signer,
  type WireEntry,
} from '../../../shared/journal';
import { nodeCrypto } from '../../../main/crypto';
import { EntryRejectedError, JournalStore } from '../../../main/journal';
import { EntryRefusedError, JOURNAL_FILE, Workspace } from '../../../main/workspace';
import { T0, cleanupTempDirs, createWorkspace, exportWires, freshFoldHash, newSigner, tempDir, verifyFile, type TestWorkspace } from './helpers';

afterAll(cleanupTempDirs);

const WS_ID = '0123456789abcdef0123456789abcdef';

function notes(n: number, prefix = 'note'): { kind: 'note.add'; body: { text: string } }[] {
  return Array.from({ length: n }, (_, i) => ({ kind: 'note.add' as const, body: { text: `${prefix} ${i + 1}` } }));
}

/** Sign the entry that follows `prev` on the signer's chain (prev null: seq 1). */
function signAfter(signer: Signer, ws: string, prev: Entry | null, hlc: { wall: number; count: number }, kind: string, body: JsonValue): Entry {
  return signEntry(nodeCrypto, signer, { ws, seq: prev === null ? 1 : prev.header.seq + 1, prev: prev?.id ?? null, hlc, kind }, body);
}

function chainOf(store: JournalStore, author: string): Entry[] {
  const head = store.head(author);
  return head === null ? [] : [...store.entriesByAuthor(author, 1, head.seq)];
}

/** A fresh, empty journal file that knows which workspace it belongs to (as a new peer has). */
function emptyPeerStore(wsId: string): { store: JournalStore; dir: string } {
  const dir = tempDir('cp-peer-');
  const store = JournalStore.open(join(dir, JOURNAL_FILE), nodeCrypto, { create: true });
  store.setMeta('workspace', wsId);
  return { store, dir };
}

/** Workspace A with a second member (a responder) whose own entries were imported. */
function twoAuthorWorkspace(): TestWorkspace & { other: Signer; otherEntries: Entry[] } {
  const t = createWorkspace();
  const { signer: other } = newSigner();
  t.ws.append('roster.memberPut', { member: other.publicKey, name: 'Rio Responder', roles: ['responder'] });
  t.clock.advance(1000);
  t.ws.appendMany(notes(3, 'admin'));
  // The responder's clock runs a little behind, then catches up: its entries interleave with the admin's.
  const otherEntries: Entry[] = [];
  let prev: Entry | null = null;
  for (const [i, wall] of [T0 + 500, T0 + 1000, T0 + 2000].entries()) {
    prev = signAfter(other, t.ws.id, prev, { wall, count: 0 }, 'note.add', { text: `responder ${i + 1}` });
    otherEntries.push(prev);
  }
  const r = t.ws.import(otherEntries.map(toWire));
  expect(r.refused).toEqual([]);
  t.clock.advance(5000);
  t.ws.appendMany(notes(2, 'admin late'));
  return { ...t, other, otherEntries };
}

describe('append', () => {
  it('commits a batch in one transaction and returns entries that are durable', () => {
    const dir = tempDir();
    const file = join(dir, JOURNAL_FILE);
    const { signer } = newSigner();
    const clock = new ManualClock(T0);
    const store = JournalStore.open(file, nodeCrypto, { create: true });
    const out = store.append(WS_ID, signer, clock, notes(100));
    expect(out).toHaveLength(100);
    for (const e of out) expect(verifyEntry(nodeCrypto, toWire(e))).toEqual(e);
    store.close();

    const again = JournalStore.open(file, nodeCrypto, { create: false });
    expect(again.count()).toBe(100);
    expect(chainOf(again, signer.publicKey)).toEqual(out);
    expect(again.head(signer.publicKey)).toEqual({ id: out[99]!.id, seq: 100 });
    for (const e of out) expect(again.get(e.id)).toEqual(e);
    again.close();
  });

  it('a second connection (e.g. `journal verify` while the app runs) reads a freshly created journal whose WAL is not yet checkpointed', () => {
    const dir = tempDir();
    const file = join(dir, JOURNAL_FILE);
    const { signer } = newSigner();
    const store = JournalStore.open(file, nodeCrypto, { create: true });
    const out = store.append(WS_ID, signer, new ManualClock(T0), notes(100));
    // The writer is still open: append returned only after the commit, so another reader sees the whole batch.
    const reader = JournalStore.open(file, nodeCrypto, { create: false, readonly: true });
    try {
      expect(reader.count()).toBe(100);
      for (const e of out) expect(reader.get(e.id)).toEqual(e);
    } finally {
      reader.close();
      store.close();
    }
  });

  it('links seq and prev along the chain and keeps the HLC strictly increasing, even when the wall clock steps back', () => {
    const dir = tempDir();
    const { signer } = newSigner();
    const clock = new ManualClock(T0);
    const store = JournalStore.open(join(dir, JOURNAL_FILE), nodeCrypto, { create: true });
    store.append(WS_ID, signer, clock, notes(10, 'first'));
    clock.set(T0 - 60_000); // NTP step backwards
    const back = store.append(WS_ID, signer, clock, notes(10, 'after step'));
    clock.set(T0 + 5_000);
    store.append(WS_ID, signer, clock, notes(10, 'later'));

    const chain = chainOf(store, signer.publicKey);
    expect(chain.map((e) => e.header.seq)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(chain[0]!.header.prev).toBeNull();
    for (let i = 1; i < chain.length; i++) {
      expect(chain[i]!.header.prev).toBe(chain[i - 1]!.id);
      expect(compareHlc(chain[i]!.header.hlc, chain[i - 1]!.header.hlc)).toBeGreaterThan(0);
    }
    for (const e of back) expect(e.header.hlc.wall).toBe(T0);
    expect(chain[20]!.header.hlc).toEqual({ wall: T0 + 5_000, count: 0 });
    expect(store.lastHlc).toEqual(chain[29]!.header.hlc);
    store.close();

    // The HLC survives a restart: a reopened store never issues one below what it holds.
    const reopened = JournalStore.open(join(dir, JOURNAL_FILE), nodeCrypto, { create: false });
    clock.set(T0 - 120_000);
    const [next] = reopened.append(WS_ID, signer, clock, notes(1, 'after restart'));
    expect(next!.header.seq).toBe(31);
    expect(next!.header.prev).toBe(chain[29]!.id);
    expect(compareHlc(next!.header.hlc, chain[29]!.header.hlc)).toBeGreaterThan(0);
    reopened.close();
  });

  it('reports the version vector: highest seq per author', () => {
    const t = twoAuthorWorkspace();
    expect(t.ws.store.versionVector()).toEqual({ [t.signer.publicKey]: 7, [t.other.publicKey]: 3 });
    t.ws.close();
  });

  it('yields entriesAfter in the total order (hlc, author, seq), strictly after the given key', () => {
    const t = twoAuthorWorkspace();
    // An entry with exactly the HLC of one of the admin's: the author key breaks the tie.
    const adminLast = chainOf(t.ws.store, t.signer.publicKey).at(-1)!;
    const tie = signAfter(t.other, t.ws.id, t.otherEntries[2]!, adminLast.header.hlc, 'note.add', { text: 'tie' });
    expect(t.ws.import([toWire(tie)]).refused).toEqual([]);

    const all = [...t.ws.store.entriesAfter(null)];
    expect(all).toHaveLength(t.ws.store.count());
    for (let i = 1; i < all.length; i++) {
      expect(compareOrder(orderKeyOf(all[i - 1]!.header), orderKeyOf(all[i]!.header))).toBeLessThan(0);
    }
    const tied = all.filter((e) => compareHlc(e.header.hlc, adminLast.header.hlc) === 0).map((e) => e.header.author);
    expect(tied).toEqual([t.signer.publicKey, t.other.publicKey].sort());
    // The responder's early entries (wall T0+500) sort before admin entries written at T0+1000.
    const authors = all.map((e) => (e.header.author === t.signer.publicKey ? 'A' : 'R'));
    expect(authors.join('')).not.toMatch(/^A+R+$/);
    for (let i = 0; i < all.length; i++) {
      const after = [...t.ws.store.entriesAfter(orderKeyOf(all[i]!.header))].map((e) => e.id);
      expect(after).toEqual(all.slice(i + 1).map((e) => e.id));
    }
    t.ws.close();
  });
});

describe('import', () => {
  it("rebuilds another peer's journal from its export: same entries, same version vector, same state hash", async () => {
    const t = twoAuthorWorkspace();
    const { wires } = await exportWires(t.ws.store);
    const peer = emptyPeerStore(t.ws.id);
    const r = peer.store.import(t.ws.id, t.clock, wires);
    expect(r.refused).toEqual([]);
    expect(r.equivocations).toEqual([]);
    expect(r.duplicates).toBe(0);
    expect(r.stored).toHaveLength(wires.length);
    peer.store.close();

    const b = Workspace.open({ dir: peer.dir, clock: t.clock });
    expect(b.id).toBe(t.ws.id);
    expect(b.store.count()).toBe(t.ws.store.count());
    expect(b.store.versionVector()).toEqual(t.ws.store.versionVector());
    expect(b.stateHash()).toBe(t.ws.stateHash());
    expect(b.state).toEqual(t.ws.state);

    // Importing the same entries again is idempotent.
    const hash = b.stateHash();
    const again = b.import(wires);
    expect(again).toEqual({ stored: [], duplicates: wires.length, equivocations: [], refused: [] });
    expect(b.store.count()).toBe(wires.length);
    expect(b.stateHash()).toBe(hash);
    b.close();
    t.ws.close();
  });

  it('imports an export that contains a redaction (the redacted body travels as redactedBy)', async () => {
    const t = createWorkspace();
    const note = t.ws.append('note.add', { text: 'Customer Jane Doe, +44 7700 900123, card ending 4242' });
    t.ws.append('journal.redact', { target: note.id, targetKind: 'note.add', reason: 'personal data' });
    t.ws.append('note.add', { text: 'after the redaction' });
    const { wires } = await exportWires(t.ws.store);
    expect(wires.find((w) => w.id === note.id)?.redactedBy).toBeDefined();

    const peer = emptyPeerStore(t.ws.id);
    const r = peer.store.import(t.ws.id, t.clock, wires);
    expect(r.refused).toEqual([]);
    expect(r.stored).toHaveLength(wires.length);
    peer.store.close();
    const b = Workspace.open({ dir: peer.dir, clock: t.clock });
    expect(b.stateHash()).toBe(t.ws.stateHash());
    b.close();
    t.ws.close();
  });

  it("refuses an entry whose author's previous seq is missing (gap), and importOne throws saying so", async () => {
    const t = createWorkspace();
    t.ws.appendMany(notes(3));
    const { wires } = await exportWires(t.ws.store);
    const bySeq = (s: number) => wires.find((w) => w.header.seq === s)!;
    const peer = emptyPeerStore(t.ws.id);
    expect(peer.store.import(t.ws.id, t.clock, [bySeq(1)]).stored).toHaveLength(1);

    const r = peer.store.import(t.ws.id, t.clock, [bySeq(3)]);
    expect(r.stored).toEqual([]);
    expect(r.refused).toHaveLength(1);
    expect(r.refused[0]).toMatchObject({ id: bySeq(3).id, author: t.signer.publicKey, seq: 3 });
    expect(r.refused[0]!.reason).toMatch(/gap/);
    expect(() => peer.store.importOne(t.ws.id, t.clock, bySeq(3))).toThrow(EntryRejectedError);
    expect(() => peer.store.importOne(t.ws.id, t.clock, bySeq(3))).toThrow(/gap: seq 2/);
    expect(peer.store.count()).toBe(1);
    expect(peer.store.get(bySeq(3).id)).toBeNull();

    // Once the gap is filled, the entry is accepted.
    expect(peer.store.import(t.ws.id, t.clock, [bySeq(2), bySeq(3)]).stored).toHaveLength(2);
    peer.store.close();
    t.ws.close();
  });

  it('refuses an entry whose prev does not name the previous entry (broken chain)', () => {
    const t = createWorkspace();
    const [, last] = t.ws.appendMany(notes(2));
    const hash = t.ws.stateHash();
    const bad = signEntry(
      nodeCrypto,
      t.signer,
      { ws: t.ws.id, seq: last!.header.seq + 1, prev: 'f'.repeat(64), hlc: { wall: T0 + 10, count: 0 }, kind: 'note.add' },
      { text: 'on a forked chain' },
    );
    const r = t.ws.import([toWire(bad)]);
    expect(r.stored).toEqual([]);
    expect(r.refused).toHaveLength(1);
    expect(r.refused[0]!.reason).toMatch(/broken chain/);
    expect(t.ws.store.count()).toBe(3);
    expect(t.ws.store.get(bad.id)).toBeNull();
    expect(t.ws.stateHash()).toBe(hash);
    t.ws.close();
  });

  it('refuses entries that belong to another workspace', async () => {
    const a = createWorkspace('A');
    const c = createWorkspace('C');
    c.ws.appendMany(notes(2));
    const { wires } = await exportWires(c.ws.store);
    const hash = a.ws.stateHash();
    const r = a.ws.import(wires);
    expect(r.stored).toEqual([]);
    expect(r.refused).toHaveLength(wires.length);
    for (const f of r.refused) expect(f.reason).toMatch(new RegExp(`belongs to workspace ${c.ws.id}, not ${a.ws.id}`));
    expect(a.ws.store.count()).toBe(1);
    expect(a.ws.stateHash()).toBe(hash);
    a.ws.close();
    c.ws.close();
  });

  it('refuses a forged signature and stores nothing', () => {
    const t = createWorkspace();
    const head = t.ws.store.get(t.ws.store.head(t.signer.publicKey)!.id)!;
    const genuine = signAfter(t.signer, t.ws.id, head, { wall: T0 + 10, count: 0 }, 'note.add', { text: 'claims to be from the admin' });
    const { signer: mallory } = newSigner();
    const forged: WireEntry = { ...toWire(genuine), sig: toBase64Url(mallory.sign(headerBytesOf(genuine.header))) };
    const hash = t.ws.stateHash();
    const r = t.ws.import([forged]);
    expect(r.stored).toEqual([]);
    expect(r.refused).toEqual([{ id: genuine.id, author: t.signer.publicKey, seq: 2, reason: expect.stringMatching(/bad signature/) }]);
    expect(() => t.ws.store.importOne(t.ws.id, t.clock, forged)).toThrow(EntryRejectedError);
    expect(t.ws.store.get(genuine.id)).toBeNull();
    expect(t.ws.store.count()).toBe(1);
    expect(t.ws.stateHash()).toBe(hash);
    t.ws.close();
  });

  it("stores a validly signed entry from a non-member, but the fold rejects it as unauthorized ('member')", () => {
    const t = createWorkspace();
    const { signer: stranger } = newSigner();
    const e = signAfter(stranger, t.ws.id, null, { wall: T0 + 10, count: 0 }, 'note.add', { text: 'let me in' });
    const r = t.ws.import([toWire(e)]);
    expect(r.refused).toEqual([]);
    expect(r.stored.map((s) => s.id)).toEqual([e.id]);
    expect(t.ws.store.get(e.id)).toEqual(e);
    const rejected = t.ws.state.rejected[e.id];
    expect(rejected).toMatchObject({ kind: 'note.add', author: stranger.publicKey, seq: 1, category: 'unauthorized' });
    expect(rejected!.reason).toMatch(/member/);

    // Every peer, and every refold, reaches the same verdict.
    const hash = t.ws.stateHash();
    expect(freshFoldHash(t.ws.store)).toBe(hash);
    t.ws.close();
    const reopened = Workspace.open({ dir: t.dir, clock: t.clock });
    expect(reopened.state.rejected[e.id]?.category).toBe('unauthorized');
    expect(reopened.stateHash()).toBe(hash);
    reopened.close();
  });

  it("keeps an equivocation (same author and seq, other content) as evidence and stops applying that author's entries from that seq on", () => {
    const t = createWorkspace();
    const { signer: responder } = newSigner();
    t.ws.append('roster.memberPut', { member: responder.publicKey, name: 'Rio Responder', roles: ['responder'] });
    // The responder writes seq 1..4 (imported, as from their own device).
    const chain: Entry[] = [];
    let prev: Entry | null = null;
    for (let i = 1; i <= 4; i++) {
      prev = signAfter(responder, t.ws.id, prev, { wall: T0 + i * 10, count: 0 }, 'note.add', { text: `responder ${i}` });
      chain.push(prev);
    }
    expect(t.ws.import(chain.map(toWire)).refused).toEqual([]);
    for (const e of chain) expect(t.ws.state.rejected[e.id]).toBeUndefined();
    const count = t.ws.store.count();

    // Then a second, different seq 3 signed by the same key: a forked chain.
    const fork = signAfter(responder, t.ws.id, chain[1]!, { wall: T0 + 31, count: 0 }, 'note.add', { text: 'the other story' });
    expect(fork.header.seq).toBe(3);
    expect(fork.id).not.toBe(chain[2]!.id);
    const r = t.ws.import([toWire(fork)]);
    expect(r.refused).toEqual([]);
    expect(r.stored).toEqual([]);
    const evidence = { author: responder.publicKey, seq: 3, stored: chain[2]!.id, conflicting: fork.id };
    expect(r.equivocations).toEqual([evidence]);
    expect(t.ws.store.equivocations()).toEqual([evidence]);
    expect(t.ws.store.count()).toBe(count);
    expect(t.ws.store.get(fork.id)).toBeNull();

    expect(t.ws.state.equivocations[responder.publicKey]).toBe(3);
    expect(t.ws.state.rejected[chain[0]!.id]).toBeUndefined();
    expect(t.ws.state.rejected[chain[1]!.id]).toBeUndefined();
    for (const e of chain.slice(2)) {
      expect(t.ws.state.rejected[e.id]?.reason).toMatch(/equivocated at seq 3/);
    }

    // The evidence survives a restart and the fold reaches the same state.
    const hash = t.ws.stateHash();
    expect(freshFoldHash(t.ws.store)).toBe(hash);
    t.ws.close();
    const reopened = Workspace.open({ dir: t.dir, clock: t.clock });
    expect(reopened.store.equivocations()).toEqual([evidence]);
    expect(reopened.stateHash()).toBe(hash);
    reopened.close();
  });
});

describe('redaction', () => {
  it('replaces the stored body of the target by the redaction id; the export shows redactedBy and still verifies', async () => {
    const t = createWorkspace();
    const secret = 'Caller: Jane Doe, +44 7700 900123';
    const note = t.ws.append('note.add', { text: secret });
    const kept = t.ws.append('note.add', { text: 'Rollback started' });
    expect(t.ws.store.get(note.id)?.body).toEqual({ text: secret });
    const redaction = t.ws.append('journal.redact', { target: note.id, targetKind: 'note.add', reason: 'personal data' });

    const stored = t.ws.store.get(note.id)!;
    expect(stored.body).toBeNull();
    expect(stored.redactedBy).toBe(redaction.id);
    expect(stored.header).toEqual(note.header); // signature and chain untouched
    expect(stored.sig).toBe(note.sig);
    expect(t.ws.store.get(kept.id)?.body).toEqual(kept.body);
    expect(t.ws.state.redacted[note.id]).toBe(redaction.id);

    const dir = tempDir('cp-export-');
    const { file, wires } = await exportWires(t.ws.store, dir);
    const line = wires.find((w) => w.id === note.id)!;
    expect(line.redactedBy).toBe(redaction.id);
    expect('body' in line).toBe(false);
    expect(readFileSync(file, 'utf8')).not.toContain('Jane Doe');

    const report = await verifyFile(file);
    expect(report.failures).toEqual([]);
    expect(report.redacted).toBe(1);
    expect(report.stateHash).toBe(t.ws.stateHash());

    // A fresh fold of the journal agrees with the incremental one.
    const hash = t.ws.stateHash();
    expect(freshFoldHash(t.ws.store)).toBe(hash);
    t.ws.close();
    const reopened = Workspace.open({ dir: t.dir, clock: t.clock });
    expect(reopened.stateHash()).toBe(hash);
    reopened.close();
  });
  it('ignores a journal.redact signed by a non-member: the target keeps its body, live and after a refold', () => {
    const t = createWorkspace();
    const note = t.ws.append('note.add', { text: 'Rollback decided by Alex at 09:40' });
    const { signer: stranger } = newSigner();
    const redact = signAfter(stranger, t.ws.id, null, { wall: T0 + 10, count: 0 }, 'journal.redact', {
      target: note.id,
      targetKind: 'note.add',
      reason: 'cover it up',
    });
    const r = t.ws.import([toWire(redact)]);
    expect(r.refused).toEqual([]);
    expect(t.ws.state.rejected[redact.id]).toMatchObject({ category: 'unauthorized', reason: expect.stringMatching(/member/) });

    expect.soft(t.ws.store.get(note.id)).toMatchObject({ body: { text: 'Rollback decided by Alex at 09:40' }, redactedBy: null });
    expect.soft(t.ws.state.redacted).toEqual({});
    // Any peer folding the same stored entries from scratch must reach the same state.
    expect.soft(freshFoldHash(t.ws.store)).toBe(t.ws.stateHash());
    t.ws.close();
  });

  it('a redaction refused at import leaves no trace: its target, arriving later with its body, keeps it', async () => {
    const t = createWorkspace();
    const { signer: responder } = newSigner();
    t.ws.append('roster.memberPut', { member: responder.publicKey, name: 'Rio Responder', roles: ['responder'] });
    const head = t.ws.store.head(t.signer.publicKey)!;
    // The responder's note has not reached this peer yet.
    const note = signAfter(responder, t.ws.id, null, { wall: T0 + 100, count: 0 }, 'note.add', { text: 'Paged the DBA' });
    // A redaction of it, validly signed by the admin's key, but on a broken chain: refused.
    const redact = signEntry(
      nodeCrypto,
      t.signer,
      { ws: t.ws.id, seq: head.seq + 1, prev: 'a'.repeat(64), hlc: { wall: T0 + 200, count: 0 }, kind: 'journal.redact' },
      { target: note.id, targetKind: 'note.add', reason: 'personal data' },
    );
    const refused = t.ws.import([toWire(redact)]);
    expect(refused.stored).toEqual([]);
    expect(refused.refused[0]?.reason).toMatch(/broken chain/);

    expect(t.ws.import([toWire(note)]).stored).toHaveLength(1);
    expect(t.ws.store.get(note.id)).toMatchObject({ body: { text: 'Paged the DBA' }, redactedBy: null });
    expect(t.ws.state.redacted).toEqual({});
    const { file } = await exportWires(t.ws.store);
    expect((await verifyFile(file)).failures).toEqual([]);
    t.ws.close();
  });
});

describe('refusals leave the journal unchanged', () => {
  it('refuses a body over 1 MiB with BodyTooLargeError and stores nothing, not even the rest of the batch', () => {
    const t = createWorkspace();
    const count = t.ws.store.count();
    const hash = t.ws.stateHash();
    const head = t.ws.store.head(t.signer.publicKey);
    const huge = 'x'.repeat(MAX_BODY_BYTES);

    expect(() => t.ws.append('note.add', { text: huge })).toThrow(BodyTooLargeError);
    expect(() =>
      t.ws.appendMany([
        { kind: 'note.add', body: { text: 'fine' } },
        { kind: 'note.add', body: { text: huge } },
      ]),
    ).toThrow(/1 MiB/);
    expect(() => t.ws.store.append(t.ws.id, t.signer, t.clock, [{ kind: 'note.add', body: { text: huge } }])).toThrow(BodyTooLargeError);
    expect(t.ws.store.count()).toBe(count);
    expect(t.ws.store.head(t.signer.publicKey)).toEqual(head);
    expect(t.ws.stateHash()).toBe(hash);

    // The chain continues where it was.
    const next = t.ws.append('note.add', { text: 'after the refusals' });
    expect(next.header.seq).toBe(head!.seq + 1);
    expect(next.header.prev).toBe(head!.id);
    t.ws.close();
  });

  it('refuses a domain-invalid entry with EntryRefusedError; count and state hash are unchanged', () => {
    const t = createWorkspace();
    t.ws.appendMany(notes(2));
    const count = t.ws.store.count();
    const hash = t.ws.stateHash();
    const head = t.ws.store.head(t.signer.publicKey);
    const unknownTask = 'e'.repeat(64);

    expect(() => t.ws.append('task.status', { task: unknownTask, status: 'done' })).toThrow(EntryRefusedError);
    expect(() => t.ws.append('task.status', { task: unknownTask, status: 'done' })).toThrow(/task.status refused: unknown task/);
    expect(t.ws.store.count()).toBe(count);
    expect(t.ws.stateHash()).toBe(hash);

    // In a batch, one refused entry means none of the batch is stored or folded.
    expect(() =>
      t.ws.appendMany([
        { kind: 'note.add', body: { text: 'valid on its own' } },
        { kind: 'task.status', body: { task: unknownTask, status: 'done' } },
      ]),
    ).toThrow(EntryRefusedError);
    expect(t.ws.store.count()).toBe(count);
    expect(t.ws.stateHash()).toBe(hash);
    expect(t.ws.store.head(t.signer.publicKey)).toEqual(head);

    const next = t.ws.append('note.add', { text: 'still writable' });
    expect(next.header.seq).toBe(head!.seq + 1);
    const live = t.ws.stateHash();
    expect(freshFoldHash(t.ws.store)).toBe(live);
    t.ws.close();
    const reopened = Workspace.open({ dir: t.dir, clock: t.clock });
    expect(reopened.stateHash()).toBe(live);
    reopened.close();
  });
});
