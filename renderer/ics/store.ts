import { create } from 'zustand';

// Which ICS document the Command panel shows. A palette command sets it
// (then opens the panel); the panel renders it from the state it already has.

export type IcsDocument = 'briefing' | 'iap' | 'status' | 'org';

export interface CommandStore {
  doc: IcsDocument | null;
  showDoc(doc: IcsDocument | null): void;
}

export const useCommandStore = create<CommandStore>()((set) => ({
  doc: null,
  showDoc: (doc) => set({ doc }),
}));
