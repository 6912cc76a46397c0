import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../shared/clock';
import type { WireEntry } from '../../../shared/journal';
import { JournalStore, exportJsonl } from '../../../main/journal';
import { nodeCrypto } from '../../../main/crypto';
import { JOURNAL_FILE, Workspace, loadDemo, resourcesDir } from '../../../main/workspace';
import { T0, cleanupTempDirs, createWorkspace, tempDir, verifyFile } from './helpers';

afterAll(cleanupTempDirs);

describe('export round trip of the demo workspace (init --demo)', () => {
  it('exports every entry as JSON Lines that verify with no failures and fold to the same state hash', async () => {
    const clock = new ManualClock(T0);
    const t = createWorkspace('Demo', clock);
    const { incident } = loadDemo(t.ws, resourcesDir(), clock);
    expect(t.ws.state.incidents[incident]?.status).toBe('identified');
    expect(Object.keys(t.ws.state.services).length).toBeGreaterThan(30);
    expect(t.ws.state.rejected).toEqual({});
    const count = t.ws.store.count();

    const file = join(tempDir('cp-export-'), 'demo.jsonl');
    const signed = { signer: t.signer, workspace: t.ws.id, clock };
    expect(exportJsonl(t.ws.store, file, signed)).toBe(count);
    const lines = readFileSync(file, 'utf8').split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(count + 1);
    // The last line is the trailer, signed by the exporting device: the count and the chain head.
    const trailer = JSON.parse(lines.pop()!) as { trailer: { entries: number; exporter: string; ws: string; heads: Record<string, { seq: number }> } };
    expect(trailer.trailer).toMatchObject({ entries: count, exporter: t.signer.publicKey, ws: t.ws.id, heads: { [t.signer.publicKey]: { seq: count } } });

    const report = await verifyFile(file);
    expect(report.failures).toEqual([]);
    expect(report.rejectedInvalid).toEqual([]);
    expect(report.entries).toBe(count);
    expect(report.authors).toBe(1);
    expect(report.redacted).toBe(0);
    expect(report.stateHash).toBe(t.ws.stateHash());
    expect(report.trailer?.entries).toBe(count);

    // The export is also a valid sync stream: a new peer folds it to the same state.
    const peerDir = tempDir('cp-peer-');
    const peer = JournalStore.open(join(peerDir, JOURNAL_FILE), nodeCrypto, { create: true });
    peer.setMeta('workspace', t.ws.id);
    const wires = lines.map((l) => JSON.parse(l) as WireEntry);
    expect(peer.import(t.ws.id, clock, wires).refused).toEqual([]);
    peer.close();
    const b = Workspace.open({ dir: peerDir, clock });
    expect(b.stateHash()).toBe(t.ws.stateHash());
    b.close();

    // And the source folds to the same hash from scratch after a restart.
    const hash = t.ws.stateHash();
    t.ws.close();
    const reopened = Workspace.open({ dir: t.dir, clock });
    expect(reopened.stateHash()).toBe(hash);

    // Exporting twice gives the same bytes.
    const again = join(tempDir('cp-export-'), 'again.jsonl');
    exportJsonl(reopened.store, again, { ...signed, workspace: reopened.id });
    expect(readFileSync(again, 'utf8')).toBe(readFileSync(file, 'utf8'));
    reopened.close();
  });
});
