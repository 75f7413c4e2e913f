import { create } from 'zustand';
import { createCatalogSlice, type CatalogSlice } from './catalog-slice.ts';
import { createKnowledgeSlice, type KnowledgeSlice } from './knowledge-slice.ts';
import { createProjectSlice, type ProjectSlice } from './project-slice.ts';
import { createServerSlice, type ServerSlice } from './server-slice.ts';
import { createUiSlice, type UiSlice } from './ui-slice.ts';

/** One store, thin: actions call pure core functions and set state. Components read via selectors. */
export type AppState = UiSlice & KnowledgeSlice & CatalogSlice & ProjectSlice & ServerSlice;

export const useAppStore = create<AppState>()((...a) => ({
  ...createUiSlice(...a),
  ...createKnowledgeSlice(...a),
  ...createCatalogSlice(...a),
  ...createProjectSlice(...a),
  ...createServerSlice(...a),
}));
