import type { StateCreator } from 'zustand';
import type { Knowledge, TextSource } from '../../core/knowledge.ts';
import type { Problem } from '../../core/problems.ts';
import { fetchBundledKnowledge } from '../data/bundled.ts';
import { loadEngine } from './engine-loader.ts';

/** The catalog and rule books the app works with: the bundled ones, or a catalog the user loads. */
export interface KnowledgeSlice {
  knowledge: Knowledge | null;
  knowledgeProblems: Problem[];
  loadBundledKnowledge: () => Promise<void>;
  /** Replaces the catalog with user-supplied files; a broken catalog is refused and the old one kept. */
  loadCatalogSources: (sources: TextSource[]) => Promise<boolean>;
}

export const createKnowledgeSlice: StateCreator<KnowledgeSlice, [], [], KnowledgeSlice> = (set, get) => ({
  knowledge: null,
  knowledgeProblems: [],
  loadBundledKnowledge: async () => {
    try {
      // The catalog and rules and the project engine arrive in parallel; the app counts as ready (and
      // opens a project) only with both, so the store's actions can run the engine synchronously.
      const [{ knowledge, warnings }] = await Promise.all([fetchBundledKnowledge(), loadEngine()]);
      set({ knowledge, knowledgeProblems: warnings });
    } catch (e) {
      const reason = (e as Error).message;
      set({ knowledgeProblems: [{ code: 'knowledge.unavailable', severity: 'error', path: '', message: { zh: `无法加载内置元器件目录与规则：${reason}。请刷新页面。`, en: `The bundled catalog and rules could not be loaded: ${reason}. Reload the page.` } }] });
    }
  },
  loadCatalogSources: async (sources) => {
    const current = get().knowledge;
    if (!current) return false;
    // The YAML loaders come only with a user's catalog: the bundled one arrives precompiled.
    const { withCatalogSources } = await import('../../core/knowledge.ts');
    const result = withCatalogSources(current, sources);
    if (!result.ok) {
      set({ knowledgeProblems: result.problems });
      return false;
    }
    set({ knowledge: result.value, knowledgeProblems: result.warnings });
    return true;
  },
});
