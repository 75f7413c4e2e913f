import { create } from 'zustand';
import { createCatalogSlice, type CatalogSlice } from './catalog-slice.ts';
import { createUiSlice, type UiSlice } from './ui-slice.ts';

/** One store, thin: actions call pure core functions and set state. Components read via selectors. */
export type AppState = UiSlice & CatalogSlice;

export const useAppStore = create<AppState>()((...a) => ({
  ...createUiSlice(...a),
  ...createCatalogSlice(...a),
}));
