import type { Lang } from '../text.ts';
import type { BrandPolicy, Catalog, CatalogItem, Family, ItemOf } from './schema.ts';

/** Small read helpers over a loaded catalog, for sizing, BOM and pricing. None of them mutate. */

/** Items of one family, typed; active only unless `includeObsolete` (obsolete items stay quotable by code). */
export function itemsOf<F extends Family>(catalog: Catalog, family: F, options: { includeObsolete?: boolean } = {}): ItemOf<F>[] {
  return catalog.items.filter(
    (i): i is ItemOf<F> => i.family === family && (options.includeObsolete === true || i.status === 'active'),
  );
}

export function findItem(catalog: Catalog, code: string): CatalogItem | undefined {
  return catalog.byCode.get(code);
}

/** The item's declared alternates that exist, in the order given (active ones only unless asked). */
export function alternatesOf(catalog: Catalog, code: string, options: { includeObsolete?: boolean } = {}): CatalogItem[] {
  const item = catalog.byCode.get(code);
  if (!item) return [];
  return item.alternates
    .map((c) => catalog.byCode.get(c))
    .filter((i): i is CatalogItem => i !== undefined && (options.includeObsolete === true || i.status === 'active'));
}

/** The brand's display name in the language, or the id itself if the brand is unknown. */
export function brandName(catalog: Catalog, brandId: string, lang: Lang): string {
  const brand = catalog.brands.find((b) => b.id === brandId);
  if (!brand) return brandId;
  return lang === 'zh' ? brand.nameZh : brand.nameEn;
}

/** The policy for `breaker.dc`, falling back to `breaker`; undefined when the company set none. */
export function brandPolicyFor(catalog: Catalog, key: string): BrandPolicy | undefined {
  return catalog.brandPolicy.find((p) => p.key === key) ?? catalog.brandPolicy.find((p) => p.key === key.split('.')[0]);
}

/**
 * Orders candidate items by the policy's preferred brands (unlisted brands last, original order kept
 * within a brand), so a rule can take the first that fits its rating.
 */
export function byPreferredBrand<T extends CatalogItem>(items: readonly T[], policy: BrandPolicy | undefined): T[] {
  const rank = (brand: string) => {
    const i = policy?.preferredBrands.indexOf(brand) ?? -1;
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
  };
  return items
    .map((item, order) => ({ item, order }))
    .sort((a, b) => rank(a.item.brand) - rank(b.item.brand) || a.order - b.order)
    .map((x) => x.item);
}
