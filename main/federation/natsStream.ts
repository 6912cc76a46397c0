import { readFileSync } from 'node:fs';
import {
  AckPolicy,
  DeliverPolicy,
  ErrorCode,
  Events,
  NatsError,
  RetentionPolicy,
  StorageType,
  connect,
  nanos,
  type ConnectionOptions,
  type Consumer,
  type ConsumerMessages,
  type JsMsg,
  type JetStreamClient,
  type JetStreamManager,
  type NatsConnection,
} from 'nats';
import { MessageRefused, type EntryStream, type PublishAck, type StreamMessage } from './entryStream';
import { authorSubject, consumerName, streamName, workspaceSubjects } from './subjects';
import type { FederationTarget } from './target';

// The stream on NATS JetStream. The client reconnects by itself, forever,
// through a broken uplink; what fails while the link is down (a publish, a
// pull) fails with the reason and Federation tries again. Room relays
// normally reach the hub's JetStream through a local leaf node; the hub's
// JetStream domain (target.domain) routes the API calls across it.

/** How long the stream remembers message ids: a relay that republishes after a crash within it adds no duplicate. */
const DUPLICATE_WINDOW_MS = 2 * 3_600_000;
/**
 * A delivery not acknowledged within this is delivered again. Deliveries on
 * their way when a link drops are lost to the relay until then, and the
 * entries after them in their authors' chains wait for them: short, so a
 * healed site converges in seconds; long enough for a pull's import.
 */
export const ACK_WAIT_MS = 10_000;
/** Deliveries in flight per relay: enough for a catch-up to arrive in large imports. */
const MAX_ACK_PENDING = 20_000;
/** A JetStream API call or publish that gets no answer in this is failed (the link is probably down). */
const REQUEST_TIMEOUT_MS = 5_000;

// JetStream API error codes (nats-server's errors.json).
const STREAM_NOT_FOUND = 10059;
const CONSUMER_NOT_FOUND = 10014;
const NO_MESSAGE_FOUND = 10037;

/** How long closing waits for the client to flush before it closes anyway. */
const CLOSE_DRAIN_MS = 2_000;

/** How long one pull request stands at the server. */
const PULL_EXPIRES_MS = 5_000;

/** Deliveries the client keeps requested ahead of the relay. */
const CONSUME_BATCH = 1_000;

function wrap(m: JsMsg): StreamMessage {
  return {
    data: m.data,
    redeliveries: m.info.deliveryCount - 1,
    pending: m.info.pending,
    ack: () => m.ack(),
    nak: (delayMs) => m.nak(delayMs),
    term: () => m.term(),
  };
}

const apiCode = (err: unknown): number | undefined => (err instanceof NatsError ? err.api_error?.err_code : undefined);

/** What a NATS failure means to an operator. */
export function describeNatsError(err: unknown, target: FederationTarget): string {
  if (err instanceof NatsError) {
    if (err.code === ErrorCode.NoResponders || err.code === ErrorCode.JetStreamNotEnabled)
      return target.domain === null
        ? `no JetStream answers at ${target.label} (through a leaf node, give the hub's JetStream domain: --federate-domain NAME)`
        : `no JetStream answers in domain ${target.domain} at ${target.label} (is the hub reachable, and is its jetstream domain ${target.domain}?)`;
    if (err.code === ErrorCode.AuthorizationViolation) return `NATS refused the credentials for ${target.label} (check --federate-secret)`;
    if (err.code === ErrorCode.Timeout) return `no answer from ${target.label} in ${REQUEST_TIMEOUT_MS / 1000} s (link down?)`;
    if (err.code === ErrorCode.ConnectionRefused) return `cannot reach ${target.label} (connection refused)`;
    return `${target.label}: ${err.message}`;
  }
  return `${target.label}: ${err instanceof Error ? err.message : String(err)}`;
}

