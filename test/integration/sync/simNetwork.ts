import type { Link, LinkFrame } from '../../../main/sync';
import type { SimScheduler } from './simScheduler';

export interface NetworkFaults {
  minDelayMs: number;
  maxDelayMs: number;
  /** Chance that one message is lost. */
  drop: number;
  /** Chance that one message is delivered twice. */
  duplicate: number;
}

class SimEnd implements Link {
  other: SimEnd | null = null;
  closed = false;
  private frameHandler: ((f: LinkFrame) => void) | null = null;
  private closeHandler: ((reason: string) => void) | null = null;
  private closeNotified = false;

  constructor(
    readonly label: string,
    private readonly net: SimNetwork,
    readonly from: number,
    readonly to: number,
  ) {}

  send(text: string): void {
    if (this.closed) return;
    this.net.transmit(this, text);
  }

  close(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.notifyClosed(reason);
    // The other end learns after the frames already on the wire.
    const other = this.other;
    if (other !== null) this.net.later(this.net.faults.maxDelayMs + 1, () => other.closeFromRemote(`remote closed: ${reason}`));
  }

  closeFromRemote(reason: string): void {
    this.closed = true;
    this.notifyClosed(reason);
  }

  deliver(text: string): void {
    if (this.closed) return;
    this.frameHandler?.({ kind: 'text', text, bytes: text.length });
  }

  onFrame(handler: (frame: LinkFrame) => void): void {
    this.frameHandler = handler;
  }

  onClose(handler: (reason: string) => void): void {
    this.closeHandler = handler;
  }

  private notifyClosed(reason: string): void {
    if (this.closeNotified) return;
    this.closeNotified = true;
    this.closeHandler?.(reason);
  }
}

/**
 * A network between numbered peers on virtual time: each message is delayed
 * at random (so messages overtake each other), may be lost or delivered
 * twice; pairs of peers can be partitioned, which cuts their links and
 * refuses new ones until healed. All randomness comes from the seeded rng.
 */
export class SimNetwork {
  private readonly cuts = new Set<string>();
  private readonly links = new Set<SimEnd>();
  private readonly acceptors = new Map<number, (link: Link) => void>();
  messages = 0;

  constructor(
    private readonly sched: SimScheduler,
    private readonly rng: () => number,
    readonly faults: NetworkFaults,
  ) {}

  later(ms: number, fn: () => void): void {
    this.sched.setTimeout(fn, ms);
  }

  listen(peer: number, accept: (link: Link) => void): void {
    this.acceptors.set(peer, accept);
  }

  /** Open a link from one peer to another; `done` gets the dialer's end (or an error) after a round trip. */
  dial(from: number, to: number, done: (err: Error | null, link?: Link) => void): void {
    const rtt = 2 * this.delay();
    this.later(rtt, () => {
      const accept = this.acceptors.get(to);
      if (this.isCut(from, to) || accept === undefined) {
        done(new Error(`sim: no route from ${from} to ${to}`));
        return;
      }
      const a = new SimEnd(`sim ${from}->${to}`, this, from, to);
      const b = new SimEnd(`sim ${to}<-${from}`, this, to, from);
      a.other = b;
      b.other = a;
      this.links.add(a);
      this.links.add(b);
      accept(b);
      done(null, a);
    });
  }

  transmit(end: SimEnd, text: string): void {
    const target = end.other;
    this.messages += 1;
    if (target === null || this.isCut(end.from, end.to) || this.rng() < this.faults.drop) return;
    const copies = this.rng() < this.faults.duplicate ? 2 : 1;
    for (let i = 0; i < copies; i++) this.later(this.delay(), () => target.deliver(text));
  }

  cut(a: number, b: number): void {
    this.cuts.add(key(a, b));
    for (const end of [...this.links]) {
      if (key(end.from, end.to) === key(a, b)) {
        this.links.delete(end);
        this.later(this.delay(), () => end.closeFromRemote('sim: partitioned'));
      }
    }
  }

  heal(a: number, b: number): void {
    this.cuts.delete(key(a, b));
  }

  healAll(): void {
    this.cuts.clear();
  }

  isCut(a: number, b: number): boolean {
    return this.cuts.has(key(a, b));
  }

  private delay(): number {
    const { minDelayMs, maxDelayMs } = this.faults;
    return minDelayMs + Math.floor(this.rng() * (maxDelayMs - minDelayMs + 1));
  }
}

function key(a: number, b: number): string {
  return a < b ? `${a}-${b}` : `${b}-${a}`;
}
