import type { Clock } from '../../shared/clock';
import { compareOrder, orderKeyOf, toWire, type Entry } from '../../shared/journal';
import { mergeMax, seqOf, type VersionVector } from '../../shared/sync';
import type { SyncJournal } from './syncJournal';
import type { SyncLimits } from './limits';

interface Lookahead {
  /** Seq of entries[0]. */
  from: number;
  entries: Entry[];
}

/**
 * The sending half of a session. It streams what the peer lacks: per
 * author, the seqs above what the peer is known to hold (from its vectors and
 * acks) and above what was already sent, merged across authors in the
 * journal's total order so roster entries reach the peer before the entries
 * they admit. At most `window` batches wait for an ack (backpressure); a
 * batch unacked for `ackTimeoutMs` counts as lost. The cost is O(missing):
 * nothing is read that the peer already holds.
 */
export class Outgoing {
  /** What the peer is known to hold. Only rises. */
  readonly peerVv: VersionVector = {};
  /** Highest seq sent per author in this session (rewound when a loss shows). */
  private readonly sent: VersionVector = {};
  /** author -> first seq the peer refuses (and everything after). */
  private readonly blocked = new Map<string, number>();
  private readonly inFlight = new Map<number, number>();
  private readonly lookahead = new Map<string, Lookahead>();
  private nextBatch = 1;
  /** Entries sent in this session, for diagnostics and the cost tests. */
  entriesSent = 0;

  constructor(
    private readonly journal: SyncJournal,
    private readonly clock: Clock,
    private readonly limits: SyncLimits,
    private readonly sendText: (text: string) => void,
    /**
     * Whether this author's entries may go to the peer now. A held-back
     * author is skipped whole (its chain stays contiguous on the peer) and
     * resumes from where it stopped on a later pump.
     */
    private readonly mayForward: (author: string) => boolean = () => true,
  ) {}

  get unacked(): number {
    return this.inFlight.size;
  }

  /** The peer holds at least `vv` (it said so, or sent us those entries). */
  notePeerHolds(vv: Readonly<VersionVector>): void {
    mergeMax(this.peerVv, vv);
  }

  refuse(author: string, seq: number): void {
    const known = this.blocked.get(author);
    if (known === undefined || seq < known) this.blocked.set(author, seq);
    this.lookahead.delete(author);
  }

  onAck(n: number, vv: Readonly<VersionVector>): void {
    this.inFlight.delete(n);
    this.notePeerHolds(vv);
  }

  /**
   * The peer's heartbeat vector arrived. If nothing is in flight yet it still
   * lacks entries this session sent, they were lost (or parked behind a lost
   * one): send them again. Doing this only on heartbeats bounds resends to
   * one round per heartbeat, even for entries the peer keeps refusing.
   */
  resync(): void {
    this.expire();
    if (this.inFlight.size > 0) return;
    for (const [author, seq] of Object.entries(this.sent)) {
      const held = seqOf(this.peerVv, author);
      if (seq > held) {
        this.sent[author] = held;
        this.lookahead.delete(author);
      }
    }
  }

  /** Forget batches whose ack is overdue: the window must not stay shut because of a lost ack. */
  expire(): void {
    const now = this.clock.now();
    for (const [n, at] of this.inFlight) if (now - at > this.limits.ackTimeoutMs) this.inFlight.delete(n);
  }

  /** Send batches while the window has room and the peer lacks something. */
  pump(live: boolean): void {
    while (this.inFlight.size < this.limits.window) {
      const batch = this.takeBatch();
      if (batch.length === 0) return;
      const n = this.nextBatch++;
      this.inFlight.set(n, this.clock.now());
      this.entriesSent += batch.length;
      this.sendText(`{"t":"entries","n":${n},"live":${live},"entries":[${batch.join(',')}]}`);
    }
  }

  /** The next batch as serialised wire entries, advancing `sent`. */
  private takeBatch(): string[] {
    const ours = this.journal.versionVector();
    const candidates: Entry[] = [];
    for (const [author, top] of Object.entries(ours)) {
      if (!this.mayForward(author)) continue;
      const limit = Math.min(top, (this.blocked.get(author) ?? Infinity) - 1);
      const from = Math.max(seqOf(this.sent, author), seqOf(this.peerVv, author)) + 1;
      if (from > limit) continue;
      let ahead = this.lookahead.get(author);
      if (ahead === undefined || ahead.from !== from || ahead.entries.length === 0) {
        ahead = { from, entries: this.journal.entries(author, from, Math.min(limit, from + this.limits.batchEntries - 1)) };
        this.lookahead.set(author, ahead);
      }
      candidates.push(...ahead.entries.filter((e) => e.header.seq <= limit));
    }
    if (candidates.length === 0) return [];
    candidates.sort((a, b) => compareOrder(orderKeyOf(a.header), orderKeyOf(b.header)));
    const out: string[] = [];
    let bytes = 0;
    for (const entry of candidates) {
      const text = JSON.stringify(toWire(entry));
      if (out.length > 0 && (out.length >= this.limits.batchEntries || bytes + text.length > this.limits.batchBytes)) break;
      out.push(text);
      bytes += text.length;
      const { author, seq } = entry.header;
      this.sent[author] = seq;
      const ahead = this.lookahead.get(author);
      if (ahead !== undefined && ahead.entries[0]?.header.seq === seq) {
        ahead.entries.shift();
        ahead.from = seq + 1;
      }
    }
    return out;
  }
}
