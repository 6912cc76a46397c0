import { z } from 'zod';
import { KIND_NAMES } from '../entries/catalogue';
import { HeaderSchema } from '../journal/format';
import { actionMethods } from './actionMethods';
import { catalogMethods } from './catalogMethods';
import { exerciseMethods } from './exerciseMethods';
import { playbookMethods } from './playbookMethods';
import { ProjectionBaseSchema, StateSnapshotSchema } from './workspaceState';

// The one API between the UI and the core, declared once. The Electron IPC
// binding (main/app + preload) and the WebSocket host (main/host) are both
// checked against these schemas, and the renderer reaches the core only
// through an ApiClient built on them. Channel names read `capability:verb`;
// every result crosses the boundary as data: { ok: true, value } | { ok: false, error }.

/** Largest request or event frame, in bytes, either transport accepts. */
export const MAX_FRAME_BYTES = 2 * 1024 * 1024;

const JsonObject = z.record(z.string(), z.unknown());

/** A journal entry as the UI sees it (body null when redacted); also what the fold takes (shared/state FoldEntry). */
export const TimelineEntrySchema = z.object({
  id: z.string(),
  header: HeaderSchema,
  body: z.json().nullable(),
  redactedBy: z.string().nullable(),
  /** Set when the fold rejected the entry. */
  rejected: z.object({ category: z.enum(['unauthorized', 'invalid']), reason: z.string() }).nullable(),
});
export type TimelineEntry = z.infer<typeof TimelineEntrySchema>;

export const SessionSchema = z.object({
  workspaceId: z.string(),
  workspaceName: z.string(),
  /** Public key the host signs this client's commands with. */
  me: z.string(),
  transport: z.enum(['electron-ipc', 'websocket']),
});
export type Session = z.infer<typeof SessionSchema>;

/** One peer as this device's sync sees it (persisted by the host, so the CLI shows the same). */
export const PeerStatusSchema = z.object({
  /** The peer's URL; for a peer that dialled in, where it came from. */
  url: z.string(),
  /** outbound: a listed peer this device dials; inbound: a peer that dialled this host. */
  direction: z.enum(['outbound', 'inbound']),
  /** connecting: dialling or in the handshake; connected: syncing; failed: waiting to retry, `reason` says why. */
  status: z.enum(['new', 'connecting', 'connected', 'failed']),
  reason: z.string().nullable(),
  /** Plain ws:// off loopback: entries are signed but readable on the path. */
  insecure: z.boolean(),
  /** The peer's device key, once a handshake proved it. */
  device: z.string().nullable(),
  lastSeen: z.number().int().nullable(),
  /** Entries the peer holds that this device lacks, and the other way round (last known; null before the first handshake). */
  weLack: z.number().int().nullable(),
  theyLack: z.number().int().nullable(),
});
export type PeerStatus = z.infer<typeof PeerStatusSchema>;

/** A room relay's federation with other rooms over a NATS JetStream stream (`serve --federate`). */
export const FederationStatusSchema = z.object({
  /** The NATS servers (no credentials). */
  url: z.string(),
  /** connecting: not reached yet (`reason` says why); disconnected: was reached, the client is reconnecting. */
  state: z.enum(['connecting', 'connected', 'disconnected']),
  reason: z.string().nullable(),
  /** Entries this room holds that the stream is not known to hold. */
  unpublished: z.number().int(),
  /** Messages of the stream this room has not received yet (null until first asked). */
  behind: z.number().int().nullable(),
  /** Since this relay started: entries it published, stored from the stream, refused from it. */
  published: z.number().int(),
  received: z.number().int(),
  refused: z.number().int(),
  lastRefusal: z.string().nullable(),
  lastActivity: z.number().int().nullable(),
});
export type FederationStatus = z.infer<typeof FederationStatusSchema>;

export const SyncStatusSchema = z.object({
  /** False where this core runs no peer sync (then the rest is empty). */
  available: z.boolean(),
  /** At least one peer connected, or the federation with the other rooms. */
  online: z.boolean(),
  /** Where peers reach this device (`commandpost serve`'s /sync URL, with the workspace id), if it listens. */
  syncUrl: z.string().nullable(),
  peers: z.array(PeerStatusSchema),
  /** Entries this device holds that some peer is known to lack (the most any one peer lacks). */
  waiting: z.number().int(),
  /** A catch-up in progress: entries received of those the peers announced. */
  progress: z.object({ received: z.number().int(), total: z.number().int() }).nullable(),
  /** Two entries for one (author, seq): kept as evidence, and an alert. */
  equivocations: z.array(z.object({ author: z.string(), seq: z.number().int(), stored: z.string(), conflicting: z.string() })),
  /** This relay's federation with other rooms, if it federates. */
  federation: FederationStatusSchema.nullable(),
});
export type SyncStatus = z.infer<typeof SyncStatusSchema>;

const PeerUrl = z.string().min(1).max(2000);

