import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadKnowledge, type Knowledge, type TextSource } from '../core/knowledge.ts';
import { fail, type Result } from '../core/problems.ts';
import { readCatalogSources } from './catalog-files.ts';
import { cachedLoad } from './load-cache.ts';

const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
export const DEFAULT_CATALOG_DIR = join(repoRoot, 'catalog');
export const DEFAULT_RULES_ROOT = join(repoRoot, 'rules');

/** Every *.yaml under rules/ (dlt5044, bom, pricing), paths relative to rules/. */
export function readAllRuleSources(rulesRoot: string = DEFAULT_RULES_ROOT): TextSource[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir)
      .sort()
      .flatMap((name) => {
        const p = join(dir, name);
        if (statSync(p).isDirectory()) return walk(p);
        return /\.ya?ml$/.test(name) ? [p] : [];
      });
  return walk(rulesRoot).map((p) => ({ path: relative(rulesRoot, p).replace(/\\/g, '/'), text: readFileSync(p, 'utf8') }));
}

/** Reads catalog/ and rules/ and loads them as one validated whole. */
export async function readKnowledge(dirs: { catalog?: string; rules?: string } = {}): Promise<Result<Knowledge>> {
  const catalog = await readCatalogSources(dirs.catalog ?? DEFAULT_CATALOG_DIR);
  if (!catalog.ok) return fail(catalog.problems);
  let rules: TextSource[];
  try {
    rules = readAllRuleSources(dirs.rules ?? DEFAULT_RULES_ROOT);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    return fail([{ code: 'rules.io', severity: 'error', path: '', message: { zh: `无法读取规则目录：${err.path ?? dirs.rules}（${err.code ?? err.message}）`, en: `cannot read the rules folder: ${err.path ?? dirs.rules} (${err.code ?? err.message})` } }]);
  }
  const catalogSources = catalog.value;
  return cachedLoad('knowledge', [...catalogSources, ...rules], '', () => loadKnowledge({ catalog: catalogSources, rules }));
}
