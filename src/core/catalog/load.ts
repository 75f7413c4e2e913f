import { fail, hasErrors, ok, type Problem, type Result } from '../problems.ts';
import { checkItem } from './check-item.ts';
import { checkReferences, type LocatedItem } from './check-references.ts';
import { zodIssueText } from './family-schemas.ts';
import { fieldPath } from './field-path.ts';
import { catalogHeaderSchema, type Catalog, type CatalogHeader, type CatalogItem } from './schema.ts';
import { catalogProblem, locate, parseSource, toPlain, type CatalogSource, type SourceRef } from './source-files.ts';

export type { CatalogSource } from './source-files.ts';

export interface LoadCatalogOptions {
  /** Ids of the Kc tables that exist (rules/dlt5044/kc/*.yaml). When given, every battery must name one. */
  knownKcTables?: readonly string[];
}

/** The header is the source named catalog.yaml (or .yml); every other source is an items file. */
export function isHeaderSource(path: string): boolean {
  return /(^|[\\/])catalog\.ya?ml$/.test(path);
}

/**
 * Parses and validates a whole catalog and returns it only when it has no errors: all problems of
 * all files come back at once, each with file, line, item code and field path. Warnings ride along
 * with a successful result.
 */
export function loadCatalog(sources: readonly CatalogSource[], options: LoadCatalogOptions = {}): Result<Catalog> {
  const problems: Problem[] = [];
  const headerSources = sources.filter((s) => isHeaderSource(s.path));
  if (headerSources.length !== 1) {
    problems.push(
      catalogProblem('catalog.header', 'error', '', headerSources.length === 0
        ? { zh: '缺少目录文件头 catalog.yaml', en: 'the catalog header catalog.yaml is missing' }
        : { zh: `目录文件头只能有一个，找到 ${headerSources.length} 个`, en: `expected one catalog header, found ${headerSources.length}` },
      { file: headerSources.map((s) => s.path).join(', ') || 'catalog.yaml' }),
    );
  }
  const header = headerSources.length === 1 ? readHeader(headerSources[0] as CatalogSource, problems) : undefined;

  const entries: LocatedItem[] = [];
  // Codes of items that exist but failed validation: references to them are not "unknown", and
  // reporting them so would bury the real problem under follow-on noise.
  const invalidCodes = new Set<string>();
  for (const source of sources) {
    if (!isHeaderSource(source.path)) entries.push(...readItemsFile(source, problems, invalidCodes));
  }
  checkReferences(header, entries, { ...options, invalidCodes }, problems);

  if (!header || hasErrors(problems)) return fail(problems);
  const items: CatalogItem[] = entries.map((e) => e.item);
  const catalog: Catalog = {
    version: header.value.version,
    effectiveDate: header.value.effectiveDate,
    ...(header.value.note !== undefined ? { note: header.value.note } : {}),
    brands: header.value.brands,
    brandPolicy: header.value.brandPolicy,
    items,
    byCode: new Map(items.map((i) => [i.code, i])),
  };
  return ok(catalog, problems);
}

function readHeader(source: CatalogSource, problems: Problem[]): { value: CatalogHeader; ref: SourceRef } | undefined {
  const { parsed, problems: syntax } = parseSource(source);
  problems.push(...syntax);
  if (syntax.length > 0) return undefined;
  const ref: SourceRef = { file: source.path, parsed, nodePath: [] };
  const result = catalogHeaderSchema.safeParse(toPlain(parsed.doc.toJS()), { reportInput: true });
  if (!result.success) {
    for (const issue of result.error.issues) {
      const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
      problems.push(catalogProblem('catalog.schema', 'error', fieldPath('', path), zodIssueText(issue), locate(ref, path), issue.input));
    }
    return undefined;
  }
  return { value: result.data, ref };
}

function readItemsFile(source: CatalogSource, problems: Problem[], invalidCodes: Set<string>): LocatedItem[] {
  const { parsed, problems: syntax } = parseSource(source);
  problems.push(...syntax);
  if (syntax.length > 0) return [];
  const root = toPlain(parsed.doc.toJS()) as { family?: unknown; items?: unknown } | null;
  const fileRef: SourceRef = { file: source.path, parsed, nodePath: [] };
  if (root === null || typeof root !== 'object' || !Array.isArray(root.items)) {
    problems.push(
      catalogProblem('catalog.schema', 'error', 'items', {
        zh: '物料文件应包含 items 列表（可选 family）', en: 'an items file needs an `items` list (and optionally `family`)',
      }, locate(fileRef)),
    );
    return [];
  }
  const fileFamily = root.family === undefined ? undefined : String(root.family);
  const located: LocatedItem[] = [];
  root.items.forEach((raw, index) => {
    const ref: SourceRef = { file: source.path, parsed, nodePath: ['items', index] };
    const item = checkItem(raw, index, fileFamily, ref, problems);
    if (item) located.push({ item, ref });
    else if (raw !== null && typeof raw === 'object' && typeof (raw as { code?: unknown }).code === 'string') {
      invalidCodes.add((raw as { code: string }).code);
    }
  });
  return located;
}
