import { backoffDelay, type BackoffPolicy, type Clock } from '../../shared/clock';
import type { Random, Timers } from '../clock';
import { cursorFile, readCursor, writeCursor, type Cursor } from './cursorFile';
import type { Delivery, Sink } from './delivery';
import { nextBatch, type BatchLimits, type JournalReader } from './journalReader';
import { endpointOf, sinkKey, sinkLabel } from './sinkConfig';

// One sink's loop: read a batch after the cursor, send it, and move the
// cursor only once the receiver accepted it. Failures the receiver calls
// temporary are retried with backoff (its Retry-After honoured) for as long
// as it takes, or up to `maxAttempts` in one-shot runs; a refusal stops the
// sink with its reason. At least once: a crash or stop between the send and
// the cursor write sends that batch again, and receivers deduplicate by
// entry id.

export type SinkState = 'starting' | 'sending' | 'idle' | 'retrying' | 'done' | 'stopped' | 'failed';

export interface SinkStatus {
  kind: 'otlp' | 'hec';
  endpoint: string;
  state: SinkState;
  /** The highest rowid the receiver accepted. */
  cursor: number;
  /** Entries stored after the cursor, when last looked. */
  behind: number;
  /** Entries accepted in this run (a resent batch counts again). */
  forwarded: number;
  /** Failed attempts in a row for the current batch. */
  attempts: number;
  lastError: string | null;
  /** Why the sink stopped for good ('failed'). */
  failure: string | null;
}

export interface RetrySettings extends BackoffPolicy {
  /** A longer Retry-After is cut to this, so one answer cannot park the sink for hours. */
  maxRetryAfterMs: number;
  /** Give up after this many failed attempts at one batch; null: never (the forwarder in serve). */
  maxAttempts: number | null;
}

export const DEFAULT_SIEM_RETRY: RetrySettings = { baseMs: 500, maxMs: 30_000, maxRetryAfterMs: 5 * 60_000, maxAttempts: null };

export interface SinkForwarderDeps {
  reader: JournalReader;
  workspaceDir: string;
  clock: Clock;
  timers: Timers;
  random: Random;
  log: (line: string) => void;
  limits: BatchLimits;
  retry: RetrySettings;
  /** Keep following new entries (serve) or finish at the end of the journal (journal forward). */
  follow: boolean;
  /** How often to look for new entries when nothing wakes the forwarder. */
  pollMs: number;
}

export class SinkForwarder {
  private readonly label: string;
  private readonly file: string;
  private readonly abort = new AbortController();
  private wakeUp: (() => void) | null = null;
  private stopping = false;
  private readonly status: SinkStatus;

  constructor(
    private readonly sink: Sink,
    private readonly deps: SinkForwarderDeps,
  ) {
    this.label = `siem ${sinkLabel(sink.config)}`;
    this.file = cursorFile(deps.workspaceDir, sinkKey(sink.config));
    this.status = {
      kind: sink.config.kind,
      endpoint: endpointOf(sink.config),
      state: 'starting',
      cursor: 0,
      behind: 0,
      forwarded: 0,
      attempts: 0,
      lastError: null,
      failure: null,
    };
  }

  snapshot(): SinkStatus {
    return { ...this.status };
  }

  /** New entries may be there: stop waiting (an idle wait, not a backoff). */
  wake(): void {
    if (this.status.state === 'idle') this.wakeUp?.();
  }

  /** Stop soon: the request in flight is aborted (its batch is sent again next time). */
  stop(): void {
    this.stopping = true;
    this.abort.abort();
    this.wakeUp?.();
  }

  /** Forward until done (one-shot), stopped, or failed; resolves with the final status. */
  async run(): Promise<SinkStatus> {
    try {
      this.status.cursor = this.startingCursor();
      await this.loop();
    } catch (err) {
      this.fail((err as Error).message);
    }
    if (this.stopping && this.status.state !== 'failed') this.status.state = 'stopped';
    return this.snapshot();
  }

