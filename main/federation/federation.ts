import type { FederationStatus } from '../../shared/api';
import { backoffDelay, DEFAULT_BACKOFF, type Clock } from '../../shared/clock';
import { nodeTimers, systemRandom, type Timers } from '../clock';
import type { SyncJournal } from '../sync';
import type { CursorStore } from './cursorStore';
import type { EntryStream } from './entryStream';
import { DEFAULT_INBOX_OPTIONS, Inbox, type InboxOptions, type Refusal } from './inbox';
import { Publisher } from './publisher';

// One room relay's federation: it publishes what its journal holds to the
// workspace's stream and imports what the stream holds, both from durable
// positions (its cursor in the workspace, its consumer in the stream), so a
// cut uplink only delays: when the link returns, each side sends what the
// other lacks. Peer sync (main/sync) stays the way devices in one room
// reach the relay; federation is the way relays of many rooms reach each other.

export interface FederationOptions {
  journal: SyncJournal;
  stream: EntryStream;
  cursor: CursorStore;
  clock: Clock;
  log: (line: string) => void;
  timers?: Timers;
  random?: () => number;
  inbox?: Partial<InboxOptions>;
  /** Messages per pull, and how long a pull waits for the first. */
  pullBatch?: number;
  pullWaitMs?: number;
  /** How often the stream is asked how far behind this relay is. */
  lagEveryMs?: number;
}

const PUBLISH_RETRY_MS = 2_000;

export class Federation {
  private readonly timers: Timers;
  private readonly inbox: Inbox;
  private readonly publisher: Publisher;
  private readonly unsubscribe: () => void;
  private opened = false;
  private closed = false;
  private started = false;
  /** The pull loop has seen the stream run dry since it opened. */
  private caughtUp = false;
  private publishing = false;
  private publishAgain = false;
  private publishTimer: (() => void) | null = null;
  private lagTimer: (() => void) | null = null;
  private loop: Promise<void> = Promise.resolve();
  private reason: string | null = null;
  private publishReason: string | null = null;
  private behind: number | null = null;
  private published = 0;
  private received = 0;
  private refused = 0;
  private lastRefusal: string | null = null;
  private lastActivity: number | null = null;
  private wake: (() => void) | null = null;

  constructor(private readonly opts: FederationOptions) {
    this.timers = opts.timers ?? nodeTimers;
    this.publisher = new Publisher(opts.journal, opts.stream, opts.cursor, () => this.caughtUp);
    this.inbox = new Inbox(
      opts.journal,
      {
        refused: (r) => this.onRefused(r),
        stored: (entries) => this.publisher.noteInStream(entries),
      },
      { ...DEFAULT_INBOX_OPTIONS, ...opts.inbox },
    );
    // Whatever the room stores (its own appends, its peers' entries) may be news for the other rooms.
    this.unsubscribe = opts.journal.onStored(() => this.schedulePublish(0));
  }

  get label(): string {
    return this.opts.stream.label;
  }

  start(): void {
    if (this.started || this.closed) return;
    this.started = true;
    this.loop = this.run();
    this.pollLag();
  }

  status(): FederationStatus {
    const state = !this.opened ? 'connecting' : this.opts.stream.connected() ? 'connected' : 'disconnected';
    return {
      url: this.opts.stream.label,
      state,
      reason: this.reason ?? this.publishReason,
      unpublished: this.publisher.unpublished(),
      behind: this.behind,
      published: this.published,
      received: this.received,
      refused: this.refused,
      lastRefusal: this.lastRefusal,
      lastActivity: this.lastActivity,
    };
  }

