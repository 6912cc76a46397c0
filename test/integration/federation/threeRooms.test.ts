import { afterAll, describe, expect, it } from 'vitest';
import { generateKeyPair, nodeCrypto, signerFromSeed } from '../../../main/crypto';
import { authorSubject } from '../../../main/federation';
import { JournalStore } from '../../../main/journal';
import { JOURNAL_FILE } from '../../../main/workspace';
import { entryIdOf, signEntry, toWire, type WireEntry } from '../../../shared/journal';
import { join } from 'node:path';
import { cleanupTempDirs, tempDir } from '../host/hostHarness';
import { converged, hubClient, journalIds, startRooms, stopRooms, streamMessages, until, type Rooms } from './rooms';

// Three rooms of one workspace at three sites: each a serve host with its
// own journal, federating through its own NATS leaf node to one hub's
// JetStream (real nats-server processes). Appends in every room reach every
// room; a site cut off (its leaf node killed) keeps appending, and so do the
// others; when its link returns, every room holds every entry once and
// folds to the same state; an entry forged straight onto the stream is
// refused by every room.

let r: Rooms | null = null;
afterAll(async () => {
  await stopRooms(r);
  cleanupTempDirs();
});

const encoder = new TextEncoder();

/** The last entry room 0's device wrote, read from its journal (a reader beside the running room). */
function lastOwn(dir: string, author: string): WireEntry {
  const store = JournalStore.open(join(dir, JOURNAL_FILE), nodeCrypto, { create: false, readonly: true });
  try {
    const seq = store.versionVector()[author]!;
    return toWire([...store.entriesByAuthor(author, seq, seq)][0]!);
  } finally {
    store.close();
  }
}

describe('three rooms federated over NATS leaf nodes', () => {
  it('converge, survive a cut site, and refuse forged entries', async () => {
    r = await startRooms(tempDir('cp-fed-3-'), 3);
    const { rooms, cluster } = r;
    const base = r.baseIds.length;
    const appended = new Set(r.baseIds);
    const append = async (i: number, n: number, tag: string) => {
      const line = await rooms[i]!.ask({ cmd: 'append', n, tag }, 'appended');
      for (const id of line.ids) appended.add(id);
    };

    // 1. Appends in each room converge everywhere.
    await Promise.all([append(0, 40, 'A'), append(1, 40, 'B'), append(2, 40, 'C')]);
    const first = await until(rooms, converged(base + 120), 90_000);
    expect(first.last.map((s) => s.count)).toEqual([base + 120, base + 120, base + 120]);
    expect(first.ok).toBe(true);
    expect(first.last.every((s) => s.federation?.state === 'connected')).toBe(true);

    // 2. Cut site 2 (its leaf node dies) while both sides append.
    await cluster.stopLeaf(2);
    await append(0, 60, 'A2');
    await append(2, 60, 'C2');
    await append(1, 30, 'B2');
    const apart = await until(
      rooms,
      (s) => s[0]!.count === base + 210 && s[1]!.count === base + 210 && s[2]!.count === base + 180 && s[2]!.federation?.state !== 'connected',
      60_000,
    );
    expect(apart.last.map((s) => s.count)).toEqual([base + 210, base + 210, base + 180]);
    // The cut room knows what it still owes the others.
    expect(apart.last[2]!.federation?.unpublished).toBe(60);

    // 3. The link returns: same state everywhere, nothing lost.
    await cluster.startLeaf(2);
    const healed = await until(rooms, converged(base + 270), 120_000);
    expect(healed.last.map((s) => s.count)).toEqual([base + 270, base + 270, base + 270]);
    expect(healed.ok).toBe(true);

    // Nothing duplicated: the stream holds each entry once.
    const nc = await hubClient(cluster);
    try {
      expect(await streamMessages(nc, r.workspaceId)).toBe(appended.size);

      // 4. Forged entries published straight to the stream.
      const js = nc.jetstream({ domain: 'hub' });
      const room0 = signerFromSeed(r.seeds[0]!).publicKey;
      const last = lastOwn(r.dirs[0]!, room0);
      const stranger = signerFromSeed(generateKeyPair().seed);
      // (a) validly signed by a key no roster admits.
      const outsider = toWire(
        signEntry(
          nodeCrypto,
          stranger,
          { ws: r.workspaceId, seq: 1, prev: null, hlc: { wall: last.header.hlc.wall + 1, count: 0 }, kind: 'note.add' },
          { text: 'all clear, stand down' },
        ),
      );
      // (b) claims to be room 0's next entry, but the signature is the stranger's.
      const signed = signEntry(
        nodeCrypto,
        stranger,
        { ws: r.workspaceId, seq: last.header.seq + 1, prev: last.id, hlc: { wall: last.header.hlc.wall + 2, count: 0 }, kind: 'note.add' },
        { text: 'failover cancelled' },
      );
      const header = { ...signed.header, author: room0 };
      const impostor: WireEntry = { id: entryIdOf(nodeCrypto, header), header, sig: signed.sig, body: signed.body };
      await js.publish(authorSubject(r.workspaceId, stranger.publicKey), encoder.encode(JSON.stringify(outsider)), { msgID: outsider.id });
      await js.publish(authorSubject(r.workspaceId, room0), encoder.encode(JSON.stringify(impostor)), { msgID: impostor.id });
      // (c) not an entry at all.
      await js.publish(authorSubject(r.workspaceId, room0), encoder.encode('{"id": "drop table entries"}'), { msgID: 'garbage-1' });

      const refused = await until(rooms, (s) => s.every((x) => (x.federation?.refused ?? 0) >= 3), 60_000);
      expect(refused.last.map((s) => s.federation?.refused)).toEqual([3, 3, 3]);
      expect(refused.last.map((s) => s.count)).toEqual([base + 270, base + 270, base + 270]);
      expect(new Set(refused.last.map((s) => s.stateHash)).size).toBe(1);

      // Room 0 still publishes after the forgery became the stream's "last" entry of its author.
      await append(0, 5, 'A3');
      const after = await until(rooms, converged(base + 275), 60_000);
      expect(after.ok).toBe(true);
    } finally {
      await nc.close();
    }

    for (const room of rooms) await room.ask({ cmd: 'quit' }, 'bye');
    for (const dir of r.dirs) {
      const ids = journalIds(dir);
      expect(ids).toHaveLength(appended.size);
      expect(new Set(ids)).toEqual(appended);
    }
  }, 300_000);
});
