import { create } from 'zustand';
import type { ApiClient, SyncStatus } from '../../shared/api';

// Peer sync as the console shows it: the core's last sync:status (replaced
// whole on every sync:changed), whether the Peers dialog is open, and the
// equivocation alerts the user has dismissed (the evidence stays in the journal).

export interface SyncStore {
  status: SyncStatus | null;
  dialogOpen: boolean;
  /** `${author}:${seq}:${conflicting}` of alerts dismissed in this window. */
  dismissed: readonly string[];
  setStatus(status: SyncStatus): void;
  setDialogOpen(open: boolean): void;
  dismiss(key: string): void;
  load(client: ApiClient): Promise<void>;
  reset(): void;
}

const initial = { status: null, dialogOpen: false, dismissed: [] };

export const useSyncStore = create<SyncStore>()((set) => ({
  ...initial,
  setStatus: (status) => set({ status }),
  setDialogOpen: (dialogOpen) => set({ dialogOpen }),
  dismiss: (key) => set((s) => ({ dismissed: [...s.dismissed, key] })),
  async load(client) {
    const result = await client.call('sync:status', {});
    if (result.ok) set({ status: result.value });
  },
  reset: () => set(initial),
}));

export const alertKey = (e: { author: string; seq: number; conflicting: string }): string => `${e.author}:${e.seq}:${e.conflicting}`;
