import { create } from 'zustand';

// Graph view state: the selected service or team, the team filter, the search
// text and whether ownership edges are drawn. Never node positions: those
// come from the layout of the catalog, so a status change cannot move a node.

export interface GraphStore {
  selected: { type: 'service' | 'team'; id: string } | null;
  team: string | null;
  search: string;
  showOwnership: boolean;
  /** The minimap (overview) in the corner; a commander may fold it away. */
  showMinimap: boolean;
  select(selection: GraphStore['selected']): void;
  setTeam(team: string | null): void;
  setSearch(search: string): void;
  setShowOwnership(show: boolean): void;
  setShowMinimap(show: boolean): void;
  reset(): void;
}

const initial = { selected: null, team: null, search: '', showOwnership: true, showMinimap: true };

export const useGraphStore = create<GraphStore>()((set) => ({
  ...initial,
  select: (selected) => set({ selected }),
  setTeam: (team) => set({ team }),
  setSearch: (search) => set({ search }),
  setShowOwnership: (showOwnership) => set({ showOwnership }),
  setShowMinimap: (showMinimap) => set({ showMinimap }),
  reset: () => set(initial),
}));
