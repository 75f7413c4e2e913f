import type { Knowledge } from './knowledge.ts';
import type { Problem } from './problems.ts';

/**
 * Knowledge (catalog and rule books) already loaded and validated at build time, as JSON text the app
 * fetches beside its first script instead of parsing YAML and validating schemas at every start.
 * Maps are written as {"$map": [[key, value], …]}; the catalog's byCode index is rebuilt on reading.
 * Only the bundled knowledge takes this path; a catalog a user loads goes through the full loader.
 */
export const COMPILED_KNOWLEDGE_FORMAT = 'dcq-compiled-knowledge/1';

interface CompiledKnowledge {
  format: typeof COMPILED_KNOWLEDGE_FORMAT;
  knowledge: Knowledge;
  warnings: Problem[];
}

export function compileKnowledge(knowledge: Knowledge, warnings: readonly Problem[]): string {
  const { byCode: _byCode, ...catalog } = knowledge.catalog;
  const doc = { format: COMPILED_KNOWLEDGE_FORMAT, knowledge: { ...knowledge, catalog }, warnings };
  return JSON.stringify(doc, (_key, value: unknown) => (value instanceof Map ? { $map: [...value.entries()] } : value));
}

export function knowledgeFromCompiled(text: string): { knowledge: Knowledge; warnings: Problem[] } {
  const doc = JSON.parse(text, (_key, value: unknown) => {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const keys = Object.keys(value);
      if (keys.length === 1 && keys[0] === '$map') return new Map((value as { $map: [unknown, unknown][] }).$map);
    }
    return value;
  }) as Partial<CompiledKnowledge> | null;
  if (!doc || doc.format !== COMPILED_KNOWLEDGE_FORMAT || !doc.knowledge) throw new Error(`not a compiled knowledge file (format ${String(doc?.format)})`);
  const { catalog } = doc.knowledge;
  return {
    knowledge: { ...doc.knowledge, catalog: { ...catalog, byCode: new Map(catalog.items.map((i) => [i.code, i])) } },
    warnings: doc.warnings ?? [],
  };
}
