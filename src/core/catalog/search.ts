import type { Catalog, CatalogItem, Family } from './schema.ts';

export interface CatalogQuery {
  /** Free text matched against code, Chinese and English names, spec and series (case-insensitive). */
  text?: string;
  family?: Family;
  brand?: string;
  includeObsolete?: boolean;
}

/**
 * The catalog browser's search: every whitespace-separated term must match somewhere in the item.
 * Results keep catalog order so families stay together.
 */
export function searchCatalog(catalog: Catalog, query: CatalogQuery): CatalogItem[] {
  const terms = (query.text ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  return catalog.items.filter((item) => {
    if (query.family && item.family !== query.family) return false;
    if (query.brand && item.brand !== query.brand) return false;
    if (!query.includeObsolete && item.status === 'obsolete') return false;
    if (terms.length === 0) return true;
    const haystack = searchableText(item);
    return terms.every((term) => haystack.includes(term));
  });
}

function searchableText(item: CatalogItem): string {
  const series = 'series' in item ? item.series : '';
  return `${item.code} ${item.nameZh} ${item.nameEn} ${item.spec} ${series}`.toLowerCase();
}

/** Families and brands present in a catalog, in first-seen order, for filter menus. */
export function catalogFacets(catalog: Catalog): { families: Family[]; brands: string[] } {
  const families = new Set<Family>();
  const brands = new Set<string>();
  for (const item of catalog.items) {
    families.add(item.family);
    brands.add(item.brand);
  }
  return { families: [...families], brands: [...brands] };
}
