/**
 * The sample catalog and rules bundled with the app, as raw YAML text (Vite `?raw` imports), loaded
 * through the same core loaders the CLI uses.
 */
export interface SourceFile {
  path: string;
  text: string;
}

const catalogFiles = import.meta.glob('/catalog/**/*.yaml', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;
const rulesFiles = import.meta.glob('/rules/**/*.yaml', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

function toSources(files: Record<string, string>): SourceFile[] {
  return Object.entries(files)
    .map(([path, text]) => ({ path: path.replace(/^\//, ''), text }))
    .sort((a, b) => a.path.localeCompare(b.path));
}

export function bundledCatalogSources(): SourceFile[] {
  return toSources(catalogFiles);
}

export function bundledRulesSources(): SourceFile[] {
  return toSources(rulesFiles);
}

/** Kc table ids the bundled rules provide (file names under rules/dlt5044/kc/). */
export function bundledKcTableIds(): string[] {
  return Object.keys(rulesFiles)
    .map((p) => /\/rules\/dlt5044\/kc\/([^/]+)\.yaml$/.exec(p)?.[1])
    .filter((id): id is string => Boolean(id));
}
