// What federation needs of a message stream: one per workspace, shared by
// every room relay of it, holding each entry once (the message id is the
// entry id, so a second publish of it is a duplicate), with a durable
// cursor per relay. JetStream is the real one (natsStream.ts); the
// simulation runs many relays over one in-process stream (memoryStream.ts)
// through the same Federation code.

/** One delivery from the stream to this relay's durable consumer. */
export interface StreamMessage {
  /** The message's bytes: a WireEntry as JSON, if the publisher was honest. */
  readonly data: Uint8Array;
  /** How many times this message was delivered to this consumer before (0 on the first delivery). */
  readonly redeliveries: number;
  /** Messages of the stream after this one not yet delivered to this consumer: 0 means caught up. */
  readonly pending: number;
  /** Done with it: stored, already held, or refused for good. */
  ack(): void;
  /** Not now: deliver it again later (it waits for an earlier entry or a roster entry). */
  nak(delayMs: number): void;
  /** Never again: it can never be stored (forged, malformed). */
  term(): void;
}

export interface PublishAck {
  /** The stream had it already (published by another relay, or by this one before a crash). */
  duplicate: boolean;
}

/** Why a publish failed, when it is the message and not the link. */
export class MessageRefused extends Error {}

export interface EntryStream {
  /** Where it is (no credentials), for status and logs. */
  readonly label: string;
  /** Connect and create the stream and this relay's consumer if missing. Resolves to the stream's incarnation (its creation time); rejects with the reason. */
  open(): Promise<string>;
  /** Append one message (subject names the author); resolves once the stream stored it. Throws MessageRefused for a message it will never take. */
  publish(author: string, msgId: string, data: Uint8Array): Promise<PublishAck>;
  /** The last message the stream holds for this author (its highest seq, as publishers publish in chain order), or null. */
  last(author: string): Promise<Uint8Array | null>;
  /** Up to `max` messages for this relay as soon as there are any, waiting at most `waitMs` for the first. */
  pull(max: number, waitMs: number): Promise<StreamMessage[]>;
  /** Messages of the stream this relay's consumer has not acknowledged yet. */
  lag(): Promise<number>;
  /** A failure of this stream as an operator should read it. */
  describe(err: unknown): string;
  /** Whether the link is up now (the client reconnects by itself). */
  connected(): boolean;
  close(): Promise<void>;
}
