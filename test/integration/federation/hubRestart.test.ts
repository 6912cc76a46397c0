import { afterAll, describe, expect, it } from 'vitest';
import { cleanupTempDirs, tempDir } from '../host/hostHarness';
import { converged, hubClient, startRooms, stopRooms, streamMessages, until, type Rooms } from './rooms';

// The hub itself goes down (kill -9) while the leaf nodes and the rooms stay
// up: every room keeps appending alone; when the hub is back (its JetStream
// store on disk), the rooms converge with nothing lost or duplicated.

let r: Rooms | null = null;
afterAll(async () => {
  await stopRooms(r);
  cleanupTempDirs();
});

describe('federation when the hub restarts', () => {
  it('rooms keep working without the hub and converge once it is back', async () => {
    r = await startRooms(tempDir('cp-fed-hub-'), 2);
    const { rooms, cluster } = r;
    const base = r.baseIds.length;
    await Promise.all(rooms.map((room, i) => room.ask({ cmd: 'append', n: 20, tag: `before ${i}` }, 'appended')));
    expect((await until(rooms, converged(base + 40), 60_000)).ok).toBe(true);

    await cluster.stopHub();
    await Promise.all(rooms.map((room, i) => room.ask({ cmd: 'append', n: 30, tag: `without hub ${i}` }, 'appended')));
    const apart = await until(rooms, (s) => s.every((x) => x.count === base + 70 && x.federation?.unpublished === 30), 30_000);
    expect(apart.last.map((s) => [s.count, s.federation?.unpublished])).toEqual([
      [base + 70, 30],
      [base + 70, 30],
    ]);

    await cluster.startHub();
    const healed = await until(rooms, converged(base + 100), 90_000);
    expect(healed.last.map((s) => s.count)).toEqual([base + 100, base + 100]);
    expect(healed.ok).toBe(true);
    const nc = await hubClient(cluster);
    try {
      expect(await streamMessages(nc, r.workspaceId)).toBe(base + 100);
    } finally {
      await nc.close();
    }
  }, 240_000);
});
