import { compareOrder, orderKeyOf, type Entry, type WireEntry } from '../../shared/journal';
import { mergeMax, missingCount, seqOf, type EntriesFrame, type VersionVector } from '../../shared/sync';
import type { Timers } from '../clock';
import type { Equivocation, ImportResult } from '../journal';
import type { SyncJournal } from './syncJournal';

/** Conflicting entries kept per session while their first waits to be stored. */
const MAX_CONFLICTS = 100;

export interface RefusedEntry {
  author: string;
  seq: number;
  id: string;
  reason: string;
}

export interface IncomingHooks {
  /** The peer sent something no honest peer sends: close the link. */
  offense(code: 'invalid-entry' | 'wrong-workspace' | 'unknown-author', message: string): void;
  /** An entry was not stored, but the peer is not at fault (a revoked author's later chain, a clock too far ahead). */
  refused(entry: RefusedEntry): void;
  equivocation(e: Equivocation): void;
  stored(entries: readonly Entry[]): void;
  /** These batches are taken: what they held is stored, parked or refused. Ack them, with the chains newly refused. */
  taken(batches: readonly number[], refused: readonly { author: string; seq: number }[]): void;
}

export interface IncomingOptions {
  /** Entries parked waiting for a gap to fill; beyond this, new ones are dropped (and resent later). */
  maxPending: number;
  /** Import as soon as this many entries are parked, without waiting for the burst of frames to end. */
  importEntries: number;
}

/**
 * The receiving half of a session. Entries wait here until their author's
 * chain reaches them (a gap fills, a roster entry admits their author), then
 * go through the journal's import, which verifies signature, chain and
 * workspace before storing anything. Arrival order does not matter.
 *
 * Group import: a batch is not imported the moment it arrives, but once the
 * frames already received have all been read (a zero-delay timer), or once
 * `importEntries` are parked. A catch-up that arrives faster than it is
 * verified is thus stored in a few large transactions, not one per batch,
 * and each import pays its fixed costs (transaction, fold bookkeeping, the
 * commit's fsync) once for many batches. Batches are acked only after the
 * import that took them, so an ack's vector still says only what is stored:
 * nothing is claimed before its commit, and what a crash loses before it is
 * sent again.
 */
export class Incoming {
  /** What the peer says it holds (its vectors and the entries it sent). */
  readonly theirVv: VersionVector = {};
  /** Entries stored from this peer. */
  received = 0;
  private readonly pending = new Map<string, Map<number, WireEntry>>();
  private pendingCount = 0;
  /** author -> seq from which this side refuses the chain (a revoked author). */
  private readonly refusedFrom = new Map<string, number>();
  /** Highest n such that batches 1..n all arrived; and those seen above it. */
  private batchesInOrder = 0;
  private readonly batchesAbove = new Set<number>();
  /** Batches received since the last import, to ack after the next. */
  private readonly untaken: number[] = [];
  /** Second entries for a (author, seq) whose first was parked: equivocation evidence, imported after it. */
  private conflicts: WireEntry[] = [];
  private cancelFlush: (() => void) | null = null;

  constructor(
    private readonly journal: SyncJournal,
    private readonly hooks: IncomingHooks,
    private readonly timers: Timers,
    private readonly opts: IncomingOptions,
  ) {}

  /** Entries the peer holds that this side lacks, and the share already received: {received, total}. */
  progress(): { received: number; total: number } {
    return { received: this.received, total: this.received + missingCount(this.theirVv, this.journal.versionVector()) };
  }

  noteTheirVv(vv: Readonly<VersionVector>): void {
    mergeMax(this.theirVv, vv);
  }

  /**
   * Take one batch: park its entries and import soon (see the class comment).
   * False when the peer committed an offense (already reported; the caller closes).
   */
  onEntries(frame: EntriesFrame): boolean {
    // Parking this batch on top of those waiting could overflow the cap and drop entries: import first.
    if (this.pendingCount > 0 && this.pendingCount + frame.entries.length > this.opts.maxPending && !this.flush()) return false;
    this.noteBatch(frame.n);
    this.untaken.push(frame.n);
    const mine = this.journal.versionVector();
    const evidence: WireEntry[] = [];
    for (const wire of frame.entries) {
      const { ws, author, seq } = wire.header;
      if (ws !== this.journal.workspaceId) {
        this.hooks.offense('wrong-workspace', `entry ${wire.id} belongs to workspace ${ws}, not ${this.journal.workspaceId}`);
        return false;
      }
      if (seq > seqOf(this.theirVv, author)) this.theirVv[author] = seq;
      if (seq >= (this.refusedFrom.get(author) ?? Infinity)) continue;
      if (seq <= seqOf(mine, author)) {
        // Held already, unless it is a second entry for the same (author, seq): evidence to keep.
        if (this.journal.idAt(author, seq) !== wire.id) evidence.push(wire);
        continue;
      }
      this.park(wire);
    }
    if (evidence.length > 0 && this.importChecked(evidence) === false) return false;
    if (this.pendingCount >= Math.min(this.opts.importEntries, this.opts.maxPending)) return this.flush();
    this.cancelFlush ??= this.timers.setTimeout(() => this.flush(), 0);
    return true;
  }

  /** Import what is parked and ready, ack the batches it came in. False after an offense. */
  flush(): boolean {
    this.cancelFlush?.();
    this.cancelFlush = null;
    const refused: { author: string; seq: number }[] = [];
    if (!this.drain(refused)) return false;
    if (!this.importConflicts()) return false;
    // The journal may leave entries that sort before local ones unfolded until read; a catch-up
    // arrives in many such imports, so fold them once, when it is complete.
    if (this.caughtUp()) this.journal.settle();
    this.hooks.taken(this.untaken.splice(0), refused);
    return true;
  }

