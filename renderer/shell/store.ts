import { create } from 'zustand';

// What the console shows, not what the workspace holds: theme, the open side
// tab, the incident in focus, the palette, and one-shot requests (fit view,
// focus a field) that a command raises and a component carries out.

export type Theme = 'dark' | 'light';
export type SideTab = 'service' | 'tasks' | 'timeline' | 'incidents' | 'command' | 'actions' | 'playbooks' | 'exercise';
export type FocusTarget = 'search' | 'new-task' | 'new-incident' | null;

export interface ShellStore {
  theme: Theme;
  tab: SideTab;
  incident: string | null;
  paletteOpen: boolean;
  fitRequest: number;
  focus: FocusTarget;
  setTheme(theme: Theme): void;
  toggleTheme(): void;
  setTab(tab: SideTab): void;
  pickIncident(id: string | null): void;
  setPaletteOpen(open: boolean): void;
  requestFit(): void;
  requestFocus(target: FocusTarget): void;
  reset(): void;
}

const initial = { theme: 'dark' as Theme, tab: 'tasks' as SideTab, incident: null, paletteOpen: false, fitRequest: 0, focus: null };

export const useShellStore = create<ShellStore>()((set) => ({
  ...initial,
  setTheme: (theme) => set({ theme }),
  toggleTheme: () => set((s) => ({ theme: s.theme === 'dark' ? 'light' : 'dark' })),
  setTab: (tab) => set({ tab }),
  pickIncident: (incident) => set({ incident }),
  setPaletteOpen: (paletteOpen) => set({ paletteOpen }),
  requestFit: () => set((s) => ({ fitRequest: s.fitRequest + 1 })),
  requestFocus: (focus) => set({ focus }),
  reset: () => set(initial),
}));
