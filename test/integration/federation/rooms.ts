// Rooms of one workspace, each a process (roomProcess.ts) federating
// through its own NATS leaf node to one hub (test/support/natsCluster.ts).
import { join } from 'node:path';
import { connect, type NatsConnection } from 'nats';
import { systemClock } from '../../../main/clock';
import { generateKeyPair, nodeCrypto, signerFromSeed } from '../../../main/crypto';
import { streamName } from '../../../main/federation';
import { JournalStore } from '../../../main/journal';
import { JOURNAL_FILE, Workspace } from '../../../main/workspace';
import { LoadChild } from '../../bench/loadChild';
import { copyWorkspace } from '../../bench/syncWorkload';
import { HUB_DOMAIN, NatsCluster } from '../../support/natsCluster';
import { RoomLine, type RoomCommand } from './roomProtocol';

export type Room = LoadChild<RoomLine, RoomCommand>;
type RoomStatus = Extract<RoomLine, { t: 'status' }>;

export interface Rooms {
  cluster: NatsCluster;
  rooms: Room[];
  dirs: string[];
  seeds: string[];
  workspaceId: string;
  /** Entry ids every room starts with (the genesis and the roster). */
  baseIds: string[];
}

/** Found a workspace on room 0's key with the others as responders; every room starts from a copy. */
export function found(dirs: readonly string[], seeds: readonly string[]): { workspaceId: string; baseIds: string[] } {
  const ws = Workspace.create({ dir: dirs[0]!, name: 'Federated', creatorName: 'Room 0', signer: signerFromSeed(seeds[0]!), clock: systemClock });
  try {
    ws.appendMany(
      seeds.slice(1).map((seed, i) => ({
        kind: 'roster.memberPut',
        body: { member: signerFromSeed(seed).publicKey, name: `Room ${i + 1}`, roles: ['responder'], teams: [] },
      })),
    );
    return { workspaceId: ws.id, baseIds: journalIds(dirs[0]!) };
  } finally {
    ws.close();
  }
}

export function journalIds(dir: string): string[] {
  const store = JournalStore.open(join(dir, JOURNAL_FILE), nodeCrypto, { create: false, readonly: true });
  try {
    return (store.db.prepare('SELECT id FROM entries').pluck().all() as unknown[]).map(String);
  } finally {
    store.close();
  }
}

/** A room process; with a NATS URL it federates through it (domain "hub"), without one it only serves peer sync. */
export function startRoom(dir: string, seed: string, natsUrl: string | null, name: string): Room {
  const argv = ['--dir', dir, ...(natsUrl !== null ? ['--nats', natsUrl, '--domain', HUB_DOMAIN] : [])];
  return new LoadChild(name, '../integration/federation/roomProcess.ts', argv, seed, RoomLine);
}

/** Fresh device keys and directories for `count` rooms of one new workspace. */
export function newRooms(root: string, count: number): { seeds: string[]; dirs: string[]; workspaceId: string; baseIds: string[] } {
  const seeds = Array.from({ length: count }, () => generateKeyPair().seed);
  const dirs = seeds.map((_, i) => join(root, `room-${i}`));
  const { workspaceId, baseIds } = found(dirs, seeds);
  for (const dir of dirs.slice(1)) copyWorkspace(dirs[0]!, dir);
  return { seeds, dirs, workspaceId, baseIds };
}

export async function startRooms(root: string, count: number): Promise<Rooms> {
  const cluster = new NatsCluster(join(root, 'nats'), count);
  await cluster.start();
  const { seeds, dirs, workspaceId, baseIds } = newRooms(root, count);
  const rooms = dirs.map((dir, i) => startRoom(dir, seeds[i]!, cluster.leaves[i]!.url, `room-${i}`));
  await Promise.all(rooms.map((r) => r.next('ready', 60_000)));
  return { cluster, rooms, dirs, seeds, workspaceId, baseIds };
}

export async function statuses(rooms: readonly Room[]): Promise<RoomStatus[]> {
  return Promise.all(rooms.map((r) => r.ask({ cmd: 'status' }, 'status')));
}

/** Poll until `done` holds for the rooms' statuses; the last statuses either way. */
export async function until(rooms: readonly Room[], done: (s: RoomStatus[]) => boolean, timeoutMs: number): Promise<{ ok: boolean; last: RoomStatus[] }> {
  const end = performance.now() + timeoutMs;
  for (;;) {
    const last = await statuses(rooms);
    if (done(last)) return { ok: true, last };
    if (performance.now() > end) return { ok: false, last };
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Every room holds `count` entries, has published all it holds, and all fold to one state. */
export const converged = (count: number) => (s: RoomStatus[]) =>
  s.every((x) => x.count === count && x.federation?.unpublished === 0) && new Set(s.map((x) => x.stateHash)).size === 1;

/** A client on the hub, as an outsider with access to the stream would have. */
export async function hubClient(cluster: NatsCluster): Promise<NatsConnection> {
  return connect({ servers: cluster.hubUrl });
}

export async function streamMessages(nc: NatsConnection, workspaceId: string): Promise<number> {
  const jsm = await nc.jetstreamManager({ domain: HUB_DOMAIN });
  return (await jsm.streams.info(streamName(workspaceId))).state.messages;
}

export async function stopRooms(r: Rooms | null): Promise<void> {
  if (r === null) return;
  for (const room of r.rooms) room.kill();
  await r.cluster.close();
}
