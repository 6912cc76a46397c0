import { nodeTimers, systemClock, type Timers } from '../../../main/clock';
import type { Clock } from '../../../shared/clock';
import { ACK_WAIT_MS } from '../../../main/federation';

// The hub side of the in-process stream (memoryStream.ts is a relay's side):
// per workspace, the messages in stream order, the ids it holds (a publish
// of one of them is a duplicate and adds nothing), the last message per
// author, and a durable consumer per relay. It models what federation relies
// on in JetStream (natsStream.ts creates the stream and consumers with the
// same settings): every message delivered at least once per consumer, in
// stream order from the consumer's position; a delivery not acknowledged
// within ack_wait, or nak'ed, delivered again; ack and term end it. Ids are
// remembered for the stream's life (JetStream: for its 2 h duplicate window,
// longer than any simulation).

export interface MemoryHubOptions {
  clock?: Clock;
  /** Whose timers the waits run on: a VirtualTime in the simulation. */
  timers?: Timers;
  /** Every request's answer reaches the relay this long after it was asked. */
  rttMs?: number;
  /** A delivery not acknowledged within this is delivered again (natsStream.ts ACK_WAIT_MS). */
  ackWaitMs?: number;
  /** Deliveries a consumer may hold unacknowledged before it gets no new ones (natsStream.ts MAX_ACK_PENDING). */
  maxAckPending?: number;
  /** A bigger message is refused for good (the NATS server's max_payload, 1 MB unless raised). */
  maxPayloadBytes?: number;
}

export type HubSettings = Required<Omit<MemoryHubOptions, 'clock' | 'timers'>>;

const DEFAULTS: HubSettings = { rttMs: 0, ackWaitMs: ACK_WAIT_MS, maxAckPending: 20_000, maxPayloadBytes: 1024 * 1024 };

interface HubMessage {
  author: string;
  msgId: string;
  data: Uint8Array;
}

/** One delivery as the hub hands it out: which message, and how many times it went to this consumer before. */
export interface Delivery {
  seq: number;
  data: Uint8Array;
  redeliveries: number;
  /** Messages not yet delivered to this consumer once this one was handed out (JetStream's num_pending). */
  pending: number;
}

interface Pending {
  deliveries: number;
  /** When it is due again unless acknowledged (ack-wait, or the delay of a nak). */
  due: number;
}

/** A relay's durable consumer: the whole stream from its start, in order, at least once. */
class Consumer {
  /** Index of the next message never delivered. */
  next = 0;
  readonly pending = new Map<number, Pending>();
  /** Delivered before and due again now. */
  readonly ready = new Set<number>();
  /** Told when something is there to deliver (a waiting pull). */
  wake: (() => void) | null = null;
  redelivered = 0;
  private cancelSweep: (() => void) | null = null;
  private sweepAt = Infinity;

  constructor(private readonly hub: MemoryHub) {}

  /** Look for deliveries that came due at `at`, unless a look is planned sooner. */
  planSweep(at: number): void {
    if (at >= this.sweepAt) return;
    this.cancelSweep?.();
    this.sweepAt = at;
    this.cancelSweep = this.hub.timers.setTimeout(() => this.sweep(), at - this.hub.clock.now());
  }

  private sweep(): void {
    this.cancelSweep = null;
    this.sweepAt = Infinity;
    const now = this.hub.clock.now();
    let soonest = Infinity;
    for (const [seq, p] of this.pending) {
      if (this.ready.has(seq)) continue;
      if (p.due <= now) this.ready.add(seq);
      else soonest = Math.min(soonest, p.due);
    }
    if (soonest < Infinity) this.planSweep(soonest);
    if (this.ready.size > 0) this.wake?.();
  }
}

/** One workspace's stream. */
export class HubStream {
  private readonly messages: HubMessage[] = [];
  private readonly ids = new Set<string>();
  private readonly lastOf = new Map<string, HubMessage>();
  private readonly consumers = new Map<string, Consumer>();
  /** Publishes answered as duplicates. */
  duplicates = 0;
  /** Its incarnation, as JetStream's stream creation time: a stream made again is another one. */
  readonly created: string;

  constructor(private readonly hub: MemoryHub) {
    this.created = new Date(hub.clock.now()).toISOString();
  }

  /** The ids held, in stream order. */
  held(): string[] {
    return this.messages.map((m) => m.msgId);
  }

  /** Deliveries beyond the first, over every consumer. */
  redeliveries(): number {
    let n = 0;
    for (const c of this.consumers.values()) n += c.redelivered;
    return n;
  }

  ensureConsumer(relay: string): void {
    if (!this.consumers.has(relay)) this.consumers.set(relay, new Consumer(this.hub));
  }

