import { afterAll, describe, expect, it } from 'vitest';
import type { Session } from '../../../shared/api';
import { systemClock } from '../../../main/clock';
import { openCore } from '../../../main/core';
import { startHost } from '../../../main/host';
import { TestClient, apiUrl, cleanupTempDirs, demoWorkspace, staticFixture, withTimeout } from './hostHarness';

afterAll(() => cleanupTempDirs());

// startHost carries main/core's core: the one it opens from its options
// (every other host test), or one the caller opened, which it starts but
// leaves open when it stops: the caller's to close.
describe('a host over a core it is given', () => {
  it('serves that core, starts it, and leaves it open when the host closes', async () => {
    const { dir, signer, base } = demoWorkspace();
    const core = openCore({ workspaceDir: dir, signer, clock: systemClock, log: () => undefined, transport: 'websocket', sync: false });
    try {
      const host = await startHost({ core, port: 0, staticDir: staticFixture(base), log: () => undefined });
      expect(host.core).toBe(core);
      expect(host.syncUrl).toBeNull();
      const client = await TestClient.connect(apiUrl(host));
      try {
        expect(await client.value<Session>('session:get')).toMatchObject({ me: signer.publicKey, transport: 'websocket' });
        await client.value('journal:append', { kind: 'note.add', body: { text: 'through the given core' } });
        // The host started the core: its change feed pushes the append back as an event.
        const event = await withTimeout(client.nextEvent(), 5000, 'the state:changed event');
        expect(event.added.map((e) => e.body)).toContainEqual({ text: 'through the given core' });
      } finally {
        client.close();
      }
      await host.close();
      expect(core.handle('state:get', {})).toMatchObject({ ok: true, value: { entries: 234 } });
    } finally {
      core.close();
    }
  });
});
