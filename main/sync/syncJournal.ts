import type { Entry, Header, WireEntry } from '../../shared/journal';
import type { VersionVector } from '../../shared/sync';
import type { ImportResult } from '../journal';

/** Whether an entry's author may have it stored here (the roster part of "verified before stored"). */
export type Admission = { ok: true } | { ok: false; code: 'unknown-author' | 'revoked'; reason: string };

/** Whether a device may be served (the handshake's roster check). */
export type Standing = { ok: true } | { ok: false; code: 'not-a-member' | 'revoked'; reason: string };

/** What sync needs of a workspace. WorkspaceJournal is the real one. */
export interface SyncJournal {
  readonly workspaceId: string;
  /** author -> highest seq held (contiguous). A fresh copy. */
  versionVector(): VersionVector;
  /** The author's entries with seq in [fromSeq, toSeq], in seq order. */
  entries(author: string, fromSeq: number, toSeq: number): Entry[];
  /** Id of the entry held at (author, seq), if any. */
  idAt(author: string, seq: number): string | null;
  /** Verify and store (signature, chain, workspace), then fold (entries sorting before folded ones may wait for settle). */
  import(wires: readonly WireEntry[]): ImportResult;
  /** Fold what imports left waiting: the peer's catch-up is complete, so replay once now. */
  settle(): void;
  /** The workspace's genesis entry (what a joining device starts from), if held. */
  genesis(): WireEntry | null;
  admission(header: Header): Admission;
  standing(device: string): Standing;
  /** Told after entries are stored, from this process or (once noticed) another. */
  onStored(listener: (entries: readonly Entry[]) => void): () => void;
}
