import type { BomRules } from './bom/build.ts';
import { loadBomRules } from './bom/rules-file.ts';
import { loadCatalog } from './catalog/load.ts';
import { LIMITS_PATH, type InputLimits } from './limits.ts';
import { loadLimits } from './limits-file.ts';
import type { Catalog } from './catalog/schema.ts';
import type { PricingBounds, PricingRules } from './pricing/rules.ts';
import { loadPricingRules } from './pricing/rules-file.ts';
import { Money } from './money.ts';
import { fail, ok, type Problem, type Result } from './problems.ts';
import { loadRules } from './rules/load.ts';
import type { Rules } from './rules/schema.ts';
import { loadRequirementSets, REQUIREMENT_SETS_FOLDER, type RequirementSet } from './tender/requirement-sets.ts';
import { loadVocabulary, VOCABULARY_PATH, type Vocabulary } from './tender/vocabulary.ts';

/**
 * Everything the tool knows besides the project: the component catalog and the rule books (DL/T 5044
 * tables, BOM rules, PCST pricing rules). Loaded once at an edge (CLI, app, tests) from text sources,
 * validated as a whole: one broken file means no Knowledge, with every problem listed.
 */
export interface Knowledge {
  catalog: Catalog;
  sizingRules: Rules;
  bomRules: BomRules;
  pricingRules: PricingRules;
  /** rules/limits/input-limits.yaml: the bounds every input is checked against before the work. */
  limits: InputLimits;
  /** rules/tender/vocabulary.yaml (issue #15), when the rules have it: tender parameter names → catalog parameters. */
  tenderVocabulary?: Vocabulary;
  /** rules/tender/requirement-sets/*.yaml (issue #15): the library of requirement sets the company reuses. */
  tenderSets?: RequirementSet[];
}

export interface TextSource {
  path: string;
  text: string;
}

/** Rule sources are addressed relative to rules/: `dlt5044/…`, `bom/…`, `pricing/…` (a leading `rules/` is ignored). */
function underRules(path: string): string {
  return path.replace(/\\/g, '/').replace(/^.*?\brules\//, '');
}

function isCatalog(x: readonly TextSource[] | Catalog): x is Catalog {
  return !Array.isArray(x) && 'byCode' in x;
}

export function kcTableIds(ruleSources: readonly TextSource[]): string[] {
  return ruleSources.map((s) => /^dlt5044\/kc\/([^/]+)\.ya?ml$/.exec(underRules(s.path))?.[1]).filter((id): id is string => Boolean(id));
}

/**
 * Loads the rule books and the catalog. The catalog comes as text sources (validated here) or as a
 * catalog already validated by `loadCatalog` (the app's build-time compiled catalog).
 */
export function loadKnowledge(sources: { catalog: readonly TextSource[] | Catalog; rules: readonly TextSource[] }): Result<Knowledge> {
  const byFolder = (folder: string) => sources.rules.filter((s) => underRules(s.path).startsWith(`${folder}/`));
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  const collect = <T>(r: Result<T>): T | undefined => {
    if (r.ok) {
      warnings.push(...r.warnings);
      return r.value;
    }
    problems.push(...r.problems);
    return undefined;
  };
  const sizingRules = collect(loadRules(byFolder('dlt5044')));
  const catalog = isCatalog(sources.catalog) ? sources.catalog : collect(loadCatalog(sources.catalog, { knownKcTables: kcTableIds(sources.rules) }));
  const pricingRules = collect(loadPricingRules(byFolder('pricing')));
  const bomSource = byFolder('bom').find((s) => /bom-rules\.ya?ml$/.test(s.path));
  const bomRules = bomSource
    ? collect(loadBomRules(bomSource))
    : (problems.push({ code: 'knowledge.missingBomRules', severity: 'error', path: 'rules/bom/bom-rules.yaml', message: { zh: '缺少 BOM 规则文件 rules/bom/bom-rules.yaml', en: 'The BOM rules file rules/bom/bom-rules.yaml is missing' } }), undefined);
  const limits = collect(loadLimits(sources.rules.find((s) => underRules(s.path) === LIMITS_PATH)));
  const vocabularySource = sources.rules.find((s) => underRules(s.path) === VOCABULARY_PATH);
  const tenderVocabulary = vocabularySource ? collect(loadVocabulary(vocabularySource)) : undefined;
  const setSources = byFolder(REQUIREMENT_SETS_FOLDER).map((s) => ({ path: `rules/${underRules(s.path)}`, text: s.text }));
  const tenderSets = setSources.length > 0 ? collect(loadRequirementSets(setSources)) : undefined;
  if (catalog && pricingRules) problems.push(...catalogPriceBoundProblems(catalog, pricingRules.bounds));
  if (!sizingRules || !catalog || !pricingRules || !bomRules || !limits || problems.length > 0) return fail(problems);
  return ok({ catalog, sizingRules, bomRules, pricingRules, limits, ...(tenderVocabulary ? { tenderVocabulary } : {}), ...(tenderSets ? { tenderSets } : {}) }, warnings);
}

/** The same rule books with another catalog (a user's catalog files), checked against those rules. */
export function withCatalogSources(knowledge: Knowledge, catalog: readonly TextSource[]): Result<Knowledge> {
  const loaded = loadCatalog(catalog, { knownKcTables: [...knowledge.sizingRules.kcTables.keys()] });
  if (!loaded.ok) return loaded;
  const bounds = catalogPriceBoundProblems(loaded.value, knowledge.pricingRules.bounds);
  return bounds.length > 0 ? fail(bounds) : ok({ ...knowledge, catalog: loaded.value }, loaded.warnings);
}

/**
 * A catalog price above the unit-price bound of rules/pricing/bounds.yaml (a price of 1e20, a typo with
 * six extra zeros) is an error naming the item and the field: such a catalog is not used.
 */
export function catalogPriceBoundProblems(catalog: Catalog, bounds: PricingBounds): Problem[] {
  const out: Problem[] = [];
  for (const it of catalog.items) {
    for (const field of ['costPrice', 'listPrice'] as const) {
      if (!new Money(it[field]).greaterThan(bounds.maxUnitPrice)) continue;
      out.push({
        code: 'catalog.priceTooLarge',
        severity: 'error',
        path: `items[${it.code}].${field}`,
        value: it[field],
        limit: bounds.maxUnitPrice,
        location: { itemCode: it.code },
        message: {
          zh: `物料“${it.code}”的${field === 'costPrice' ? '成本价' : '目录价'} ${it[field]} 超过单价上限 ${bounds.maxUnitPrice}（rules/pricing/bounds.yaml）`,
          en: `Item "${it.code}": ${field === 'costPrice' ? 'cost price' : 'list price'} ${it[field]} exceeds the unit-price limit of ${bounds.maxUnitPrice} (rules/pricing/bounds.yaml)`,
        },
      });
    }
  }
  return out;
}
