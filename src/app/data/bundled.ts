import compiledCatalog from 'virtual:bundled-catalog';
import { catalogFromCompiled } from '../../core/catalog/compiled.ts';
import type { Catalog } from '../../core/catalog/schema.ts';

/**
 * The sample catalog and rules bundled with the app. The rules come as raw YAML text (Vite `?raw`
 * imports) through the same loaders the CLI uses; the catalog is validated by the same loader at build
 * time and arrives as JSON (parsing its YAML in the browser would cost about a second at every start).
 */
export interface SourceFile {
  path: string;
  text: string;
}

const rulesFiles = import.meta.glob('/rules/**/*.yaml', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

function toSources(files: Record<string, string>): SourceFile[] {
  return Object.entries(files)
    .map(([path, text]) => ({ path: path.replace(/^\//, ''), text }))
    .sort((a, b) => a.path.localeCompare(b.path));
}

/** The bundled catalog, validated at build time (see vite.config.ts). */
export function bundledCatalog(): Catalog {
  return catalogFromCompiled(compiledCatalog);
}

export function bundledRulesSources(): SourceFile[] {
  return toSources(rulesFiles);
}

