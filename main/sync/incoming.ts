import { compareOrder, orderKeyOf, type Entry, type WireEntry } from '../../shared/journal';
import { mergeMax, missingCount, seqOf, type EntriesFrame, type VersionVector } from '../../shared/sync';
import type { Equivocation, ImportResult } from '../journal';
import type { SyncJournal } from './syncJournal';

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
}

/**
 * The receiving half of a session. Entries wait here until their author's
 * chain reaches them (a gap fills, a roster entry admits their author), then
 * go through the journal's import, which verifies signature, chain and
 * workspace before storing anything. Arrival order does not matter.
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

  constructor(
    private readonly journal: SyncJournal,
    private readonly hooks: IncomingHooks,
    private readonly maxPending: number,
  ) {}

  /** Entries the peer holds that this side lacks, and the share already received: {received, total}. */
  progress(): { received: number; total: number } {
    return { received: this.received, total: this.received + missingCount(this.theirVv, this.journal.versionVector()) };
  }

  noteTheirVv(vv: Readonly<VersionVector>): void {
    mergeMax(this.theirVv, vv);
  }

  /**
   * Take one batch. Returns the chains newly refused (for the ack), or null
   * when the peer committed an offense (already reported; the caller closes).
   */
  onEntries(frame: EntriesFrame): { author: string; seq: number }[] | null {
    this.noteBatch(frame.n);
    const mine = this.journal.versionVector();
    const evidence: WireEntry[] = [];
    for (const wire of frame.entries) {
      const { ws, author, seq } = wire.header;
      if (ws !== this.journal.workspaceId) {
        this.hooks.offense('wrong-workspace', `entry ${wire.id} belongs to workspace ${ws}, not ${this.journal.workspaceId}`);
        return null;
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
    const refused: { author: string; seq: number }[] = [];
    if (evidence.length > 0 && !this.importChecked(evidence)) return null;
    if (!this.drain(refused)) return null;
    // The journal may leave entries that sort before local ones unfolded until read; a catch-up
    // arrives in many such batches, so fold them once, when it is complete.
    if (this.caughtUp()) this.journal.settle();
    return refused;
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
    if (chain?.has(seq)) return;
    // Over the cap, drop it: the sender resends what our vector still lacks.
    if (this.pendingCount >= this.maxPending) return;
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
