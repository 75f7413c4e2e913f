import type { StateCreator } from 'zustand';
import { loadCatalog } from '../../core/catalog/load.ts';
import type { Catalog, Family } from '../../core/catalog/schema.ts';
import type { Problem } from '../../core/problems.ts';
import { bundledCatalogSources, bundledKcTableIds, type SourceFile } from '../data/bundled.ts';

export interface CatalogFilter {
  text: string;
  family: Family | '';
  brand: string;
  includeObsolete: boolean;
}

export interface CatalogSlice {
  catalog: Catalog | null;
  catalogProblems: Problem[];
  catalogFilter: CatalogFilter;
  selectedItemCode: string | null;
  loadBundledCatalog: () => void;
  loadCatalogSources: (sources: SourceFile[]) => void;
  setCatalogFilter: (patch: Partial<CatalogFilter>) => void;
  selectItem: (code: string | null) => void;
}

export const createCatalogSlice: StateCreator<CatalogSlice, [], [], CatalogSlice> = (set, get) => ({
  catalog: null,
  catalogProblems: [],
  catalogFilter: { text: '', family: '', brand: '', includeObsolete: false },
  selectedItemCode: null,
  loadBundledCatalog: () => get().loadCatalogSources(bundledCatalogSources()),
  loadCatalogSources: (sources) => {
    const result = loadCatalog(sources, { knownKcTables: bundledKcTableIds() });
    // A broken catalog is never used half-loaded: keep the last good one and show the problems.
    if (result.ok) set({ catalog: result.value, catalogProblems: result.warnings });
    else set({ catalogProblems: result.problems });
  },
  setCatalogFilter: (patch) => set((s) => ({ catalogFilter: { ...s.catalogFilter, ...patch } })),
  selectItem: (code) => set({ selectedItemCode: code }),
});
