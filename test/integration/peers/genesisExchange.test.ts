import { afterAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { systemClock } from '../../../main/clock';
import { SyncNode, SyncServer, fetchGenesis } from '../../../main/sync';
import { toWire } from '../../../shared/journal';
import { SYNC_PROTOCOL } from '../../../shared/sync';
import { cleanupTempDirs, makePeers } from '../sync/peers';

afterAll(cleanupTempDirs);

/** Open a raw socket to the server, send `frames` once open, and collect what comes back until it closes. */
async function exchange(url: string, frames: object[]): Promise<{ t: string; code?: string; entry?: unknown }[]> {
  const ws = new WebSocket(url);
  const got: { t: string; code?: string; entry?: unknown }[] = [];
  ws.on('message', (d) => got.push(JSON.parse(String(d)) as { t: string }));
  await new Promise((r) => ws.once('open', r));
  for (const f of frames) ws.send(JSON.stringify(f));
  await new Promise((r) => ws.once('close', r));
  return got;
}

describe('the genesis exchange (want-genesis -> genesis)', () => {
  it('hands out the genesis for its own workspace id only, before any hello, and stores nothing', async () => {
    const peers = makePeers(2, [systemClock, systemClock]);
    const a = peers[0];
    const node = new SyncNode({ journal: a!.journal, signer: a!.signer, clock: systemClock });
    const server = await SyncServer.listen({ node });
    const before = a!.ws.stateHash();
    try {
      const genesis = toWire([...a!.ws.store.entriesAfter(null)][0]!);
      const ok = await exchange(server.url, [{ t: 'want-genesis', ws: a!.ws.id }]);
      expect(ok.find((f) => f.t === 'genesis')?.entry).toEqual(genesis);
      expect(ok.at(-1)).toMatchObject({ t: 'error', code: 'closing' });

      const wrong = await exchange(server.url, [{ t: 'want-genesis', ws: 'f'.repeat(32) }]);
      expect(wrong.find((f) => f.t === 'genesis')).toBeUndefined();
      expect(wrong.at(-1)).toMatchObject({ t: 'error', code: 'wrong-workspace' });

      const hello = { t: 'hello', proto: SYNC_PROTOCOL, ws: a!.ws.id, device: 'A'.repeat(43), nonce: 'n'.repeat(43) };
      const late = await exchange(server.url, [hello, { t: 'want-genesis', ws: a!.ws.id }]);
      expect(late.find((f) => f.t === 'genesis')).toBeUndefined();
      expect(late.at(-1)?.t).toBe('error');

      // The joining side checks the id it asked for and the entry's signature (joinWorkspace).
      expect(await fetchGenesis(`${server.url}?ws=${a!.ws.id}`)).toEqual(genesis);
      await expect(fetchGenesis(`${server.url}?ws=${'e'.repeat(32)}`)).rejects.toThrow(/refused \(wrong-workspace\)/);
      expect(a!.ws.stateHash()).toBe(before);
    } finally {
      node.close();
      await server.close();
      for (const p of peers) p.ws.close();
    }
  });
});
