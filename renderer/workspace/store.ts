import { create } from 'zustand';
import type { ApiClient, Session, StateChangedEvent } from '../../shared/api';
import type { WorkspaceState } from '../../shared/state';
import type { ConnectionStatus } from '../api';
import { LiveProjection, type SnapshotReason } from './liveProjection';
import { rendererHasher } from './sha256';

// The core's projection, kept live: a snapshot (state:get) on connect, then
// the entries every state:changed event carries, folded here by the shared
// fold (LiveProjection). A snapshot is fetched again only when an event
// cannot be folded (a gap, an entry sorting before the snapshot, a host that
// rebuilt its projection) or when the folded state's hash differs from the
// host's (self-healing; counted, since it means a fold rule differs). Fetches
// never overlap: a need arising mid-fetch makes exactly one more fetch, and
// events arriving meanwhile wait and are folded onto the new snapshot.

export interface LiveCounts {
  /** Events folded here. */
  applied: number;
  /** Of those, late arrivals that made the local projection rewind and replay. */
  rewinds: number;
  /** Snapshots fetched, for any reason (connecting is one). */
  snapshots: number;
  /** Snapshots fetched because an event could not be folded here, or the folded state's hash differed. */
  because: Record<SnapshotReason | 'mismatch', number>;
  /** Folded states whose hash differed from the host's. Should stay 0. */
  mismatches: number;
}

export interface WorkspaceStore {
  session: Session | null;
  state: WorkspaceState | null;
  stateHash: string | null;
  entries: number;
  connection: ConnectionStatus;
  /** Last error a user can act on (a refused command, a failed fetch). */
  error: string | null;
  loadSession(client: ApiClient): Promise<void>;
  /** Fetch a snapshot of the whole projection (first load, after reconnecting, an equivocation alert). */
  refresh(client: ApiClient): Promise<void>;
  /** Fold a state:changed event, or fetch a snapshot when it cannot be folded. */
  receive(client: ApiClient, event: StateChangedEvent): void;
  /** Compare the folded state's hash with the host's now; a mismatch fetches a snapshot. Runs on its own soon after each change. */
  verify(client: ApiClient): void;
  setConnection(status: ConnectionStatus): void;
  setError(message: string | null): void;
  reset(): void;
}

const noCounts = (): LiveCounts => ({ applied: 0, rewinds: 0, snapshots: 0, because: { gap: 0, resync: 0, 'before-snapshot': 0, mismatch: 0 }, mismatches: 0 });

const initial = {
  session: null,
  state: null,
  stateHash: null,
  entries: 0,
  connection: 'connecting' as ConnectionStatus,
  error: null,
};

let live: LiveProjection | null = null;
let inFlight: Promise<void> | null = null;
let again = false;
/** Events that arrived while a snapshot was on its way. */
let waiting: StateChangedEvent[] = [];
/** The host's hash for the state folded here; null while a change split over several events is half folded. */
let expected: string | null = null;
let verifyQueued = false;
/** Diagnostics (tests, the benchmark): kept out of the store's state so counting never re-renders anything. */
let counts = noCounts();

/** How the live state was kept since the last reset. */
export function liveCounts(): LiveCounts {
  return structuredClone(counts);
}

/**
 * Hashing the whole state costs milliseconds per megabyte, so it waits until
 * the change is on screen: when the browser is idle, else on the next task.
 */
function soon(run: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: 500 });
  else setTimeout(run, 0);
}

export const useWorkspaceStore = create<WorkspaceStore>()((set, get) => {
  const publish = (projection: LiveProjection, stateHash: string, entries: number) => set({ state: projection.publish(get().state), stateHash, entries });

  const snapshot = (client: ApiClient, reason: keyof LiveCounts['because']): void => {
    counts.because[reason] += 1;
    void get().refresh(client);
  };

  /** Fold one event onto `projection`; false when it needs a snapshot instead. */
  const fold = (client: ApiClient, projection: LiveProjection, event: StateChangedEvent): boolean => {
    const verdict = projection.apply(event);
    if (verdict.kind === 'stale') return true;
    if (verdict.kind === 'snapshot') {
      snapshot(client, verdict.reason);
      return false;
    }
    counts.applied += 1;
    if (verdict.rewound) counts.rewinds += 1;
    expected = event.more ? null : event.stateHash;
    if (!event.more) {
      publish(projection, event.stateHash, event.entries);
      if (!verifyQueued) {
        verifyQueued = true;
        soon(() => {
          verifyQueued = false;
          get().verify(client);
        });
      }
    }
    return true;
  };

  return {
    ...initial,
    async loadSession(client) {
      const result = await client.call('session:get', {});
      if (result.ok) set({ session: result.value });
      else set({ error: `Could not load the session: ${result.error.message}` });
    },
    refresh(client) {
      if (inFlight !== null) {
        again = true;
        return inFlight;
      }
      const run = async (): Promise<void> => {
        do {
          again = false;
          waiting = [];
          const result = await client.call('state:get', {});
          if (!result.ok) {
            set({ error: `Could not load the workspace: ${result.error.message}` });
            return;
          }
          const projection = new LiveProjection(rendererHasher, result.value);
          live = projection;
          expected = result.value.stateHash;
          counts.snapshots += 1;
          publish(projection, result.value.stateHash, result.value.entries);
          const arrived = waiting;
          waiting = [];
          for (const event of arrived) if (!fold(client, projection, event)) break;
        } while (again);
      };
      inFlight = run().finally(() => {
        inFlight = null;
      });
      return inFlight;
    },
    receive(client, event) {
      if (live === null || inFlight !== null) {
        waiting.push(event);
        if (inFlight === null) void get().refresh(client);
        return;
      }
      fold(client, live, event);
    },
    verify(client) {
      if (live === null || inFlight !== null || expected === null) return;
      if (live.stateHash() === expected) return;
      counts.mismatches += 1;
      console.error(`the state folded here differs from the host's (hash ${expected}); fetching it again`);
      snapshot(client, 'mismatch');
    },
    setConnection(status) {
      set({ connection: status });
    },
    setError(message) {
      set({ error: message });
    },
    reset() {
      live = null;
      inFlight = null;
      again = false;
      waiting = [];
      expected = null;
      verifyQueued = false;
      counts = noCounts();
      set(initial);
    },
  };
});

/** Append one journal entry; a refusal lands in the store's error for the banner. Returns the entry id. */
export async function appendEntry(client: ApiClient, kind: string, body: Record<string, unknown>): Promise<string | null> {
  const result = await client.call('journal:append', { kind, body });
  if (result.ok) {
    useWorkspaceStore.getState().setError(null);
    return result.value.id;
  }
  useWorkspaceStore.getState().setError(`${kind} refused: ${result.error.message}`);
  return null;
}
