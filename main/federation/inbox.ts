import { compareOrder, orderKeyOf, type Entry, type WireEntry } from '../../shared/journal';
import { seqOf } from '../../shared/sync';
import type { SyncJournal } from '../sync';
import type { StreamMessage } from './entryStream';
import { parseStreamEntry } from './streamEntry';

// The receiving half of a relay. A message is acknowledged only once what
// it carries is stored here (or was already): an entry that waits for an
// earlier one of its chain, or for the roster entry that admits its author,
// stays unacknowledged, so a relay that stops loses nothing; the stream
// delivers it again. Everything goes through the journal's import, the same
// verification as peer sync (signature, chain, workspace, roster): anyone
// able to publish to the stream can send anything, and nothing unverified
// is stored. What can never be stored is terminated and logged.

export interface Refusal {
  id: string | null;
  author: string | null;
  seq: number | null;
  reason: string;
}

export interface InboxHooks {
  refused(r: Refusal): void;
  /** Entries stored from the stream (they are in it: the publisher need not send them). */
  stored(entries: readonly Entry[]): void;
}

export interface InboxOptions {
  /** An entry of an author the roster does not know, waiting behind another author's gap, is refused after this many deliveries. */
  unknownAuthorDeliveries: number;
  /** How long a parked entry waits before the stream delivers it again. */
  retryMs: number;
}

export const DEFAULT_INBOX_OPTIONS: InboxOptions = { unknownAuthorDeliveries: 5, retryMs: 5_000 };

interface Parked {
  wire: WireEntry;
  msgs: StreamMessage[];
}

export class Inbox {
  private readonly parked = new Map<string, Map<number, Parked>>();

  constructor(
    private readonly journal: SyncJournal,
    private readonly hooks: InboxHooks,
    private readonly opts: InboxOptions = DEFAULT_INBOX_OPTIONS,
  ) {}

  /** Entries waiting for a gap or a roster entry. */
  get waiting(): number {
    let n = 0;
    for (const chain of this.parked.values()) n += chain.size;
    return n;
  }

  /** Take a batch of deliveries; `drained` says the stream has nothing more for now. Returns how many entries were stored. */
  receive(msgs: readonly StreamMessage[], drained: boolean): number {
    const vv = this.journal.versionVector();
    const evidence: { wire: WireEntry; msg: StreamMessage }[] = [];
    for (const msg of msgs) {
      const parsed = parseStreamEntry(msg.data);
      if (!parsed.ok) {
        this.refuse([msg], { id: null, author: null, seq: null, reason: parsed.reason });
        continue;
      }
      const wire = parsed.wire;
      const { ws, author, seq } = wire.header;
      if (ws !== this.journal.workspaceId) {
        this.refuse([msg], { id: wire.id, author, seq, reason: `entry belongs to workspace ${ws}, not ${this.journal.workspaceId}` });
        continue;
      }
      if (seq <= seqOf(vv, author)) {
        // Held already, unless it is a second entry for the same (author, seq): evidence the import keeps.
        if (this.journal.idAt(author, seq) === wire.id) msg.ack();
        else evidence.push({ wire, msg });
        continue;
      }
      this.park(wire, msg);
    }
    let stored = 0;
    for (const e of evidence) stored += this.importAndSettle([{ wire: e.wire, msgs: [e.msg] }]);
    stored += this.drain(drained);
    return stored;
  }

  /** Messages still held here unacknowledged: let the stream deliver them again at once (the relay is stopping). */
  release(): void {
    for (const chain of this.parked.values()) for (const p of chain.values()) for (const m of p.msgs) m.nak(0);
    this.parked.clear();
  }

  private park(wire: WireEntry, msg: StreamMessage): void {
    const { author, seq } = wire.header;
    let chain = this.parked.get(author);
    if (chain === undefined) this.parked.set(author, (chain = new Map()));
    const there = chain.get(seq);
    if (there === undefined) chain.set(seq, { wire, msgs: [msg] });
    else if (there.wire.id === wire.id) there.msgs.push(msg);
    // A second entry for a parked (author, seq): the first decides; this one is evidence once that is stored.
    else msg.nak(this.opts.retryMs);
  }