function connectionOptions(target: FederationTarget, device: string): ConnectionOptions {
  const opts: ConnectionOptions = {
    servers: target.servers,
    name: `commandpost ${device.slice(0, 12)}`,
    // A site's uplink may be down for hours: once connected, the client reconnects forever (a first connect that fails is retried by Federation).
    maxReconnectAttempts: -1,
    reconnectTimeWait: 1_000,
    timeout: REQUEST_TIMEOUT_MS,
  };
  if (target.user !== null) {
    opts.user = target.user;
    if (target.secret !== null) opts.pass = target.secret;
  } else if (target.secret !== null) opts.token = target.secret;
  if (target.tls) opts.tls = target.caFile !== null ? { ca: readFileSync(target.caFile, 'utf8') } : {};
  return opts;
}

export class NatsStream implements EntryStream {
  readonly label: string;
  private nc: NatsConnection | null = null;
  private js: JetStreamClient | null = null;
  private jsm: JetStreamManager | null = null;
  private consumer: Consumer | null = null;
  private readonly stream: string;
  private readonly durable: string;
  private up = false;
  /** Deliveries received and not yet pulled, and a pull waiting for them. */
  private buffer: StreamMessage[] = [];
  private wake: (() => void) | null = null;
  private messages: ConsumerMessages | null = null;
  private broken: Error | null = null;

  constructor(
    private readonly target: FederationTarget,
    private readonly workspace: string,
    private readonly device: string,
  ) {
    this.label = target.label;
    this.stream = streamName(workspace);
    this.durable = consumerName(device);
  }

  async open(): Promise<string> {
    if (this.nc === null) {
      this.nc = await connect(connectionOptions(this.target, this.device));
      this.up = true;
      void this.watch(this.nc);
    }
    const jsOpts = { timeout: REQUEST_TIMEOUT_MS, ...(this.target.domain !== null ? { domain: this.target.domain } : {}) };
    this.jsm = await this.nc.jetstreamManager(jsOpts);
    this.js = this.nc.jetstream(jsOpts);
    const created = await this.ensureStream(this.jsm);
    await this.ensureConsumer(this.jsm);
    this.consumer = await this.js.consumers.get(this.stream, this.durable);
    await this.consume(this.consumer);
    return created;
  }

  /**
   * Messages flow in as they are published (a pull request kept open and
   * refilled by the client), not fetched in fixed batches: a fetch waits
   * for a full batch or its expiry, which is latency on every quiet link.
   */
  private async consume(consumer: Consumer): Promise<void> {
    await this.messages?.close();
    this.buffer = [];
    this.broken = null;
    const messages = await consumer.consume({
      max_messages: CONSUME_BATCH,
      // Pull requests renewed every few seconds (heartbeats at half that): one lost with a dropped link costs seconds, not the default 30.
      expires: PULL_EXPIRES_MS,
      // The stream or the consumer is gone (the hub lost its store): fail the pulls, so the relay opens them again.
      abort_on_missing_resource: true,
      callback: (m) => {
        this.buffer.push(wrap(m));
        // One wake-up per burst: the client hands over a whole read's messages before the next turn.
        if (this.wake !== null) setImmediate(this.wake);
        this.wake = null;
      },
    });
    this.messages = messages;
    void messages.closed().then((err) => {
      if (this.messages !== messages) return;
      this.broken = err instanceof Error ? err : new Error(`the consumer of ${this.stream} stopped`);
      this.wake?.();
    });
  }

  /** The stream's creation time: a stream lost and made again is another incarnation. */
  private async ensureStream(jsm: JetStreamManager): Promise<string> {
    try {
      return (await jsm.streams.info(this.stream)).created;
    } catch (err) {
      if (apiCode(err) !== STREAM_NOT_FOUND) throw err;
      const info = await jsm.streams.add({
        name: this.stream,
        subjects: [workspaceSubjects(this.workspace)],
        storage: StorageType.File,
        // The stream is the federation's copy of the journal: nothing expires (the archive keeps history off-site).
        retention: RetentionPolicy.Limits,
        duplicate_window: nanos(DUPLICATE_WINDOW_MS),
      });
      return info.created;
    }
  }