  private startingCursor(): number {
    const { reader } = this.deps;
    const stored = readCursor(this.file);
    const max = reader.maxRowid();
    let start = stored?.rowid ?? 0;
    if (stored !== null && stored.workspace !== reader.workspaceId) {
      this.deps.log(`${this.label}: cursor ${this.file} belongs to workspace ${stored.workspace}, not ${reader.workspaceId}: forwarding from the start`);
      start = 0;
    } else if (start > max) {
      // The journal was replaced (restored from a backup?): rowids past its end would skip new entries. Resend all.
      this.deps.log(`${this.label}: cursor at row ${start} but the journal ends at row ${max}: forwarding from the start`);
      start = 0;
    }
    this.deps.log(`${this.label}: forwarding after row ${start} (${max - start} rows behind)`);
    return start;
  }

  private async loop(): Promise<void> {
    const { reader, limits, clock } = this.deps;
    while (!this.stopping) {
      const observed = clock.now();
      const batch = nextBatch(reader, this.status.cursor, limits, (e) => this.sink.encode(e, observed));
      this.status.behind = Math.max(0, reader.maxRowid() - this.status.cursor);
      if (batch === null) {
        if (!this.deps.follow) {
          this.status.state = 'done';
          return;
        }
        this.status.state = 'idle';
        await this.pause(this.deps.pollMs);
        continue;
      }
      this.status.state = this.status.attempts > 0 ? 'retrying' : 'sending';
      const delivery = await this.sink.send(batch.records, this.abort.signal);
      if (delivery.ok) {
        this.accepted(batch.lastRowid, batch.records.length, delivery.note);
        continue;
      }
      // Stopped mid-request: the cursor stays, and the batch goes again next time.
      if (this.stopping) return;
      if (!delivery.retry) return this.fail(delivery.reason);
      await this.backoff(delivery);
    }
  }

  private accepted(rowid: number, count: number, note: string | null): void {
    const cursor: Cursor = {
      v: 1,
      kind: this.sink.config.kind,
      endpoint: this.status.endpoint,
      workspace: this.deps.reader.workspaceId,
      rowid,
      updatedAt: this.deps.clock.now(),
    };
    writeCursor(this.file, cursor);
    if (this.status.attempts > 0) this.deps.log(`${this.label}: delivering again after ${this.status.attempts} failed attempt(s)`);
    if (note !== null) this.deps.log(`${this.label}: ${note}`);
    this.status.cursor = rowid;
    this.status.forwarded += count;
    this.status.attempts = 0;
    this.status.lastError = null;
  }

  private async backoff(delivery: Extract<Delivery, { retry: true }>): Promise<void> {
    const { retry } = this.deps;
    this.status.attempts += 1;
    this.status.lastError = delivery.reason;
    this.status.state = 'retrying';
    if (retry.maxAttempts !== null && this.status.attempts >= retry.maxAttempts) {
      return this.fail(`gave up after ${this.status.attempts} attempts: ${delivery.reason}`);
    }
    const backoff = backoffDelay(retry, this.status.attempts, this.deps.random);
    // Never sooner than the receiver asked; jitter only on our own backoff.
    const asked = delivery.retryAfterMs === null ? 0 : Math.min(delivery.retryAfterMs, retry.maxRetryAfterMs);
    const delay = Math.max(asked, backoff);
    this.deps.log(`${this.label}: ${delivery.reason}; attempt ${this.status.attempts} failed, retrying in ${Math.ceil(delay / 1000)} s`);
    await this.pause(delay);
  }

  private fail(reason: string): void {
    this.status.state = 'failed';
    this.status.failure = reason;
    this.deps.log(`${this.label}: stopped, entries after row ${this.status.cursor} not forwarded: ${reason}`);
  }

  /** Wait `ms`, or less if woken or stopped. */
  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        cancel();
        this.wakeUp = null;
        resolve();
      };
      const cancel = this.deps.timers.setTimeout(done, ms);
      this.wakeUp = done;
    });
  }
}
