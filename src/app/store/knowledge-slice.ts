import type { StateCreator } from 'zustand';
import { loadKnowledge, type Knowledge } from '../../core/knowledge.ts';
import type { Problem } from '../../core/problems.ts';
import { bundledCatalog, bundledRulesSources, type SourceFile } from '../data/bundled.ts';

/** The catalog and rule books the app works with: the bundled ones, or a catalog the user loads. */
export interface KnowledgeSlice {
  knowledge: Knowledge | null;
  knowledgeProblems: Problem[];
  loadBundledKnowledge: () => void;
  /** Replaces the catalog with user-supplied files; a broken catalog is refused and the old one kept. */
  loadCatalogSources: (sources: SourceFile[]) => boolean;
}

export const createKnowledgeSlice: StateCreator<KnowledgeSlice, [], [], KnowledgeSlice> = (set) => ({
  knowledge: null,
  knowledgeProblems: [],
  loadBundledKnowledge: () => {
    const result = loadKnowledge({ catalog: bundledCatalog(), rules: bundledRulesSources() });
    if (result.ok) set({ knowledge: result.value, knowledgeProblems: result.warnings });
    else set({ knowledgeProblems: result.problems });
  },
  loadCatalogSources: (sources) => {
    const result = loadKnowledge({ catalog: sources, rules: bundledRulesSources() });
    if (!result.ok) {
      set({ knowledgeProblems: result.problems });
      return false;
    }
    set({ knowledge: result.value, knowledgeProblems: result.warnings });
    return true;
  },
});
