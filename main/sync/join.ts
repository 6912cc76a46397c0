import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock } from '../../shared/clock';
import { GenesisBody, workspaceIdOf } from '../../shared/entries';
import { verifyEntry, type CryptoSuite, type Signer, type WireEntry } from '../../shared/journal';
import { nodeCrypto } from '../crypto';
import { JournalStore } from '../journal';
import { JOURNAL_FILE, Workspace, WorkspaceError } from '../workspace';

/** The entry offered to found a workspace copy is not a valid genesis. */
export class JoinError extends Error {
  constructor(readonly reason: string) {
    super(`cannot join: ${reason}`);
    this.name = 'JoinError';
  }
}

/**
 * Start this device's copy of an existing workspace from its genesis entry
 * alone (from an export's first line, or handed over out of band); sync
 * brings the rest. The genesis fixes the workspace id (the id is derived
 * from it), so a peer cannot pass off another workspace. This device can
 * write once an admin's roster.memberPut for its key has reached it.
 */
export function joinWorkspace(opts: { dir: string; genesis: WireEntry; signer: Signer; clock: Clock; crypto?: CryptoSuite }): Workspace {
  const crypto = opts.crypto ?? nodeCrypto;
  const { header } = opts.genesis;
  if (header.kind !== 'workspace.genesis' || header.seq !== 1)
    throw new JoinError(`entry ${opts.genesis.id} is a ${header.kind} (seq ${header.seq}), not a genesis`);
  const body = GenesisBody.safeParse(opts.genesis.body);
  if (!body.success) throw new JoinError(`genesis body is invalid: ${body.error.issues[0]?.message ?? 'schema mismatch'}`);
  if (body.data.creator !== header.author) throw new JoinError('genesis is not signed by the creator it names');
  if (workspaceIdOf(crypto, body.data) !== header.ws) throw new JoinError(`workspace id ${header.ws} does not match the genesis body`);
  try {
    verifyEntry(crypto, opts.genesis);
  } catch (err) {
    throw new JoinError((err as Error).message);
  }
  const file = join(opts.dir, JOURNAL_FILE);
  if (existsSync(file)) throw new WorkspaceError(opts.dir, 'already holds a journal; open it instead');
  mkdirSync(opts.dir, { recursive: true });
  const store = JournalStore.open(file, crypto, { create: true });
  try {
    store.setMeta('workspace', header.ws);
    store.setMeta('name', body.data.name);
    const result = store.import(header.ws, opts.clock, [opts.genesis]);
    const refused = result.refused[0];
    if (refused !== undefined) throw new JoinError(refused.reason);
  } finally {
    store.close();
  }
  return Workspace.open({ dir: opts.dir, clock: opts.clock, signer: opts.signer, crypto });
}
