import type { StateCreator } from 'zustand';
import type { Family } from '../../core/catalog/schema.ts';

/** The catalog browser's filter and selection; the catalog itself is `knowledge.catalog`. */
export interface CatalogFilter {
  text: string;
  family: Family | '';
  brand: string;
  includeObsolete: boolean;
}

export interface CatalogSlice {
  catalogFilter: CatalogFilter;
  selectedItemCode: string | null;
  setCatalogFilter: (patch: Partial<CatalogFilter>) => void;
  selectItem: (code: string | null) => void;
}

export const createCatalogSlice: StateCreator<CatalogSlice, [], [], CatalogSlice> = (set) => ({
  catalogFilter: { text: '', family: '', brand: '', includeObsolete: false },
  selectedItemCode: null,
  setCatalogFilter: (patch) => set((s) => ({ catalogFilter: { ...s.catalogFilter, ...patch } })),
  selectItem: (code) => set({ selectedItemCode: code }),
});
