import { create } from 'zustand';

export interface CatalogImportStore {
  open: boolean;
  setOpen(open: boolean): void;
}

export const useCatalogImportStore = create<CatalogImportStore>()((set) => ({
  open: false,
  setOpen: (open) => set({ open }),
}));
