import type { EventFrame, ResponseFrame, Result, Session } from '../../shared/api';
import type { Clock } from '../../shared/clock';
import type { Signer } from '../../shared/journal';
import { handle, respondToFrame } from '../api';
import type { Scheduler } from '../clock';
import type { SecretSource } from '../connectors';
import { DispatchService } from '../dispatch';
import { ExerciseTicker } from '../exercise';
import { PlaybookService } from '../playbook';
import { Federation, NatsStream, sqliteCursorStore, streamName, type FederationTarget } from '../federation';
import { PeerSync } from '../sync';
import { ChangeFeed } from '../workspace';

// The one composition of the core: the workspace's change feed, peer sync,
// the dispatcher, the playbook service and the exercise ticker, with the API
// (main/api) over them. `commandpost serve` carries it over HTTP and a
// WebSocket (main/host); the desktop app runs it in an Electron utility
// process and carries it over a MessagePort (coreProcess.ts, main/app).
// Nothing here knows which transport carries it.

export interface CoreOptions {
  /** Workspace directory (holds journal.sqlite). */
  workspaceDir: string;
  /** This device: the API signs entries with it. */
  signer: Signer;
  clock: Clock;
  scheduler?: Scheduler;
  /** Problems the core cannot return to a caller (never params, never secrets). */
  log: (line: string) => void;
  /** What session:get reports; the transport that carries this core. */
  transport: Session['transport'];
  /** Run peer sync: serve peers (the host's /sync) and dial the listed ones (default true). */
  sync?: boolean;
  /** Connector credentials: given, the core runs the dispatcher for the actions this device executes. */
  secrets?: SecretSource;
  /** dispatch.yaml instead of <workspace>/dispatch.yaml. */
  dispatchConfig?: string;
  /** Federate this room with others through a NATS JetStream stream (needs sync). */
  federate?: FederationTarget;
}

export interface Core {
  readonly feed: ChangeFeed;
  /** Peer sync, unless opened without it; a host sets `sync.syncUrl` before start(). */
  readonly sync: PeerSync | null;
  /** Federation with other rooms, if opened with `federate`. */
  readonly federation: Federation | null;
  /** The dispatcher, if this core was given secrets and dispatch.yaml is usable. */
  readonly dispatch: DispatchService | null;
  /** This device's member key. */
  readonly me: string;
  /** One API call; never throws. */
  handle(method: string, params: unknown): Result<unknown>;
  /** One request frame (JSON text) in, its response frame out; never throws. */
  respond(frameText: string): ResponseFrame;
  /** Every state:changed and sync:changed event, as the frame a transport sends on. */
  onEvent(listener: (frame: EventFrame) => void): () => void;
  /** Start watching the journal, the services and peer sync. */
  start(): void;
  /** Stop everything, checkpoint the projection and close the journal. Idempotent. */
  close(): void;
}

/** A broken dispatch.yaml must not keep the console from starting: say what is wrong; this device sends nothing until it is fixed. */
function openDispatch(feed: ChangeFeed, opts: CoreOptions & { secrets: SecretSource }): DispatchService | null {
  try {
    return new DispatchService({
      feed,
      clock: opts.clock,
      secrets: opts.secrets,
      log: opts.log,
      ...(opts.dispatchConfig !== undefined ? { configFile: opts.dispatchConfig } : {}),
    });
  } catch (err) {
    opts.log(`not dispatching actions: ${err instanceof Error ? err.message : String(err)}; fix it and restart`);
    return null;
  }
}

/** The relay's federation: over peer sync's journal, so entries from other rooms reach this room's peers as any other. */
function openFederation(feed: ChangeFeed, sync: PeerSync, target: FederationTarget, opts: CoreOptions): Federation {
  const workspace = feed.workspace.id;
  const federation = new Federation({
    journal: sync.journal,
    stream: new NatsStream(target, workspace, opts.signer.publicKey),
    cursor: sqliteCursorStore(() => feed.workspace.store.db, streamName(workspace)),
    clock: opts.clock,
    log: opts.log,
  });
  sync.federation = federation;
  return federation;
}

/** Open the core over one workspace. Nothing runs until start(). */
export function openCore(opts: CoreOptions): Core {
  const { clock, log } = opts;
  const scheduler = opts.scheduler ? { scheduler: opts.scheduler } : {};
  const feed = ChangeFeed.open({
    dir: opts.workspaceDir,
    clock,
    signer: opts.signer,
    ...scheduler,
    onError: (err) => log(`watching the journal failed: ${err.message}`),
  });
  let sync: PeerSync | null = null;
  let dispatch: DispatchService | null = null;
  try {
    sync = opts.sync === false ? null : new PeerSync({ feed, signer: opts.signer, clock, log });
    dispatch = opts.secrets === undefined ? null : openDispatch(feed, { ...opts, secrets: opts.secrets });
  } catch (err) {
    sync?.close();
    feed.close();
    throw err;
  }
  if (opts.federate !== undefined && sync === null) throw new Error('federation needs peer sync: this core was opened without it');
  const federation = opts.federate === undefined || sync === null ? null : openFederation(feed, sync, opts.federate, opts);
  // Fires scenario injects on time while this device facilitates a running exercise.
  const ticker = new ExerciseTicker({ feed, clock, log });
  // Playbook runs this device started go on by themselves: after each change, and when a wait comes due.
  const playbooks = new PlaybookService({ feed, clock, log, ...scheduler });

  const run = (method: string, params: unknown): Result<unknown> =>
    handle(feed.workspace, method, params, {
      transport: opts.transport,
      clock,
      append: (draft) => feed.append(draft),
      appendMany: (drafts) => feed.appendMany(drafts),
      stateHash: () => feed.stateHash(),
      log,
      ...(sync !== null ? { sync } : {}),
      ...(dispatch !== null ? { dispatch } : {}),
    });

  const listeners = new Set<(frame: EventFrame) => void>();
  const emit = (frame: EventFrame): void => {
    for (const listener of listeners) listener(frame);
  };
  const offFeed = feed.onChange((event) => emit({ event }));
  const offSync = sync?.onChange((event) => emit({ event })) ?? (() => undefined);

  let closed = false;
  return {
    feed,
    sync,
    federation,
    dispatch,
    me: opts.signer.publicKey,
    handle: (method, params) => {
      const result = run(method, params);
      if (!result.ok && result.error.code === 'internal') log(`internal error in ${method}: ${result.error.message}`);
      return result;
    },
    respond(frameText) {
      const response = respondToFrame(frameText, run);
      if (!response.ok && response.error.code === 'internal') log(`internal error: ${response.error.message}`);
      return response;
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    start() {
      feed.start();
      ticker.start();
      playbooks.start();
      dispatch?.start();
      sync?.start();
      federation?.start();
    },
    close() {
      if (closed) return;
      closed = true;
      ticker.close();
      offFeed();
      offSync();
      listeners.clear();
      // Stops at once (nothing more is imported); the NATS connection drains after.
      federation?.close().catch((err: unknown) => log(`federation: closing: ${err instanceof Error ? err.message : String(err)}`));
      sync?.close();
      dispatch?.close();
      playbooks.close();
      feed.close();
    },
  };
}
