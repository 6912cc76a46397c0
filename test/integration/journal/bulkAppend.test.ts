import { afterAll, describe, expect, it } from 'vitest';
import type { EntryDraft } from '../../../shared/entries';
import { EntryRefusedError } from '../../../main/workspace';
import { cleanupTempDirs, createWorkspace, exportWires, freshFoldHash, verifyFile } from './helpers';

afterAll(cleanupTempDirs);

const notes = (n: number, tag: string): EntryDraft[] => Array.from({ length: n }, (_, i) => ({ kind: 'note.add', body: { text: `${tag} ${i}` } }));

describe('bulk appends signed on all cores', () => {
  it('stores a valid chain that verifies and folds like the single-threaded path', async () => {
    const t = createWorkspace();
    t.clock.advance(1);
    const out = await t.ws.appendManyParallel(notes(1_000, 'bulk'));
    expect(out).toHaveLength(1_000);
    expect(out.map((e) => e.header.seq)).toEqual(Array.from({ length: 1_000 }, (_, i) => i + 2));
    for (let i = 1; i < out.length; i++) expect(out[i]!.header.prev).toBe(out[i - 1]!.id);
    const { file } = await exportWires(t.ws.store);
    const report = await verifyFile(file);
    expect(report.failures).toEqual([]);
    expect(report.stateHash).toBe(t.ws.stateHash());
    expect(freshFoldHash(t.ws.store)).toBe(t.ws.stateHash());
    t.ws.close();
  });

  it('replans when the journal moved while signing, and never forks the chain', async () => {
    const t = createWorkspace();
    let plans = 0;
    const plan = t.ws.store.planAppend.bind(t.ws.store);
    t.ws.store.planAppend = (...args) => {
      plans += 1;
      return plan(...args);
    };
    const bulk = t.ws.appendManyParallel(notes(600, 'bulk'));
    // Let the bulk append plan and hand its headers to the workers, then land an entry meanwhile.
    while (plans === 0) await new Promise((r) => setImmediate(r));
    const single = t.ws.append('note.add', { text: 'in between' });
    const out = await bulk;
    // The bulk plan, the single append's own, and the bulk plan made again.
    expect(plans).toBe(3);
    expect(out[0]!.header.seq).toBe(single.header.seq + 1);
    expect(out[0]!.header.prev).toBe(single.id);
    expect(t.ws.store.equivocations()).toEqual([]);
    expect((await verifyFile((await exportWires(t.ws.store)).file)).failures).toEqual([]);
    t.ws.close();
  });

  it('stores nothing when the rules refuse one entry of the batch', async () => {
    const t = createWorkspace();
    const count = t.ws.store.count();
    const hash = t.ws.stateHash();
    const batch: EntryDraft[] = [...notes(400, 'ok'), { kind: 'service.status', body: { service: 'no-such-service', status: 'down' } }];
    await expect(t.ws.appendManyParallel(batch)).rejects.toThrow(EntryRefusedError);
    expect(t.ws.store.count()).toBe(count);
    expect(t.ws.stateHash()).toBe(hash);
    // And the workspace still appends afterwards.
    expect((await t.ws.appendManyParallel(notes(300, 'after'))).length).toBe(300);
    t.ws.close();
  });
});
