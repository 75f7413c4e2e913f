import { knowledgeText, knowledgeUrl } from 'virtual:bundled-knowledge';
import { knowledgeFromCompiled } from '../../core/knowledge-compiled.ts';
import type { Knowledge } from '../../core/knowledge.ts';
import type { Problem } from '../../core/problems.ts';

/**
 * The catalog and rules bundled with the app, loaded and validated by the same loaders as the CLI at
 * build time (see vite.config.ts) and fetched here as precompiled JSON: index.html preloads it beside
 * the first script, so it arrives in parallel and costs no YAML parsing or schema checks at start.
 */
export async function fetchBundledKnowledge(): Promise<{ knowledge: Knowledge; warnings: Problem[] }> {
  if (knowledgeText !== undefined) return knowledgeFromCompiled(knowledgeText);
  if (!knowledgeUrl) throw new Error('the app was built without its catalog');
  const response = await fetch(knowledgeUrl);
  if (!response.ok) throw new Error(`${knowledgeUrl}: HTTP ${response.status}`);
  return knowledgeFromCompiled(await response.text());
}
