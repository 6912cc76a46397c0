import { create } from 'zustand';
import type { ApiClient, ActionView, ConnectorInfo, OutboxItem } from '../../shared/api';

// The Actions panel's data: action views (with the policy's explanation, as
// the host evaluated it), this device's outbox and its connectors. Fetched
// from the API, not derived here: the parameters, previews and explanations
// need the journal bodies and the host's clock.

export interface ActionsStore {
  actions: ActionView[];
  outbox: OutboxItem[];
  connectors: ConnectorInfo[];
  /** This core sends the actions it executes (false: it only records requests). */
  dispatching: boolean;
  /** The host's clock at the last fetch. */
  now: number;
  loaded: boolean;
  /** The last fetch failed: why. */
  error: string | null;
  refresh(client: ApiClient): Promise<void>;
  reset(): void;
}

const initial = { actions: [], outbox: [], connectors: [], dispatching: false, now: 0, loaded: false, error: null };

/** Refreshes overlap when changes come fast; only the latest one's answer is kept. */
let generation = 0;

export const useActionsStore = create<ActionsStore>()((set) => ({
  ...initial,
  async refresh(client) {
    const mine = ++generation;
    const [list, outbox, connectors] = await Promise.all([
      client.call('actions:list', {}),
      client.call('outbox:list', {}),
      client.call('actions:connectors', {}),
    ]);
    if (mine !== generation) return;
    const failed = [list, outbox, connectors].find((r) => !r.ok);
    if (failed !== undefined && !failed.ok) {
      set({ error: failed.error.message });
      return;
    }
    set({
      actions: list.ok ? list.value.actions : [],
      now: list.ok ? list.value.now : 0,
      outbox: outbox.ok ? outbox.value.items : [],
      connectors: connectors.ok ? connectors.value.connectors : [],
      dispatching: connectors.ok && connectors.value.dispatching,
      loaded: true,
      error: null,
    });
  },
  reset: () => set(initial),
}));

/** Actions waiting on a verdict `me` could give: the inbox. */
export function inboxOf(actions: readonly ActionView[]): ActionView[] {
  return actions.filter((a) => a.status === 'pending' && (a.can.approve === null || a.can.override === null));
}
