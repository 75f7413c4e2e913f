import Decimal from 'decimal.js';
import type { Problem } from '../problems.ts';
import { isFamily } from './family-schemas.ts';
import { allowedUnits, type CatalogHeader, type CatalogItem } from './schema.ts';
import { catalogProblem, locate, type SourceRef } from './source-files.ts';

export interface LocatedItem {
  item: CatalogItem;
  ref: SourceRef;
}

/**
 * Fields that make two items interchangeable. An alternate that differs in one of them is allowed
 * (a designer may accept a larger breaker) but flagged, because a silent swap could change a rating.
 */
const RATING_FIELDS = [
  'currentType', 'frame', 'poles', 'ratedCurrentA', 'ratedVoltageV', 'nominalVoltageV', 'inputVoltageV',
  'outputVoltageV', 'dcInputVoltageV', 'unitVoltageV', 'capacityAh', 'ratedKVA', 'kind', 'role', 'function',
  'measures', 'sectionMm2', 'cores', 'outputMillivolt',
] as const;
/** For busbars the cross-section is the rating; elsewhere a millimetre is just a size. */
const BUSBAR_RATING_FIELDS = ['widthMm', 'thicknessMm', 'ratedCurrentA'] as const;

export interface ReferenceCheckOptions {
  knownKcTables?: readonly string[];
  /** Items present in the files but invalid (already reported): not "unknown" when referenced. */
  invalidCodes?: ReadonlySet<string>;
}

/** Checks across items and between items and the header: codes, brands, units, alternates, policy. */
export function checkReferences(
  header: { value: CatalogHeader; ref: SourceRef } | undefined,
  entries: readonly LocatedItem[],
  options: ReferenceCheckOptions,
  problems: Problem[],
): void {
  const byCode = new Map<string, LocatedItem>();
  for (const entry of entries) {
    const { item, ref } = entry;
    const first = byCode.get(item.code);
    if (first) {
      const firstAt = locate(first.ref);
      problems.push(
        catalogProblem('catalog.duplicateCode', 'error', `items[${item.code}].code`, {
          zh: `编码重复：已在 ${firstAt.file} 第 ${firstAt.row ?? '?'} 行定义`,
          en: `duplicate code: already defined in ${firstAt.file} line ${firstAt.row ?? '?'}`,
        }, locate(ref, ['code'], item.code), item.code),
      );
    } else {
      byCode.set(item.code, entry);
    }
  }

  const brandIds = new Set<string>();
  if (header) {
    header.value.brands.forEach((b, i) => {
      if (brandIds.has(b.id)) {
        problems.push(
          catalogProblem('catalog.duplicateBrand', 'error', `brands[${i}].id`, {
            zh: `品牌编号重复：${b.id}`, en: `duplicate brand id: ${b.id}`,
          }, locate(header.ref, ['brands', i, 'id']), b.id),
        );
      }
      brandIds.add(b.id);
    });
  }

  for (const { item, ref } of entries) {
    const at = (field: (string | number)[]) => locate(ref, field, item.code);
    const base = `items[${item.code}]`;
    if (header && !brandIds.has(item.brand)) {
      problems.push(
        catalogProblem('catalog.unknownBrand', 'error', `${base}.brand`, {
          zh: `未知品牌“${item.brand}”（catalog.yaml 的 brands 中没有）`,
          en: `unknown brand "${item.brand}" (not in catalog.yaml brands)`,
        }, at(['brand']), item.brand),
      );
    }
    checkUnit(item, at, problems);
    if (new Decimal(item.listPrice).lessThan(item.costPrice)) {
      problems.push(
        catalogProblem('catalog.listBelowCost', 'warning', `${base}.listPrice`, {
          zh: `销售价 ${item.listPrice} 低于成本价 ${item.costPrice}`,
          en: `list price ${item.listPrice} is below cost ${item.costPrice}`,
        }, at(['listPrice']), item.listPrice),
      );
    }
    if (item.family === 'battery' && options.knownKcTables && !options.knownKcTables.includes(item.kcTable)) {
      problems.push(
        catalogProblem('catalog.unknownKcTable', 'error', `${base}.kcTable`, {
          zh: `Kc 表“${item.kcTable}”不存在（已有：${options.knownKcTables.join(', ') || '无'}）`,
          en: `Kc table "${item.kcTable}" does not exist (known: ${options.knownKcTables.join(', ') || 'none'})`,
        }, at(['kcTable']), item.kcTable),
      );
    }
    item.alternates.forEach((altCode, i) => {
      if (!options.invalidCodes?.has(altCode)) checkAlternate(item, altCode, i, byCode, at, problems);
    });
  }

  if (header) checkBrandPolicy(header, brandIds, byCode, options.invalidCodes ?? new Set(), problems);
}

type At = (field: (string | number)[]) => ReturnType<typeof locate>;

function checkUnit(item: CatalogItem, at: At, problems: Problem[]): void {
  const base = `items[${item.code}]`;
  const units = allowedUnits[item.family];
  if (!units.includes(item.unit)) {
    problems.push(
      catalogProblem('catalog.unitMismatch', 'error', `${base}.unit`, {
        zh: `${item.family} 的计量单位不能是“${item.unit}”（允许：${units.join(', ')}）`,
        en: `unit "${item.unit}" is not allowed for ${item.family} (allowed: ${units.join(', ')})`,
      }, at(['unit']), item.unit),
    );
  }
  if (item.family === 'battery') {
    const expected = item.unit === 'cell' ? { v: 2, n: 1 } : item.unit === 'block' ? { v: 12, n: 6 } : undefined;
    if (expected && (item.unitVoltageV !== expected.v || item.cellsPerUnit !== expected.n)) {
      problems.push(
        catalogProblem('catalog.unitMismatch', 'error', `${base}.unitVoltageV`, {
          zh: `单位“${item.unit}”要求单体电压 ${expected.v} V、每单元 ${expected.n} 格（现为 ${item.unitVoltageV} V、${item.cellsPerUnit} 格）`,
          en: `unit "${item.unit}" requires unitVoltageV ${expected.v} and cellsPerUnit ${expected.n} (found ${item.unitVoltageV} V, ${item.cellsPerUnit})`,
        }, at(['unitVoltageV']), item.unitVoltageV),
      );
    }
  }
}

