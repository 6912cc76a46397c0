// A real host for the renderer's live state: a Workspace and its ChangeFeed on
// a temp dir (SQLite and all), an ApiClient that answers from it through the
// real API handlers with JSON and the contract's schemas in between (as the
// wire does), and a second member's device that writes offline, so its
// entries reach the host late and sort before entries already folded.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeCrypto, signerFromSeed } from '../../../../main/crypto';
import { handle } from '../../../../main/api';
import { ChangeFeed, Workspace } from '../../../../main/workspace';
import { toBase64Url } from '../../../../shared/bytes';
import type { JsonValue } from '../../../../shared/canonical';
import { HLC_ZERO, ManualClock, tickHlc, type Hlc } from '../../../../shared/clock';
import {
  MAX_FRAME_BYTES,
  StateChangedEventSchema,
  methods,
  type ApiClient,
  type MethodName,
  type ParamsOf,
  type Result,
  type ResultOf,
  type StateChangedEvent,
} from '../../../../shared/api';
import { signEntry, toWire, type Entry, type Signer, type WireEntry } from '../../../../shared/journal';

export const T0 = 1_750_000_000_000;
export const SERVICES = ['web', 'api', 'db'] as const;

export function seededSigner(n: number): Signer {
  const seed = new Uint8Array(32).fill(n);
  return signerFromSeed(toBase64Url(seed));
}

/** Another member's device: signs its own chain on its own (lagging) clock; nothing reaches the host until delivered. */
export class RemoteDevice {
  private seq = 0;
  private prev: string | null = null;
  private hlc: Hlc = HLC_ZERO;
  private outbox: Entry[] = [];

  constructor(
    readonly signer: Signer,
    private readonly ws: string,
  ) {}

  write(wall: number, kind: string, body: JsonValue): Entry {
    this.hlc = tickHlc(this.hlc, wall);
    this.seq += 1;
    const entry = signEntry(nodeCrypto, this.signer, { ws: this.ws, seq: this.seq, prev: this.prev, hlc: this.hlc, kind }, body);
    this.prev = entry.id;
    this.outbox.push(entry);
    return entry;
  }

  /** Everything written since the last delivery, in chain order. */
  take(): WireEntry[] {
    const out = this.outbox.map(toWire);
    this.outbox = [];
    return out;
  }
}

export interface LiveHost {
  dir: string;
  clock: ManualClock;
  feed: ChangeFeed;
  incident: string;
  remote: RemoteDevice;
  /** Events the feed emitted since the last drain, after a JSON round trip and the contract's schema. */
  drain(): StateChangedEvent[];
  client: ApiClient;
  close(): void;
}

const manualTurns = { every: () => () => undefined, soon: () => undefined };

/** A workspace with three services, an incident and a second member (a responder on device 2). */
export function openLiveHost(): LiveHost {
  const dir = mkdtempSync(join(tmpdir(), 'cp-live-'));
  const clock = new ManualClock(T0);
  const admin = seededSigner(1);
  const bob = seededSigner(2);
  const ws = Workspace.create({ dir, name: 'Live', creatorName: 'Ada', signer: admin, clock });
  ws.append('roster.memberPut', { member: bob.publicKey, name: 'Bob', roles: ['responder'], teams: [] });
  for (const service of SERVICES) ws.append('catalog.servicePut', { service, name: service.toUpperCase() });
  const incident = ws.append('incident.open', { title: 'Checkout errors', severity: 2 }).id;
  const id = ws.id;
  ws.close();
  // Later changes come well after the setup, so the second device's lagging entries mostly sort after the renderer's first snapshot.
  clock.advance(10_000);
  // Polled by hand after every step (the host polls every 200 ms), so each step's events are known.
  const feed = ChangeFeed.open({ dir, clock, signer: admin, scheduler: manualTurns });
  const events: StateChangedEvent[] = [];
  feed.onChange((event) => {
    const text = JSON.stringify({ event });
    if (Buffer.byteLength(text) > MAX_FRAME_BYTES) throw new Error(`event of ${Buffer.byteLength(text)} bytes exceeds the frame limit`);
    events.push(StateChangedEventSchema.parse((JSON.parse(text) as { event: unknown }).event));
  });
  return {
    dir,
    clock,
    feed,
    incident,
    remote: new RemoteDevice(bob, id),
    drain: () => events.splice(0),
    client: loopbackClient(feed),
    close: () => {
      feed.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** An ApiClient answering from the feed's workspace through the real handlers; events are fed to the store by the test. */
export function loopbackClient(feed: ChangeFeed): ApiClient {
  return {
    async call<M extends MethodName>(method: M, params: ParamsOf<M>): Promise<Result<ResultOf<M>>> {
      await Promise.resolve();
      const result = handle(feed.workspace, method, params, { stateHash: () => feed.stateHash(), append: (d) => feed.append(d) });
      if (!result.ok) return result;
      const value = methods[method].result.parse(JSON.parse(JSON.stringify(result.value)));
      return { ok: true, value: value as ResultOf<M> };
    },
    onStateChanged: () => () => undefined,
    onSyncChanged: () => () => undefined,
    onConnection: (listener) => {
      listener('online');
      return () => undefined;
    },
  };
}

/** Let pending promise chains (a snapshot fetch) run to the end. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
