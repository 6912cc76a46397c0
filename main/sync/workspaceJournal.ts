import type { BodyInput, EntryDraft, KindName } from '../../shared/entries';
import { toWire, type Entry, type Header, type WireEntry } from '../../shared/journal';
import { own } from '../../shared/state';
import { seqOf, type VersionVector } from '../../shared/sync';
import type { ImportResult } from '../journal';
import type { Workspace } from '../workspace';
import type { Admission, Standing, SyncJournal } from './syncJournal';
import type { Timers } from '../clock';

type Listener = (entries: readonly Entry[]) => void;

/** Who stores imported entries, when not the workspace itself (a host's change feed, so it knows the rows are its own). */
export interface ImportSink {
  import(wires: readonly WireEntry[]): ImportResult;
}

/**
 * A Workspace as sync sees it, plus the "entries were stored" signal that
 * live push and revocation checks hang on. Appends and imports made through
 * this object are reported at once; rows written past it (another process,
 * or code holding the Workspace directly) are reported by notice(), which
 * poll() calls on a timer.
 */
export class WorkspaceJournal implements SyncJournal {
  private readonly listeners = new Set<Listener>();
  private readonly vv: VersionVector;
  private seenRowid: number;
  private stopPoll: (() => void) | null = null;

  constructor(
    private readonly source: Workspace | (() => Workspace),
    private readonly sink: ImportSink | null = null,
  ) {
    const store = this.ws.store;
    this.vv = store.versionVector();
    this.seenRowid = store.maxRowid();
  }

  /** The workspace (a host's change feed may swap it for a reopened one). */
  get ws(): Workspace {
    return typeof this.source === 'function' ? this.source() : this.source;
  }

  get workspaceId(): string {
    return this.ws.id;
  }

  versionVector(): VersionVector {
    return { ...this.vv };
  }

  entries(author: string, fromSeq: number, toSeq: number): Entry[] {
    return fromSeq > toSeq ? [] : [...this.ws.store.entriesByAuthor(author, fromSeq, toSeq)];
  }

  idAt(author: string, seq: number): string | null {
    return this.entries(author, seq, seq)[0]?.id ?? null;
  }

  import(wires: readonly WireEntry[]): ImportResult {
    const result = this.sink !== null ? this.sink.import(wires) : this.ws.import(wires);
    // Nothing stored past this object since the last look: the new rows are exactly these, so
    // report them without reading them back (a catch-up stores tens of thousands).
    if (result.stored.length > 0 && this.ws.store.maxRowid() === this.seenRowid + result.stored.length)
      this.report(result.stored, this.seenRowid + result.stored.length);
    else this.notice();
    return result;
  }

  append<K extends KindName>(kind: K, body: BodyInput<K>): Entry {
    const entry = this.ws.append(kind, body);
    this.notice();
    return entry;
  }

  appendMany(items: readonly EntryDraft[]): Entry[] {
    const entries = this.ws.appendMany(items);
    this.notice();
    return entries;
  }

  settle(): void {
    this.ws.settle();
  }

  genesis(): WireEntry | null {
    const id = this.ws.roster.workspace?.genesis;
    const entry = id === undefined ? null : this.ws.store.get(id);
    return entry === null ? null : toWire(entry);
  }

  /**
   * Entries of a known author are stored only up to its revocation: after
   * it, its chain is refused. The genesis needs no roster (it founds one).
   */
  admission(header: Header): Admission {
    if (header.kind === 'workspace.genesis' && header.seq === 1) return { ok: true };
    const member = own(this.ws.roster.members, header.author);
    if (member === undefined) return { ok: false, code: 'unknown-author', reason: `author ${header.author} is not in the roster` };
    if (!member.active && member.revokedAt !== null && header.hlc.wall > member.revokedAt) {
      return { ok: false, code: 'revoked', reason: `author ${header.author} was revoked at ${member.revokedAt}; entry is from ${header.hlc.wall}` };
    }
    return { ok: true };
  }

  standing(device: string): Standing {
    const member = own(this.ws.roster.members, device);
    if (member === undefined) return { ok: false, code: 'not-a-member', reason: `device ${device} is not in the roster of workspace ${this.ws.id}` };
    if (!member.active) return { ok: false, code: 'revoked', reason: `device ${device} was revoked${member.revokedReason ? `: ${member.revokedReason}` : ''}` };
    return { ok: true };
  }

  onStored(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Report rows stored since the last look (by anyone). Returns how many. */
  notice(): number {
    const store = this.ws.store;
    if (store.maxRowid() <= this.seenRowid) return 0;
    // Rows another process wrote are folded first, so the roster checks see them.
    this.ws.catchUp();
    const rows = [...store.entriesAfterRowid(this.seenRowid)];
    if (rows.length === 0) return 0;
    this.report(rows, rows[rows.length - 1]!.rowid);
    return rows.length;
  }

  private report(rows: readonly Entry[], lastRowid: number): void {
    this.seenRowid = lastRowid;
    for (const e of rows) if (e.header.seq > seqOf(this.vv, e.header.author)) this.vv[e.header.author] = e.header.seq;
    for (const listener of [...this.listeners]) listener(rows);
  }

  /** Look for rows written past this object every `ms`, until stop(). */
  poll(timers: Timers, ms: number): void {
    this.stopPoll?.();
    const tick = () => {
      this.notice();
      this.stopPoll = timers.setTimeout(tick, ms);
    };
    this.stopPoll = timers.setTimeout(tick, ms);
  }

  stop(): void {
    this.stopPoll?.();
    this.stopPoll = null;
  }
}