  private async ensureConsumer(jsm: JetStreamManager): Promise<void> {
    try {
      const info = await jsm.consumers.info(this.stream, this.durable);
      // A consumer made by an earlier version keeps its settings: bring the ack wait to this one's.
      if (info.config.ack_wait !== nanos(ACK_WAIT_MS)) await jsm.consumers.update(this.stream, this.durable, { ack_wait: nanos(ACK_WAIT_MS) });
    } catch (err) {
      if (apiCode(err) !== CONSUMER_NOT_FOUND) throw err;
      await jsm.consumers.add(this.stream, {
        durable_name: this.durable,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        ack_wait: nanos(ACK_WAIT_MS),
        max_ack_pending: MAX_ACK_PENDING,
      });
    }
  }

  async publish(author: string, msgId: string, data: Uint8Array): Promise<PublishAck> {
    const js = this.ready().js;
    try {
      const subject = authorSubject(this.workspace, author);
      const ack = await js.publish(subject, data, { msgID: msgId, timeout: REQUEST_TIMEOUT_MS, expect: { streamName: this.stream } });
      return { duplicate: ack.duplicate };
    } catch (err) {
      if (err instanceof NatsError && err.code === ErrorCode.MaxPayloadExceeded)
        throw new MessageRefused(`${data.length} bytes is over the NATS server's max_payload (raise it to 4MB in its configuration)`);
      throw err;
    }
  }

  async last(author: string): Promise<Uint8Array | null> {
    try {
      const msg = await this.ready().jsm.streams.getMessage(this.stream, { last_by_subj: authorSubject(this.workspace, author) });
      return msg.data;
    } catch (err) {
      if (apiCode(err) === NO_MESSAGE_FOUND) return null;
      throw err;
    }
  }

  async pull(max: number, waitMs: number): Promise<StreamMessage[]> {
    this.ready();
    if (this.buffer.length === 0 && this.broken === null) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.wake = null;
          resolve();
        }, waitMs);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    if (this.buffer.length === 0 && this.broken !== null) throw this.broken;
    return this.buffer.splice(0, max);
  }

  async lag(): Promise<number> {
    const info = await this.ready().consumer.info(false);
    return info.num_pending + info.num_ack_pending;
  }

  describe(err: unknown): string {
    return describeNatsError(err, this.target);
  }

  connected(): boolean {
    return this.nc !== null && !this.nc.isClosed() && this.up;
  }

  /** Follow the client's link events: the status shows a cut uplink at once, not at the next failed call. */
  private async watch(nc: NatsConnection): Promise<void> {
    for await (const s of nc.status()) {
      if (s.type === Events.Disconnect) this.up = false;
      else if (s.type === Events.Reconnect) {
        this.up = true;
        // The client renews its pulls by itself, but only if JetStream answers at that moment; through a
        // leaf node that is back before its own link to the hub, it does not, and the pulls stay silent.
        // So the relay opens the stream again (with its backoff) and consumes afresh.
        this.broken = new Error(`the link to ${this.label} came back: opening the stream again`);
        this.wake?.();
      }
    }
  }

  async close(): Promise<void> {
    const nc = this.nc;
    this.nc = null;
    const messages = this.messages;
    this.messages = null;
    this.wake?.();
    // Deliveries not pulled yet go back to the stream at once rather than after the ack wait.
    for (const m of this.buffer.splice(0)) m.nak(0);
    await messages?.close().catch(() => undefined);
    if (nc === null || nc.isClosed()) return;
    // Drain flushes acks still in the client's buffer; with the server unreachable it never ends, so it gets a moment and no more.
    const drained = this.up ? nc.drain().catch(() => undefined) : Promise.resolve();
    await Promise.race([drained, new Promise((resolve) => setTimeout(resolve, CLOSE_DRAIN_MS).unref())]);
    if (!nc.isClosed()) await nc.close();
  }

  private ready(): { js: JetStreamClient; jsm: JetStreamManager; consumer: Consumer } {
    if (this.js === null || this.jsm === null || this.consumer === null) throw new Error(`federation stream ${this.stream} is not open`);
    return { js: this.js, jsm: this.jsm, consumer: this.consumer };
  }
}