/** The console's own methods; the other capabilities declare theirs in their own files (actionMethods.ts, …). */
const coreMethods = {
  'session:get': { params: z.object({}).strict(), result: SessionSchema },
  /** The whole projection (shared/state WorkspaceState), where it stands in the total order, and its hash. */
  'state:get': { params: z.object({}).strict(), result: StateSnapshotSchema },
  /** Sign and append one entry as the host's device identity; refused entries come back as an error naming the rule. */
  'journal:append': {
    params: z.object({ kind: z.enum(KIND_NAMES as [string, ...string[]]), body: JsonObject }).strict(),
    result: z.object({ id: z.string(), stateHash: z.string() }),
  },
  /** A page of the journal in total order, newest last; `before` is an entry id for paging backwards. */
  'journal:page': {
    params: z
      .object({
        before: z.string().optional(),
        limit: z.number().int().min(1).max(1000).default(200),
        kinds: z.array(z.string()).optional(),
        author: z.string().optional(),
      })
      .strict(),
    result: z.object({ entries: z.array(TimelineEntrySchema), total: z.number().int() }),
  },
  /** Peers, lag, catch-up progress and equivocation alerts. */
  'sync:status': { params: z.object({}).strict(), result: SyncStatusSchema },
  /** Add (or update) a peer to keep in sync with; `insecure` allows plain ws:// off loopback. */
  'peers:add': { params: z.object({ url: PeerUrl, insecure: z.boolean().default(false) }).strict(), result: SyncStatusSchema },
  'peers:remove': { params: z.object({ url: PeerUrl }).strict(), result: SyncStatusSchema },
} as const;

/** Request/response methods: channel -> params and result schemas. */
export const methods = { ...coreMethods, ...actionMethods, ...exerciseMethods, ...playbookMethods, ...catalogMethods } as const;

export type MethodName = keyof typeof methods;
export type ParamsOf<M extends MethodName> = z.input<(typeof methods)[M]['params']>;
export type ResultOf<M extends MethodName> = z.output<(typeof methods)[M]['result']>;

/**
 * Pushed by the core after every change, whoever made it (this client, another
 * window, the CLI, a peer): the entries it stored, which a client folds onto
 * its own copy of the projection (renderer/workspace) instead of fetching it.
 */
export const StateChangedEventSchema = z.object({
  type: z.literal('state:changed'),
  /** The state hash once every entry of this change is folded (after the last of its events, see `more`). */
  stateHash: z.string(),
  entries: z.number().int(),
  /** The entries stored since the previous event, in total order; some may sort before `base.lastKey` (late arrivals). */
  added: z.array(TimelineEntrySchema),
  /** The host's projection just before `added`: a client holding exactly this applies them; anything else is a gap. */
  base: ProjectionBaseSchema,
  /**
   * Set when the host's projection changed in a way `added` does not carry, so
   * a client must fetch a snapshot: it reopened the journal after another
   * process wrote to it, or equivocation evidence arrived (which can
   * change the fold of entries already folded).
   */
  resync: z.enum(['reopened', 'evidence']).nullable(),
  /** One change split over several events to stay under MAX_FRAME_BYTES: more follow, and stateHash holds after the last. */
  more: z.boolean(),
});
export type StateChangedEvent = z.infer<typeof StateChangedEventSchema>;

/** Pushed when sync status changes: a peer connects or drops, catch-up progress, an equivocation. */
export const SyncChangedEventSchema = z.object({ type: z.literal('sync:changed'), status: SyncStatusSchema });
export type SyncChangedEvent = z.infer<typeof SyncChangedEventSchema>;

export const ApiErrorSchema = z.object({
  code: z.enum(['bad_request', 'unknown_method', 'refused', 'too_large', 'unauthorized', 'internal']),
  message: z.string(),
});
export type ApiError = z.infer<typeof ApiErrorSchema>;

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/** Wire frames of the WebSocket transport. */
export const RequestFrameSchema = z.object({ id: z.number().int().min(0), method: z.string(), params: z.unknown() }).strict();
export type RequestFrame = z.infer<typeof RequestFrameSchema>;
export type ResponseFrame = { id: number | null } & Result<unknown>;
export type EventFrame = { event: StateChangedEvent | SyncChangedEvent };

/** What the renderer talks to; one implementation per transport. */
export interface ApiClient {
  call<M extends MethodName>(method: M, params: ParamsOf<M>): Promise<Result<ResultOf<M>>>;
  /** Returns an unsubscribe function. */
  onStateChanged(listener: (event: StateChangedEvent) => void): () => void;
  /** Peer sync status changes; returns an unsubscribe function. */
  onSyncChanged(listener: (event: SyncChangedEvent) => void): () => void;
  /** Connection status for the header's connectivity indicator. */
  onConnection(listener: (status: 'connecting' | 'online' | 'offline') => void): () => void;
}

/** The status where no peer sync runs (the desktop app for now; a host started without it). */
export const SYNC_UNAVAILABLE: SyncStatus = {
  available: false,
  online: false,
  syncUrl: null,
  peers: [],
  waiting: 0,
  progress: null,
  equivocations: [],
  federation: null,
};