  append(author: string, msgId: string, data: Uint8Array): { duplicate: boolean } {
    if (this.ids.has(msgId)) {
      this.duplicates += 1;
      return { duplicate: true };
    }
    const msg = { author, msgId, data };
    this.ids.add(msgId);
    this.messages.push(msg);
    this.lastOf.set(author, msg);
    for (const c of this.consumers.values()) c.wake?.();
    return { duplicate: false };
  }

  last(author: string): Uint8Array | null {
    return this.lastOf.get(author)?.data ?? null;
  }

  /** Not yet delivered, plus delivered and not acknowledged (JetStream's num_pending + num_ack_pending). */
  lag(relay: string): number {
    const c = this.consumer(relay);
    return this.messages.length - c.next + c.pending.size;
  }

  /** Hand out up to `max` deliveries: those due again first (lowest seq first), then new ones while max_ack_pending allows. */
  take(relay: string, max: number): Delivery[] {
    const c = this.consumer(relay);
    const out: Delivery[] = [];
    const due = this.hub.clock.now() + this.hub.settings.ackWaitMs;
    for (const seq of [...c.ready].sort((a, b) => a - b)) {
      if (out.length >= max) break;
      const p = c.pending.get(seq);
      c.ready.delete(seq);
      if (p === undefined) continue;
      out.push({ seq, data: this.messages[seq]!.data, redeliveries: p.deliveries, pending: this.messages.length - c.next });
      p.deliveries += 1;
      p.due = due;
      c.redelivered += 1;
    }
    while (out.length < max && c.next < this.messages.length && c.pending.size < this.hub.settings.maxAckPending) {
      const seq = c.next++;
      c.pending.set(seq, { deliveries: 1, due });
      out.push({ seq, data: this.messages[seq]!.data, redeliveries: 0, pending: this.messages.length - c.next });
    }
    if (out.length > 0) c.planSweep(due);
    return out;
  }

  /** Whether `take` would hand anything out now. */
  hasWork(relay: string): boolean {
    const c = this.consumer(relay);
    return c.ready.size > 0 || (c.next < this.messages.length && c.pending.size < this.hub.settings.maxAckPending);
  }

  /** Ack and term alike: the message is done with for this consumer. */
  settle(relay: string, seq: number): void {
    const c = this.consumer(relay);
    c.pending.delete(seq);
    c.ready.delete(seq);
  }

  nak(relay: string, seq: number, delayMs: number): void {
    const c = this.consumer(relay);
    const p = c.pending.get(seq);
    if (p === undefined) return;
    c.ready.delete(seq);
    p.due = this.hub.clock.now() + Math.max(0, delayMs);
    c.planSweep(p.due);
  }

  /** Call `wake` whenever there may be something to take (one listener per consumer: its pull). */
  onWork(relay: string, wake: (() => void) | null): void {
    this.consumer(relay).wake = wake;
  }

  private consumer(relay: string): Consumer {
    const c = this.consumers.get(relay);
    if (c === undefined) throw new Error(`no consumer ${relay} on this stream`);
    return c;
  }
}

/** Streams of every workspace, and which relays are cut off from them. */
export class MemoryHub {
  readonly clock: Clock;
  readonly timers: Timers;
  readonly settings: HubSettings;
  private readonly streams = new Map<string, HubStream>();
  private readonly cuts = new Set<string>();
  private readonly cutListeners = new Set<(relay: string) => void>();

  constructor(opts: MemoryHubOptions = {}) {
    this.clock = opts.clock ?? systemClock;
    this.timers = opts.timers ?? nodeTimers;
    this.settings = {
      rttMs: opts.rttMs ?? DEFAULTS.rttMs,
      ackWaitMs: opts.ackWaitMs ?? DEFAULTS.ackWaitMs,
      maxAckPending: opts.maxAckPending ?? DEFAULTS.maxAckPending,
      maxPayloadBytes: opts.maxPayloadBytes ?? DEFAULTS.maxPayloadBytes,
    };
  }

  /** The stream of `workspace`, made on first use (a relay's open creates it, as natsStream.ts does). */
  stream(workspace: string): HubStream {
    let s = this.streams.get(workspace);
    if (s === undefined) this.streams.set(workspace, (s = new HubStream(this)));
    return s;
  }

  /** Cut a relay off (its site's uplink is down): its requests fail until heal(). */
  cut(relay: string): void {
    this.cuts.add(relay);
    for (const listener of [...this.cutListeners]) listener(relay);
  }

  heal(relay: string): void {
    this.cuts.delete(relay);
  }

  isCut(relay: string): boolean {
    return this.cuts.has(relay);
  }

  /** Told of every cut (a relay's stream fails what it is waiting for). */
  onCut(listener: (relay: string) => void): () => void {
    this.cutListeners.add(listener);
    return () => this.cutListeners.delete(listener);
  }
}
