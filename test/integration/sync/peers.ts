import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../../../shared/clock';
import { generateKeyPair, signerFromSeed } from '../../../main/crypto';
import { Workspace } from '../../../main/workspace';
import { WorkspaceJournal, joinWorkspace } from '../../../main/sync';
import { toWire, type Signer } from '../../../shared/journal';
import { toBase64Url } from '../../../shared/bytes';

/** 2025-06-15T15:06:40Z: a plausible start for virtual clocks. */
export const T0 = 1_750_000_000_000;

const made: string[] = [];

/** A fresh directory, in RAM where the OS offers it: the simulation makes a thousand journals. */
export function tempDir(prefix = 'cp-sync-'): string {
  const base = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
  const dir = mkdtempSync(join(base, prefix));
  made.push(dir);
  return dir;
}

export function cleanupTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A device key: random, or from `bytes` (a seeded source) so a simulation run can be replayed. */
export function newSigner(bytes?: (n: number) => Uint8Array): Signer {
  return signerFromSeed(bytes ? toBase64Url(bytes(32)) : generateKeyPair().seed);
}

export interface TestPeer {
  ws: Workspace;
  journal: WorkspaceJournal;
  signer: Signer;
  dir: string;
}

/**
 * A workspace founded by peer 0 with every other peer's device as a
 * responder, and each other peer joined from the genesis alone (they learn
 * the roster by syncing). With `rosterEverywhere`, the others also import
 * the roster up front, so they can write before their first sync.
 */
export function makePeers(n: number, clocks: readonly Clock[], opts: { rosterEverywhere?: boolean; keyBytes?: (n: number) => Uint8Array } = {}): TestPeer[] {
  const signers = Array.from({ length: n }, () => newSigner(opts.keyBytes));
  const dir0 = tempDir();
  const ws0 = Workspace.create({ dir: dir0, name: 'Sync test', creatorName: 'Peer 0', signer: signers[0]!, clock: clocks[0]! });
  for (let i = 1; i < n; i++) ws0.append('roster.memberPut', { member: signers[i]!.publicKey, name: `Peer ${i}`, roles: ['responder'], teams: [] });
  const wires = [...ws0.store.entriesAfter(null)].map(toWire);
  const peers: TestPeer[] = [{ ws: ws0, journal: new WorkspaceJournal(ws0), signer: signers[0]!, dir: dir0 }];
  for (let i = 1; i < n; i++) {
    const dir = tempDir();
    const ws = joinWorkspace({ dir, genesis: wires[0]!, signer: signers[i]!, clock: clocks[i]! });
    if (opts.rosterEverywhere) ws.import(wires.slice(1));
    peers.push({ ws, journal: new WorkspaceJournal(ws), signer: signers[i]!, dir });
  }
  return peers;
}

export function closePeers(peers: readonly TestPeer[]): void {
  for (const p of peers) {
    p.journal.stop();
    p.ws.close();
  }
}
