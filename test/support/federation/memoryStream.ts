import { MessageRefused, type EntryStream, type PublishAck, type StreamMessage } from '../../../main/federation';
import type { Delivery, HubStream, MemoryHub } from './memoryHub';

// A relay's side of the in-process stream: the EntryStream Federation drives
// (main/federation/entryStream.ts), over a MemoryHub instead of NATS, so many
// relays run in one process through the same Federation code. While the hub
// has this relay cut off, every request fails with "link down" (a request
// already on its way when the cut comes fails too, though what it asked may
// have happened at the hub: a publish stored, a pull's messages handed out,
// which then wait out ack-wait) and connected() is false.

export class LinkDown extends Error {
  constructor(relay: string) {
    super(`link down (relay ${relay} is cut off from the hub)`);
  }
}

export class MemoryStream implements EntryStream {
  readonly label: string;
  private stream: HubStream | null = null;
  private closed = false;
  /** Bumped at every cut: an answer sent before it never arrives. */
  private epoch = 0;
  private readonly offCut: () => void;
  private waiting: { give: (msgs: StreamMessage[]) => void; fail: (err: Error) => void } | null = null;

  constructor(
    private readonly hub: MemoryHub,
    private readonly workspace: string,
    /** The relay's device: its consumer's name, and what the hub cuts. */
    readonly relay: string,
  ) {
    this.label = `memory hub (relay ${relay.slice(0, 8)})`;
    this.offCut = hub.onCut((cut) => {
      if (cut !== relay) return;
      this.epoch += 1;
      this.waiting?.fail(new LinkDown(relay));
    });
  }

  async open(): Promise<string> {
    return this.request(() => {
      const stream = this.hub.stream(this.workspace);
      stream.ensureConsumer(this.relay);
      this.stream = stream;
      return stream.created;
    });
  }

  async publish(author: string, msgId: string, data: Uint8Array): Promise<PublishAck> {
    const stream = this.ready();
    return this.request(() => {
      if (data.length > this.hub.settings.maxPayloadBytes)
        throw new MessageRefused(`${data.length} bytes is over the hub's max_payload of ${this.hub.settings.maxPayloadBytes}`);
      return stream.append(author, msgId, data);
    });
  }

  async last(author: string): Promise<Uint8Array | null> {
    const stream = this.ready();
    return this.request(() => stream.last(author));
  }

  async lag(): Promise<number> {
    const stream = this.ready();
    return this.request(() => stream.lag(this.relay));
  }

  /** What is there now, or else the first messages to arrive within `waitMs` (with any others published in the same instant). */
  async pull(max: number, waitMs: number): Promise<StreamMessage[]> {
    const stream = this.ready();
    this.waiting?.give([]);
    const asked = this.epoch;
    return new Promise<StreamMessage[]>((resolve, reject) => {
      let cancelWait: (() => void) | null = null;
      let cancelTake: (() => void) | null = null;
      const done = () => {
        cancelWait?.();
        cancelTake?.();
        stream.onWork(this.relay, null);
        this.waiting = null;
      };
      const take = () => {
        done();
        const taken = stream.take(this.relay, max);
        // Handed out at the hub now; they reach the relay a round trip later, unless a cut comes first.
        this.hub.timers.setTimeout(() => {
          if (this.epoch !== asked || this.hub.isCut(this.relay)) reject(new LinkDown(this.relay));
          else resolve(taken.map((d) => this.message(stream, d)));
        }, this.hub.settings.rttMs);
      };
      this.waiting = {
        give: (msgs) => {
          done();
          resolve(msgs);
        },
        fail: (err) => {
          done();
          reject(err);
        },
      };
      if (stream.hasWork(this.relay)) {
        take();
        return;
      }
      // Publishes of one instant (a relay's window of them) go out in one answer.
      stream.onWork(this.relay, () => {
        if (cancelTake === null) cancelTake = this.hub.timers.setTimeout(take, 0);
      });
      cancelWait = this.hub.timers.setTimeout(() => this.waiting?.give([]), waitMs);
    });
  }

  describe(err: unknown): string {
    return `${this.label}: ${err instanceof Error ? err.message : String(err)}`;
  }

  connected(): boolean {
    return this.stream !== null && !this.closed && !this.hub.isCut(this.relay);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.offCut();
    this.waiting?.give([]);
  }

  /** A delivery's handle. An answer to it from a relay cut off or closed is lost: the hub delivers the message again after ack-wait. */
  private message(stream: HubStream, d: Delivery): StreamMessage {
    const reaches = () => !this.closed && !this.hub.isCut(this.relay);
    return {
      data: d.data,
      redeliveries: d.redeliveries,
      pending: d.pending,
      ack: () => {
        if (reaches()) stream.settle(this.relay, d.seq);
      },
      term: () => {
        if (reaches()) stream.settle(this.relay, d.seq);
      },
      nak: (delayMs) => {
        if (reaches()) stream.nak(this.relay, d.seq, delayMs);
      },
    };
  }

  /** Do `act` at the hub now (if the link is up); its answer arrives a round trip later, unless a cut comes first. */
  private request<T>(act: () => T): Promise<T> {
    if (this.closed) return Promise.reject(new Error('stream is closed'));
    if (this.hub.isCut(this.relay)) return Promise.reject(new LinkDown(this.relay));
    const asked = this.epoch;
    let result: T;
    try {
      result = act();
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    return new Promise<T>((resolve, reject) => {
      this.hub.timers.setTimeout(() => {
        if (this.epoch !== asked || this.hub.isCut(this.relay)) reject(new LinkDown(this.relay));
        else resolve(result);
      }, this.hub.settings.rttMs);
    });
  }

  private ready(): HubStream {
    if (this.closed) throw new Error('stream is closed');
    if (this.hub.isCut(this.relay)) throw new LinkDown(this.relay);
    if (this.stream === null) throw new Error(`stream of workspace ${this.workspace} is not open`);
    return this.stream;
  }
}
