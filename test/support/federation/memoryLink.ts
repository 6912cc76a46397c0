import type { Timers } from '../../../main/clock';
import type { Dialer, Link, LinkFrame } from '../../../main/sync';

// Links between a room's peers and its relay, in this process: ordered,
// bidirectional, with a fixed one-way delay on the simulation's timers, and
// cut off per peer (its Wi-Fi gone) until healed. The sessions on them are
// the real ones (main/sync PeerSession): only the socket is simulated.
// (test/integration/sync/simNetwork.ts also drops, duplicates and reorders
// frames to test the protocol; here the network is plain, the subject being
// federation.)

class MemoryEnd implements Link {
  other: MemoryEnd | null = null;
  private closed = false;
  private closeNotified = false;
  /** When the last frame sent from this end arrives: frames keep their order. */
  private lastArrival = 0;
  private onFrameHandler: ((frame: LinkFrame) => void) | null = null;
  private onCloseHandler: ((reason: string) => void) | null = null;
  /** Frames that arrived before a handler was set. */
  private early: LinkFrame[] = [];

  constructor(
    readonly label: string,
    private readonly net: PeerLinks,
    readonly peer: string,
  ) {}

  send(text: string): void {
    const other = this.other;
    if (this.closed || other === null) return;
    const now = this.net.clock();
    this.lastArrival = Math.max(now + this.net.delayMs, this.lastArrival);
    this.net.timers.setTimeout(() => other.deliver({ kind: 'text', text, bytes: Buffer.byteLength(text) }), this.lastArrival - now);
  }

  close(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.notifyClosed(reason);
    // The other end learns after the frames already on their way.
    const other = this.other;
    if (other !== null) this.net.timers.setTimeout(() => other.drop(`remote closed: ${reason}`), Math.max(this.lastArrival - this.net.clock(), 0) + 1);
  }

  /** Closed by the other end or the network: frames still on their way are lost. */
  drop(reason: string): void {
    this.closed = true;
    this.notifyClosed(reason);
  }

  onFrame(handler: (frame: LinkFrame) => void): void {
    this.onFrameHandler = handler;
    for (const frame of this.early.splice(0)) if (!this.closed) handler(frame);
  }

  onClose(handler: (reason: string) => void): void {
    this.onCloseHandler = handler;
  }

  private deliver(frame: LinkFrame): void {
    if (this.closed) return;
    if (this.onFrameHandler === null) this.early.push(frame);
    else this.onFrameHandler(frame);
  }

  private notifyClosed(reason: string): void {
    if (this.closeNotified) return;
    this.closeNotified = true;
    this.net.forget(this);
    this.onCloseHandler?.(reason);
  }
}

/** Every peer's link to its relay. */
export class PeerLinks {
  private readonly cuts = new Set<string>();
  private readonly open = new Map<string, Set<MemoryEnd>>();

  constructor(
    readonly timers: Timers,
    readonly clock: () => number,
    /** One-way delay of every frame. */
    readonly delayMs: number,
  ) {}

  /** How peer `peer` reaches its relay: after a round trip, a link whose other end `accept` got, or a failure while the peer is cut off. */
  dialer(peer: string, accept: (link: Link) => void): Dialer {
    return (done) => {
      this.timers.setTimeout(() => {
        if (this.cuts.has(peer)) {
          done(new Error(`sim: peer ${peer.slice(0, 8)} is cut off`));
          return;
        }
        const mine = new MemoryEnd(`sim ${peer.slice(0, 8)}->relay`, this, peer);
        const theirs = new MemoryEnd(`sim relay<-${peer.slice(0, 8)}`, this, peer);
        mine.other = theirs;
        theirs.other = mine;
        let ends = this.open.get(peer);
        if (ends === undefined) this.open.set(peer, (ends = new Set()));
        ends.add(mine).add(theirs);
        accept(theirs);
        done(null, mine);
      }, 2 * this.delayMs);
    };
  }

  /** Cut the peer off: its links die at once, both ends, with what was on its way. */
  cut(peer: string): void {
    this.cuts.add(peer);
    for (const end of [...(this.open.get(peer) ?? [])]) end.drop('sim: link cut');
    this.open.delete(peer);
  }

  heal(peer: string): void {
    this.cuts.delete(peer);
  }

  /** An end closed: nothing left to cut. */
  forget(end: MemoryEnd): void {
    this.open.get(end.peer)?.delete(end);
  }
}
