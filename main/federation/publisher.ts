import { compareOrder, orderKeyOf, toWire, type Entry, type OrderKey } from '../../shared/journal';
import { seqOf } from '../../shared/sync';
import type { SyncJournal } from '../sync';
import type { CursorStore, StreamCursor } from './cursorStore';
import { MessageRefused, type EntryStream } from './entryStream';
import { parseStreamEntry } from './streamEntry';

// The publishing half of a relay: every entry this room holds that the
// stream is not known to hold goes out, in the journal's total order (so a
// roster entry goes before the entries of the member it admits, and each
// author's chain in seq order), a window of publishes in flight at a time.
// The cursor advances only over acknowledged publishes, contiguously per
// author; it is written to the workspace after each window.

/** Entries read from the journal per pass, shared among the authors behind (each reads at least MIN_WINDOW). */
const PASS_ENTRIES = 2_000;
const MIN_WINDOW = 64;
/** Authors whose stream position is asked for at once (one request each). */
const ASK_AT_ONCE = 32;
/** Publishes awaiting their acknowledgement at once (a NATS connection keeps their order). */
const IN_FLIGHT = 256;

const encoder = new TextEncoder();

export interface PublishPass {
  /** Acknowledged as new to the stream. */
  published: number;
  /** Acknowledged as already there (another relay published them). */
  duplicates: number;
  /** Whether entries are left for another pass. */
  more: boolean;
}

export class Publisher {
  private cursor: StreamCursor | null = null;
  private incarnation: string | null = null;
  /** Authors whose stream position was asked this run (an author this relay never published starts where the stream is). */
  private readonly asked = new Set<string>();

  constructor(
    private readonly journal: SyncJournal,
    private readonly stream: EntryStream,
    private readonly store: CursorStore,
    /** Whether this relay has received everything the stream held when it last looked. */
    private readonly caughtUp: () => boolean,
  ) {}

  /** The stream as opened now: its cursor is loaded (and dropped if the stream is another incarnation than it was written for). */
  open(incarnation: string): void {
    if (incarnation === this.incarnation) return;
    this.incarnation = incarnation;
    this.cursor = this.store.load(incarnation);
    this.asked.clear();
  }

  /** Entries this room holds that the stream is not known to hold (0 before the stream is opened). */
  unpublished(): number {
    if (this.cursor === null) return 0;
    let n = 0;
    for (const [author, seq] of Object.entries(this.journal.versionVector())) n += Math.max(0, seq - (this.cursor.get(author) ?? 0));
    return n;
  }

  /** Entries received from the stream are in it: never publish them again. */
  noteInStream(entries: readonly Entry[]): void {
    if (this.cursor === null) return;
    const cursor = this.cursor;
    const changed = new Map<string, number>();
    const sorted = [...entries].sort((a, b) => a.header.seq - b.header.seq);
    for (const e of sorted) {
      const { author, seq } = e.header;
      if (seq === (changed.get(author) ?? cursor.get(author) ?? 0) + 1) changed.set(author, seq);
    }
    this.advance(changed);
  }

