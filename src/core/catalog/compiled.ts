import type { Catalog } from './schema.ts';

/**
 * A catalog already validated by `loadCatalog` (at build time), in a plain JSON form. Parsing 350 KB
 * of YAML costs about a second in a browser; reading this costs milliseconds. Only the bundled
 * catalog takes this path; a catalog a user loads goes through the full loader.
 */
export interface CompiledCatalog {
  format: 'dcq-compiled-catalog/1';
  catalog: Omit<Catalog, 'byCode'>;
}

export function compileCatalog(catalog: Catalog): CompiledCatalog {
  const { byCode: _byCode, ...rest } = catalog;
  return { format: 'dcq-compiled-catalog/1', catalog: rest };
}

export function catalogFromCompiled(compiled: CompiledCatalog): Catalog {
  if (compiled.format !== 'dcq-compiled-catalog/1') throw new Error(`unknown compiled catalog format ${String(compiled.format)}`);
  const { items } = compiled.catalog;
  return { ...compiled.catalog, byCode: new Map(items.map((i) => [i.code, i])) };
}