  /** Import every parked entry whose chain is contiguous with what is held, round after round while rounds store something. */
  private drain(drained: boolean): number {
    let stored = 0;
    for (;;) {
      const vv = this.journal.versionVector();
      const ready: Parked[] = [];
      for (const [author, chain] of this.parked) for (let s = seqOf(vv, author) + 1, p = chain.get(s); p !== undefined; p = chain.get(++s)) ready.push(p);
      ready.sort((a, b) => compareOrder(orderKeyOf(a.wire.header), orderKeyOf(b.wire.header)));
      const admitted: Parked[] = [];
      const waiting = new Set<string>();
      for (const p of ready) {
        const { author } = p.wire.header;
        if (waiting.has(author)) continue;
        const admission = this.journal.admission(p.wire.header);
        if (admission.ok) admitted.push(p);
        else if (admission.code === 'revoked') this.refuseChain(author, p.wire.header.seq, admission.reason);
        else waiting.add(author);
      }
      if (admitted.length === 0) break;
      const n = this.importAndSettle(admitted);
      stored += n;
      if (n === 0) break;
    }
    this.settleWaiting(drained);
    return stored;
  }

  /** Import; ack what is stored or held, terminate what is refused for good, keep what waits for a gap. */
  private importAndSettle(batch: readonly Parked[]): number {
    const result = this.journal.import(batch.map((p) => p.wire));
    const refused = new Map(result.refused.map((r) => [r.id, r.reason]));
    for (const p of batch) {
      const { author, seq } = p.wire.header;
      const reason = refused.get(p.wire.id);
      if (reason === undefined) {
        this.unpark(author, seq, p.wire.id);
        for (const m of p.msgs) m.ack();
      } else if (!reason.startsWith('gap:') && !reason.startsWith('clock skew')) {
        this.unpark(author, seq, p.wire.id);
        this.refuse(p.msgs, { id: p.wire.id, author, seq, reason });
      }
      // A gap (an earlier entry refused in the same import) or a clock too far ahead: it stays parked and is tried again.
    }
    if (result.stored.length > 0) this.hooks.stored(result.stored);
    return result.stored.length;
  }

  /**
   * What is still parked once the stream has nothing more: told to come
   * again later. An author the roster does not know, next in its chain: if
   * no entry of a known author is parked too (a gap that could hide the
   * roster entry admitting it), nothing on its way can admit it, since
   * relays publish in the journal's total order, which puts a roster entry
   * before the entries it admits: refused. Behind such a gap it waits,
   * up to a number of deliveries.
   */
  private settleWaiting(drained: boolean): void {
    // More deliveries are coming: they may well fill the gap (parked entries stay in hand until then).
    if (!drained) return;
    const vv = this.journal.versionVector();
    const unknown = new Set<string>();
    for (const [author, chain] of this.parked) {
      const next = chain.get(seqOf(vv, author) + 1);
      const admission = next === undefined ? null : this.journal.admission(next.wire.header);
      if (admission !== null && !admission.ok && admission.code === 'unknown-author') unknown.add(author);
    }
    const gapElsewhere = this.parked.size > unknown.size;
    for (const [author, chain] of [...this.parked]) {
      const next = chain.get(seqOf(vv, author) + 1);
      if (next !== undefined && unknown.has(author)) {
        const deliveries = Math.min(...next.msgs.map((m) => m.redeliveries)) + 1;
        if (!gapElsewhere || deliveries >= this.opts.unknownAuthorDeliveries) {
          this.refuseChain(author, next.wire.header.seq, `author ${author} is not in the roster, and no roster entry on the stream admits it`);
          continue;
        }
      }
      for (const p of chain.values()) for (const m of p.msgs.splice(0)) m.nak(this.opts.retryMs);
      // Delivered again later, they are parked again: forget them now so the handles do not pile up.
      this.parked.delete(author);
    }
  }

  private refuseChain(author: string, fromSeq: number, reason: string): void {
    const chain = this.parked.get(author);
    if (chain === undefined) return;
    for (const [seq, p] of [...chain]) {
      if (seq < fromSeq) continue;
      chain.delete(seq);
      this.refuse(p.msgs, { id: p.wire.id, author, seq, reason });
    }
    if (chain.size === 0) this.parked.delete(author);
  }

  private unpark(author: string, seq: number, id: string): void {
    const chain = this.parked.get(author);
    if (chain?.get(seq)?.wire.id === id) chain.delete(seq);
    if (chain?.size === 0) this.parked.delete(author);
  }

  private refuse(msgs: readonly StreamMessage[], r: Refusal): void {
    for (const m of msgs) m.term();
    this.hooks.refused(r);
  }
}