  /**
   * Publish the next part of what the stream lacks, in total order. Each
   * author's backlog is read a window at a time; where a window stops short
   * of the author's end, nothing sorting after its last entry goes out in
   * this pass (an unread entry of that author, say a roster entry, may sort
   * before it). Throws with the link's or the message's failure, after
   * saving what was acknowledged.
   */
  async pass(): Promise<PublishPass> {
    const cursor = this.loaded();
    const vv = this.journal.versionVector();
    const unknown = Object.keys(vv).filter((a) => !cursor.has(a) && !this.asked.has(a));
    const waiting = new Set<string>();
    for (let i = 0; i < unknown.length; i += ASK_AT_ONCE) {
      const batch = unknown.slice(i, i + ASK_AT_ONCE);
      const answers = await Promise.all(batch.map((a) => this.askStream(a, cursor)));
      answers.forEach((answer, j) => answer === 'wait' && waiting.add(batch[j]!));
    }
    const behind = Object.keys(vv).filter((a) => !waiting.has(a) && (cursor.get(a) ?? 0) < seqOf(vv, a));
    const window = Math.max(MIN_WINDOW, Math.ceil(PASS_ENTRIES / Math.max(1, behind.length)));
    let due: Entry[] = [];
    let cutoff: OrderKey | null = null;
    for (const author of behind) {
      const from = (cursor.get(author) ?? 0) + 1;
      const to = Math.min(seqOf(vv, author), from + window - 1);
      const read = [...this.journal.entries(author, from, to)];
      due.push(...read);
      const last = read[read.length - 1];
      if (to < seqOf(vv, author) && last !== undefined) {
        const key = orderKeyOf(last.header);
        if (cutoff === null || compareOrder(key, cutoff) < 0) cutoff = key;
      }
    }
    if (cutoff !== null) {
      const limit = cutoff;
      due = due.filter((e) => compareOrder(orderKeyOf(e.header), limit) <= 0);
    }
    due.sort((a, b) => compareOrder(orderKeyOf(a.header), orderKeyOf(b.header)));
    const result: PublishPass = { published: 0, duplicates: 0, more: cutoff !== null };
    for (let i = 0; i < due.length; i += IN_FLIGHT) await this.publishWindow(due.slice(i, i + IN_FLIGHT), result);
    return result;
  }

  private async publishWindow(window: readonly Entry[], result: PublishPass): Promise<void> {
    const outcomes = await Promise.allSettled(window.map((e) => this.stream.publish(e.header.author, e.id, encoder.encode(JSON.stringify(toWire(e))))));
    const cursor = this.loaded();
    const changed = new Map<string, number>();
    const blocked = new Set<string>();
    let failure: unknown = null;
    outcomes.forEach((o, i) => {
      const { author, seq } = window[i]!.header;
      if (o.status === 'rejected') {
        // Later entries of this author may be in the stream now, but the cursor stays before this one: it goes again.
        blocked.add(author);
        const what = `entry ${window[i]!.id} (author ${author}, seq ${seq})`;
        failure ??= o.reason instanceof MessageRefused ? new MessageRefused(`${what}: ${o.reason.message}`) : o.reason;
        return;
      }
      if (o.value.duplicate) result.duplicates += 1;
      else result.published += 1;
      if (!blocked.has(author) && seq === (changed.get(author) ?? cursor.get(author) ?? 0) + 1) changed.set(author, seq);
    });
    this.advance(changed);
    if (failure !== null) throw failure;
  }

  /**
   * An author this relay has no position for: start after the stream's last
   * entry of theirs. If the stream is ahead of this room, wait for the
   * consumer to bring those entries (publishing them again would only add
   * duplicates), but not past catching up: a forged "last" entry must not
   * keep this relay from publishing the author's real ones.
   */
  private async askStream(author: string, cursor: StreamCursor): Promise<'ready' | 'wait'> {
    const data = await this.stream.last(author);
    if (data === null) {
      this.asked.add(author);
      return 'ready';
    }
    const parsed = parseStreamEntry(data);
    const fits = parsed.ok && parsed.wire.header.author === author && parsed.wire.header.ws === this.journal.workspaceId;
    if (fits && this.journal.idAt(author, parsed.wire.header.seq) === parsed.wire.id) {
      this.asked.add(author);
      this.advance(new Map([[author, Math.max(cursor.get(author) ?? 0, parsed.wire.header.seq)]]));
      return 'ready';
    }
    if (fits && !this.caughtUp()) return 'wait';
    this.asked.add(author);
    return 'ready';
  }

  private advance(changed: Map<string, number>): void {
    if (changed.size === 0) return;
    const cursor = this.loaded();
    for (const [author, seq] of changed) cursor.set(author, seq);
    this.store.save(changed);
  }

  private loaded(): StreamCursor {
    if (this.cursor === null) throw new Error('the federation stream is not open yet');
    return this.cursor;
  }
}
