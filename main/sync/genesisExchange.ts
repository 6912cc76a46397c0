import type { GenesisFrame, SyncErrorCode } from '../../shared/sync';
import type { SyncJournal } from './syncJournal';

// How a new device gets the one entry it needs to start its copy of a
// workspace: it asks a peer for the genesis of the workspace named in the
// join URL. Knowing the id is the only credential, and enough: the id is a
// hash of the genesis body, so the answer cannot be swapped for another
// workspace's (joinWorkspace checks that), and the genesis holds nothing
// but the workspace name and its creator. Everything after it comes through
// a normal, authenticated session once an admin has added the device.

/** What a serving side answers to want-genesis: the frame to send, or why not. */
export function genesisAnswer(journal: SyncJournal, ws: string): { ok: true; frame: GenesisFrame } | { ok: false; code: SyncErrorCode; message: string } {
  if (ws !== journal.workspaceId) return { ok: false, code: 'wrong-workspace', message: `this peer serves workspace ${journal.workspaceId}, not ${ws}` };
  const entry = journal.genesis();
  if (entry === null) return { ok: false, code: 'protocol', message: 'this peer holds no genesis yet' };
  return { ok: true, frame: { t: 'genesis', entry } };
}
