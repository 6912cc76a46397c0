import { create } from 'zustand';

export interface TasksStore {
  mineOnly: boolean;
  /** The entry id of the task this console just created: its row scrolls into view and is marked new. */
  created: string | null;
  setMineOnly(mineOnly: boolean): void;
  setCreated(id: string | null): void;
  reset(): void;
}

export const useTasksStore = create<TasksStore>()((set) => ({
  mineOnly: false,
  created: null,
  setMineOnly: (mineOnly) => set({ mineOnly }),
  setCreated: (created) => set({ created }),
  reset: () => set({ mineOnly: false, created: null }),
}));
