import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../../main/clock';
import { Workspace } from '../../../../main/workspace';
import { cleanupTempDirs, tempDir } from '../peers';
import { foundWorkspace, makeDevice, verifyExport } from './fixture';
import { PeerProcess, converged, vvTotal, waitForStatuses } from './peerProcess';

afterAll(cleanupTempDirs);

const LARGE = 20_000;
/** Kill once B reports at least this many entries received: well inside the catch-up, far from its end. */
const KILL_AFTER = 2_000;
/** Only for reporting a hang: on a loaded 2-core machine the catch-up alone can take tens of seconds. */
const PATIENCE_MS = 120_000;

describe('kill -9 during a large catch-up', () => {
  it(
    'the restarted peer resumes where its journal stopped, converges, and its journal verifies',
    async () => {
      const root = tempDir('cp-kill-');
      const [devA, devB] = await Promise.all([makeDevice(root, 'alex'), makeDevice(root, 'blake')]);
      const { genesisFile, entries: roster } = foundWorkspace(root, devA, [devB]);
      // B boots (joining from the genesis) while A's large journal is written here, in big transactions.
      const first = new PeerProcess(devB, { genesisFile });
      let b = first;
      let a: PeerProcess | null = null;
      try {
        const wsA = Workspace.open({ dir: devA.dir, clock: systemClock, signer: devA.signer });
        for (let done = 0; done < LARGE; done += 5_000) {
          wsA.appendMany(Array.from({ length: 5_000 }, (_, i) => ({ kind: 'note.add' as const, body: { text: `backlog note ${done + i}` } })));
        }
        wsA.close();
        const total = roster + LARGE;
        a = new PeerProcess(devA);
        await Promise.all([a.started(PATIENCE_MS), first.started(PATIENCE_MS)]);

        const midway = first.progress((p) => p.received >= KILL_AFTER, PATIENCE_MS);
        await first.dial(a.url);
        const seen = await midway;
        await first.kill9();
        expect(seen.received).toBeLessThan(seen.total);

        b = new PeerProcess(devB, { dial: [a.url] });
        const held = (await b.started(PATIENCE_MS)).count;
        // What the killed process had committed survived; the rest had not arrived yet.
        expect(held).toBeGreaterThanOrEqual(1 + seen.received);
        expect(held).toBeLessThan(total);

        const [, atB] = await waitForStatuses([a, b], 'B to catch up after the restart', (s) => converged(s, total), PATIENCE_MS);
        expect(atB!.count).toBe(vvTotal(atB!.vv));
        // Asked again: A may have answered the last poll before B (busy importing) answered it.
        const atA = await a.status();
        // The resumed transfer carried exactly what B lacked at restart: nothing it already held was sent again.
        const remainder = total - held;
        const restarted = b.device;
        expect(atA.sessions.find((s) => s.peer === restarted && s.state === 'live')?.entriesSent).toBe(remainder);
        expect(atB!.sessions.find((s) => s.peer === a?.device)?.received).toBe(remainder);
        // The killed session had sent at least what B kept (all but the genesis, which B took from the file).
        expect(atA.ended.find((s) => s.peer === restarted)?.entriesSent).toBeGreaterThanOrEqual(held - 1);

        await Promise.all([a.quit(), b.quit()]);
        const report = await verifyExport(devB.dir, join(root, 'blake.jsonl'));
        expect(report.failures).toEqual([]);
        expect(report.entries).toBe(total);
        expect(report.stateHash).toBe(atA.stateHash);
      } finally {
        await Promise.all([a?.kill9(), b.kill9(), first.kill9()]);
      }
    },
    3 * PATIENCE_MS,
  );
});
