import net from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { generateKeyPair, signerFromSeed } from '../../../main/crypto';
import { nodeHttp } from '../../../main/connectors';
import { loadScenarioFile, setupExercise } from '../../../main/exercise';
import { Workspace } from '../../../main/workspace';
import { dispatcherFor, newClock } from '../dispatch/fixture';

// The real dispatcher (main/dispatch), with the real HTTP client and the
// ordinary connector registry: in an exercise workspace it must still send
// nothing anywhere, because connectorFor() sends every action to the sandbox.

const resources = new URL('../../../resources', import.meta.url).pathname;

afterEach(() => vi.restoreAllMocks());

describe('sandbox only, through the dispatcher', () => {
  it('an allowed Slack post in an exercise is recorded by the sandbox and opens no connection', async () => {
    const clock = newClock();
    const dir = join(mkdtempSync(join(tmpdir(), 'cp-sbx-')), 'ws');
    const ws = Workspace.create({ dir, name: 'Exercise', creatorName: 'Facilitator', signer: signerFromSeed(generateKeyPair().seed), clock });
    try {
      setupExercise(ws, loadScenarioFile(join(resources, 'scenarios', 'regional-partition.yaml'), resources), { seed: '1', speed: 60, cast: {} });
      // The default policy lets low-risk chat messages go without approval: the dispatcher sends at once.
      const id = ws.append('action.request', {
        connector: 'slack',
        operation: 'post_message',
        environment: 'production',
        risk: 'low',
        target: '#incident-eu',
        summary: 'Tell #incident-eu we moved to the phone bridge',
        params: { channel: '#incident-eu', text: 'Command is on the phone bridge' },
      }).id;
      const connect = vi.spyOn(net.Socket.prototype, 'connect');
      const { d } = dispatcherFor(ws, clock, { http: nodeHttp });
      await d.runOnce();
      ws.catchUp();
      const action = ws.state.actions?.[id];
      expect(action?.status).toBe('succeeded');
      expect(action?.result?.message ?? '').toMatch(/sandbox/i);
      expect(connect).not.toHaveBeenCalled();
    } finally {
      ws.close();
    }
  });
});