function checkAlternate(
  item: CatalogItem,
  altCode: string,
  index: number,
  byCode: ReadonlyMap<string, LocatedItem>,
  at: At,
  problems: Problem[],
): void {
  const path = `items[${item.code}].alternates[${index}]`;
  const where = at(['alternates', index]);
  const alt = byCode.get(altCode)?.item;
  if (altCode === item.code) {
    problems.push(catalogProblem('catalog.alternateSelf', 'error', path, {
      zh: '替代品不能是自身', en: 'an item cannot be its own alternate',
    }, where, altCode));
    return;
  }
  if (!alt) {
    problems.push(catalogProblem('catalog.danglingAlternate', 'error', path, {
      zh: `替代品编码“${altCode}”在目录中不存在`, en: `alternate "${altCode}" is not in the catalog`,
    }, where, altCode));
    return;
  }
  if (alt.family !== item.family) {
    problems.push(catalogProblem('catalog.alternateFamily', 'error', path, {
      zh: `替代品“${altCode}”属于 ${alt.family}，与本条目的 ${item.family} 不同`,
      en: `alternate "${altCode}" is a ${alt.family}, not a ${item.family}`,
    }, where, altCode));
    return;
  }
  const a = item as unknown as Record<string, unknown>;
  const b = alt as unknown as Record<string, unknown>;
  const fields: readonly string[] = item.family === 'busbar' ? BUSBAR_RATING_FIELDS : RATING_FIELDS;
  const differing = fields.filter((f) => (f in a || f in b) && a[f] !== b[f]);
  if (differing.length > 0) {
    const detail = differing.map((f) => `${f} ${String(a[f])}≠${String(b[f])}`).join(', ');
    problems.push(catalogProblem('catalog.alternateRating', 'warning', path, {
      zh: `替代品“${altCode}”额定参数不同：${detail}`, en: `alternate "${altCode}" has a different rating: ${detail}`,
    }, where, altCode));
  }
  if (alt.status === 'obsolete' && item.status === 'active') {
    problems.push(catalogProblem('catalog.alternateObsolete', 'warning', path, {
      zh: `替代品“${altCode}”已停产`, en: `alternate "${altCode}" is obsolete`,
    }, where, altCode));
  }
}

function checkBrandPolicy(
  header: { value: CatalogHeader; ref: SourceRef },
  brandIds: ReadonlySet<string>,
  byCode: ReadonlyMap<string, LocatedItem>,
  invalidCodes: ReadonlySet<string>,
  problems: Problem[],
): void {
  const seen = new Set<string>();
  header.value.brandPolicy.forEach((policy, k) => {
    const at = (field: (string | number)[]) => locate(header.ref, ['brandPolicy', k, ...field]);
    const base = `brandPolicy[${policy.key}]`;
    const family = policy.key.split('.')[0];
    if (seen.has(policy.key)) {
      problems.push(catalogProblem('catalog.policyDuplicateKey', 'error', `${base}.key`, {
        zh: `品牌策略键重复：${policy.key}`, en: `duplicate brand policy key: ${policy.key}`,
      }, at(['key']), policy.key));
    }
    seen.add(policy.key);
    if (!isFamily(family)) {
      problems.push(catalogProblem('catalog.policyUnknownFamily', 'error', `${base}.key`, {
        zh: `品牌策略键“${policy.key}”的类别未知`, en: `brand policy key "${policy.key}" names an unknown family`,
      }, at(['key']), policy.key));
    }
    policy.preferredBrands.forEach((brand, i) => {
      if (!brandIds.has(brand)) {
        problems.push(catalogProblem('catalog.policyUnknownBrand', 'error', `${base}.preferredBrands[${i}]`, {
          zh: `品牌策略引用了未知品牌“${brand}”`, en: `brand policy names unknown brand "${brand}"`,
        }, at(['preferredBrands', i]), brand));
      }
    });
    policy.defaultItems.forEach((code, i) => {
      const path = `${base}.defaultItems[${i}]`;
      const where = at(['defaultItems', i]);
      const item = byCode.get(code)?.item;
      if (!item && invalidCodes.has(code)) return;
      if (!item) {
        problems.push(catalogProblem('catalog.policyUnknownItem', 'error', path, {
          zh: `默认物料“${code}”在目录中不存在`, en: `default item "${code}" is not in the catalog`,
        }, where, code));
      } else if (item.status === 'obsolete') {
        problems.push(catalogProblem('catalog.obsoleteDefault', 'error', path, {
          zh: `默认物料“${code}”已停产，不能作为默认选择`, en: `default item "${code}" is obsolete and cannot be a default`,
        }, where, code));
      } else if (isFamily(family) && item.family !== family) {
        problems.push(catalogProblem('catalog.policyItemFamily', 'error', path, {
          zh: `默认物料“${code}”属于 ${item.family}，不属于 ${family}`, en: `default item "${code}" is a ${item.family}, not a ${family}`,
        }, where, code));
      }
    });
  });
}
