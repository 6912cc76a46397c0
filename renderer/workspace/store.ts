import { create } from 'zustand';
import type { ApiClient, Session } from '../../shared/api';
import type { WorkspaceState } from '../../shared/state';
import type { ConnectionStatus } from '../api';
import { shareUnchanged } from './shareUnchanged';

// The core's projection as last fetched, plus the session and the connection
// status. Refreshed on every `state:changed`; refreshes never overlap (a
// change arriving mid-fetch triggers exactly one more fetch afterwards).

export interface WorkspaceStore {
  session: Session | null;
  state: WorkspaceState | null;
  stateHash: string | null;
  entries: number;
  connection: ConnectionStatus;
  /** Last error a user can act on (a refused command, a failed fetch). */
  error: string | null;
  loadSession(client: ApiClient): Promise<void>;
  refresh(client: ApiClient): Promise<void>;
  setConnection(status: ConnectionStatus): void;
  setError(message: string | null): void;
  reset(): void;
}

const initial = {
  session: null,
  state: null,
  stateHash: null,
  entries: 0,
  connection: 'connecting' as ConnectionStatus,
  error: null,
};

let inFlight: Promise<void> | null = null;
let again = false;

export const useWorkspaceStore = create<WorkspaceStore>()((set, get) => ({
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
        const result = await client.call('state:get', {});
        if (!result.ok) {
          set({ error: `Could not load the workspace: ${result.error.message}` });
          return;
        }
        if (result.value.stateHash !== get().stateHash) {
          // The host folds with the shared projection; its output is a WorkspaceState.
          const fetched = result.value.state as unknown as WorkspaceState;
          const previous = get().state;
          set({ state: previous === null ? fetched : shareUnchanged(previous, fetched), stateHash: result.value.stateHash, entries: result.value.entries });
        }
      } while (again);
    };
    inFlight = run().finally(() => {
      inFlight = null;
    });
    return inFlight;
  },
  setConnection(status) {
    set({ connection: status });
  },
  setError(message) {
    set({ error: message });
  },
  reset() {
    inFlight = null;
    again = false;
    set(initial);
  },
}));

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