  /** Stop pulling and publishing; what is held unacknowledged goes back to the stream. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.unsubscribe();
    this.publishTimer?.();
    this.lagTimer?.();
    this.wake?.();
    await this.loop;
    this.inbox.release();
    await this.opts.stream.close();
  }

  private async run(): Promise<void> {
    let attempt = 0;
    const batch = this.opts.pullBatch ?? 1_000;
    while (!this.closed) {
      if (!this.opened) {
        try {
          this.publisher.open(await this.opts.stream.open());
          this.opened = true;
          this.reason = null;
          attempt = 0;
          this.opts.log(`federation: connected to ${this.label}`);
          this.schedulePublish(0);
        } catch (err) {
          const reason = this.opts.stream.describe(err);
          if (reason !== this.reason) this.opts.log(`federation: ${reason}; retrying`);
          this.reason = reason;
          await this.sleep(backoffDelay(DEFAULT_BACKOFF, ++attempt, this.opts.random ?? systemRandom));
        }
        continue;
      }
      try {
        const msgs = await this.opts.stream.pull(batch, this.opts.pullWaitMs ?? 1_000);
        if (this.closed) {
          for (const m of msgs) m.nak(0);
          break;
        }
        // Caught up when the last delivery says nothing more is pending (not merely a short pull: a catch-up arrives in bursts).
        const drained = msgs.length === 0 || msgs[msgs.length - 1]!.pending === 0;
        if (msgs.length > 0) {
          this.received += this.inbox.receive(msgs, drained);
          this.lastActivity = this.opts.clock.now();
        }
        if (drained) {
          // A catch-up arrives in many imports; entries sorting before local ones are folded once, now.
          this.opts.journal.settle();
          if (!this.caughtUp) this.schedulePublish(0);
          this.caughtUp = true;
        }
        this.reason = null;
      } catch (err) {
        if (this.closed) break;
        this.reason = this.opts.stream.describe(err);
        // The link is up but the stream or the consumer fails: open again (creates them if the hub lost them).
        if (this.opts.stream.connected()) this.opened = false;
        await this.sleep(1_000);
      }
    }
  }

  private schedulePublish(ms: number): void {
    if (this.closed || !this.opened) return;
    if (this.publishing) {
      this.publishAgain = true;
      return;
    }
    // Later, not now: entries just imported from the stream are first noted as in it.
    this.publishTimer?.();
    this.publishTimer = this.timers.setTimeout(() => void this.publish(), ms);
  }

  private async publish(): Promise<void> {
    this.publishTimer = null;
    this.publishing = true;
    try {
      do {
        this.publishAgain = false;
        const pass = await this.publisher.pass();
        this.published += pass.published;
        if (pass.published > 0) this.lastActivity = this.opts.clock.now();
        this.publishReason = null;
        if (pass.more) this.publishAgain = true;
      } while (this.publishAgain && !this.closed);
    } catch (err) {
      this.publishing = false;
      // Closing mid-publish: the cursor holds what was acknowledged; the rest goes at the next start.
      if (this.closed) return;
      const reason = `publishing: ${this.opts.stream.describe(err)}`;
      if (reason !== this.publishReason) this.opts.log(`federation: ${reason}; retrying`);
      this.publishReason = reason;
      this.schedulePublish(PUBLISH_RETRY_MS);
      return;
    }
    this.publishing = false;
  }

  private pollLag(): void {
    const tick = async (): Promise<void> => {
      if (this.closed) return;
      if (this.opened && this.opts.stream.connected()) {
        try {
          this.behind = await this.opts.stream.lag();
        } catch {
          // The pull loop reports why the stream is unreachable, and opens it again if it is gone.
          this.behind = null;
        }
      }
      if (!this.closed) this.lagTimer = this.timers.setTimeout(() => void tick(), this.opts.lagEveryMs ?? 2_000);
    };
    void tick();
  }

  private onRefused(r: Refusal): void {
    this.refused += 1;
    const what = r.id === null ? 'a message' : `entry ${r.id} (author ${r.author}, seq ${r.seq})`;
    this.lastRefusal = `${what}: ${r.reason}`;
    this.opts.log(`federation: refused ${this.lastRefusal}`);
  }

  /** Wait, unless closed meanwhile (close() must not wait out a long backoff). */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const cancel = this.timers.setTimeout(() => {
        this.wake = null;
        resolve();
      }, ms);
      this.wake = () => {
        cancel();
        this.wake = null;
        resolve();
      };
    });
  }
}
