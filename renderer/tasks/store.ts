import { create } from 'zustand';

export interface TasksStore {
  mineOnly: boolean;
  setMineOnly(mineOnly: boolean): void;
  reset(): void;
}

export const useTasksStore = create<TasksStore>()((set) => ({
  mineOnly: false,
  setMineOnly: (mineOnly) => set({ mineOnly }),
  reset: () => set({ mineOnly: false }),
}));
