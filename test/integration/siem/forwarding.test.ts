import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { systemClock, nodeTimers } from '../../../main/clock';
import { ChangeFeed } from '../../../main/workspace';
import { startSiemForwarding, type SiemForwarding } from '../../../main/siem';
import { cleanupTempDirs } from '../../support/demoWorkspace';
import { seededRandom } from '../../support/seededRandom';
import { waitUntil } from '../../support/waitUntil';
import { Receiver } from './receivers';
import { journalIds, siemWorkspace, verifyReceived } from './siemWorkspace';

const TOKEN = 'hec-0d5c1e7a-7b35-4d1f-9d2e-5f6b1c9a2e44';

afterAll(cleanupTempDirs);

describe('SIEM forwarding from serve (OTLP and Splunk HEC)', () => {
  const open: { stop(): Promise<unknown> }[] = [];
  afterEach(async () => {
    for (const o of open.splice(0).reverse()) await o.stop();
  });

  it('delivers every entry, including ones appended while it runs, to both receivers with a verifiable signature', async () => {
    const { dir, signer, redacted } = siemWorkspace(3000);
    const otlp = await new Receiver('otlp').start();
    const hec = await new Receiver('hec', TOKEN).start();
    open.push({ stop: () => otlp.close() }, { stop: () => hec.close() });
    const feed = ChangeFeed.open({ dir, clock: systemClock, signer });
    feed.start();
    open.push({ stop: async () => feed.close() });
    const log: string[] = [];
    const forwarding: SiemForwarding = startSiemForwarding({
      workspaceDir: dir,
      sinks: [
        { kind: 'otlp', url: otlp.url },
        { kind: 'hec', url: hec.url, token: TOKEN, index: 'incidents' },
      ],
      device: signer.publicKey,
      clock: systemClock,
      timers: nodeTimers,
      random: seededRandom(15),
      log: (l) => log.push(l),
      changes: feed,
    });
    open.push(forwarding);

    // Live appends through the host's feed while the backlog drains.
    for (let i = 0; i < 5; i++) feed.appendMany(Array.from({ length: 40 }, (_, k) => ({ kind: 'note.add' as const, body: { text: `live ${i}.${k}` } })));
    const all = journalIds(dir);
    expect(all.length).toBeGreaterThan(3200);
    await waitUntil('both receivers to hold every entry', () => all.every((id) => otlp.distinct().has(id) && hec.distinct().has(id)), 60_000);

    // And one more once the forwarder has caught up and waits.
    const [late] = feed.appendMany([{ kind: 'note.add', body: { text: 'after the backlog' } }]);
    await waitUntil('the late entry', () => otlp.distinct().has(late!.id) && hec.distinct().has(late!.id));

    expect(verifyReceived(otlp)).toEqual([]);
    expect(verifyReceived(hec)).toEqual([]);
    // Nothing was resent: no failure, so no batch went twice.
    expect(otlp.ids.length).toBe(otlp.distinct().size);
    expect(hec.ids.length).toBe(hec.distinct().size);

    // Redacted notes arrive as the export has them: header and signature, no body.
    for (const id of redacted) {
      for (const r of [otlp, hec]) {
        const got = r.accepted.find((a) => a.wire.id === id)!;
        expect(got.wire.body).toBeUndefined();
        expect(got.wire.redactedBy).toMatch(/^[0-9a-f]{64}$/);
      }
    }
    expect(otlp.accepted[0]!.resource).toMatchObject({ 'service.name': 'commandpost', 'commandpost.device': signer.publicKey });
    expect(otlp.accepted[0]!.resource['commandpost.workspace.id']).toMatch(/^[0-9a-f]{32}$/);
    expect(hec.accepted[0]!.attributes).toMatchObject({ source: 'commandpost', sourcetype: 'commandpost:journal' });

    // The receiver holds the batch a moment before the sender has its answer and moves the cursor.
    await waitUntil('both sinks idle, caught up', () => forwarding.status().every((s) => s.state === 'idle' && s.behind === 0));
    expect(forwarding.status().map((s) => s.forwarded)).toEqual([all.length + 1, all.length + 1]);
    expect(log.join('\n')).not.toContain(TOKEN);
  }, 90_000);
});