  /** The session ended: import nothing more. */
  stop(): void {
    this.cancelFlush?.();
    this.cancelFlush = null;
  }

  /** Import the conflicting entries whose first is now stored: the journal keeps them as evidence. */
  private importConflicts(): boolean {
    if (this.conflicts.length === 0) return true;
    const mine = this.journal.versionVector();
    const ready = this.conflicts.filter((w) => w.header.seq <= seqOf(mine, w.header.author) && this.journal.idAt(w.header.author, w.header.seq) !== w.id);
    this.conflicts = this.conflicts.filter((w) => w.header.seq > seqOf(mine, w.header.author));
    return ready.length === 0 || this.importChecked(ready) !== false;
  }

  /** Everything the peer is known to hold is stored here (or refused): its catch-up is complete. */
  private caughtUp(): boolean {
    if (this.pendingCount > 0) return false;
    const mine = this.journal.versionVector();
    return Object.entries(this.theirVv).every(([author, seq]) => seq <= seqOf(mine, author) || this.refusedFrom.has(author));
  }

  private park(wire: WireEntry): void {
    const { author, seq } = wire.header;
    let chain = this.pending.get(author);
    const parked = chain?.get(seq);
    if (parked !== undefined) {
      // A second entry for the same (author, seq) while the first still waits: once the first is
      // stored, this one is evidence of equivocation (flush imports it then). Few are kept: it
      // takes one to prove the author equivocated.
      if (parked.id !== wire.id && this.conflicts.length < MAX_CONFLICTS) this.conflicts.push(wire);
      return;
    }
    // Over the cap, drop it: the sender resends what our vector still lacks.
    if (this.pendingCount >= this.opts.maxPending) return;
    if (chain === undefined) this.pending.set(author, (chain = new Map()));
    chain.set(seq, wire);
    this.pendingCount += 1;
  }

  private unpark(author: string, seq: number): void {
    const chain = this.pending.get(author);
    if (chain?.delete(seq)) this.pendingCount -= 1;
    if (chain?.size === 0) this.pending.delete(author);
  }

  /** Import every parked entry whose chain is now contiguous, round after round while rounds store something. */
  private drain(refused: { author: string; seq: number }[]): boolean {
    for (;;) {
      const mine = this.journal.versionVector();
      const ready: WireEntry[] = [];
      for (const [author, chain] of this.pending) {
        for (let s = seqOf(mine, author) + 1, w = chain.get(s); w !== undefined; w = chain.get(++s)) ready.push(w);
      }
      if (ready.length === 0) break;
      ready.sort((a, b) => compareOrder(orderKeyOf(a.header), orderKeyOf(b.header)));
      const admitted: WireEntry[] = [];
      const waiting = new Set<string>();
      for (const wire of ready) {
        const { author } = wire.header;
        if (waiting.has(author)) continue;
        const admission = this.journal.admission(wire.header);
        if (!admission.ok) {
          // Unknown: a roster entry earlier in this round may admit it next round.
          waiting.add(author);
          if (admission.code === 'revoked') this.refuseChain(wire, admission.reason, refused);
          continue;
        }
        admitted.push(wire);
      }
      if (admitted.length === 0) break;
      for (const wire of admitted) this.unpark(wire.header.author, wire.header.seq);
      const stored = this.importChecked(admitted);
      if (stored === false) return false;
      if (stored === 0) break;
    }
    return this.checkUnknownAuthors();
  }

  private refuseChain(wire: WireEntry, reason: string, refused: { author: string; seq: number }[]): void {
    const { author, seq } = wire.header;
    this.refusedFrom.set(author, seq);
    for (const s of [...(this.pending.get(author)?.keys() ?? [])]) if (s >= seq) this.unpark(author, s);
    refused.push({ author, seq });
    this.hooks.refused({ author, seq, id: wire.id, reason });
  }

  /**
   * Entries of an author the roster does not know, with nothing before them
   * missing: no roster entry is on its way to admit them. (If batches are
   * still missing, one of them may carry it: wait.)
   */
  private checkUnknownAuthors(): boolean {
    if (this.batchesAbove.size > 0) return true;
    const mine = this.journal.versionVector();
    for (const [author, chain] of this.pending) {
      const next = chain.get(seqOf(mine, author) + 1);
      if (next === undefined) continue;
      const admission = this.journal.admission(next.header);
      if (!admission.ok && admission.code === 'unknown-author') {
        this.hooks.offense('unknown-author', `entry ${next.id} (seq ${next.header.seq}): ${admission.reason}`);
        return false;
      }
    }
    return true;
  }

  /** Import; report what happened. The number stored, or false after an offense. */
  private importChecked(wires: readonly WireEntry[]): number | false {
    const result: ImportResult = this.journal.import(wires);
    for (const e of result.equivocations) this.hooks.equivocation(e);
    if (result.stored.length > 0) {
      this.received += result.stored.length;
      this.hooks.stored(result.stored);
    }
    for (const r of result.refused) {
      // Gaps: an earlier entry of the chain was refused in the same import; it will be resent.
      if (r.reason.startsWith('gap:')) continue;
      if (r.reason.startsWith('clock skew')) {
        this.hooks.refused(r);
        continue;
      }
      this.hooks.offense('invalid-entry', `entry ${r.id} (author ${r.author}, seq ${r.seq}): ${r.reason}`);
      return false;
    }
    return result.stored.length;
  }

  private noteBatch(n: number): void {
    if (n <= this.batchesInOrder) return;
    this.batchesAbove.add(n);
    while (this.batchesAbove.delete(this.batchesInOrder + 1)) this.batchesInOrder += 1;
  }
}
