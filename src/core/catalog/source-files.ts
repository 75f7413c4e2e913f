import type { Problem, ProblemLocation, Severity } from '../problems.ts';
import type { LocalText } from '../text.ts';
import { lineAt, NumericText, parseCatalogYaml, type ParsedYaml } from './yaml-text.ts';

/** A catalog file as text: the core never touches the file system; the edge reads and writes these. */
export interface CatalogSource {
  path: string;
  text: string;
}

/** Where a value sits in its source, so a problem found later can still name the file and line. */
export interface SourceRef {
  file: string;
  parsed: ParsedYaml;
  nodePath: (string | number)[];
}

/** Line of `field` under `ref` (or of the nearest enclosing node that exists). */
export function lineOf(ref: SourceRef, field: (string | number)[] = []): number | undefined {
  const full = [...ref.nodePath, ...field];
  for (let n = full.length; n >= 0; n--) {
    const node = n === 0 ? ref.parsed.doc.contents : ref.parsed.doc.getIn(full.slice(0, n), true);
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
    if (range) return lineAt(ref.parsed, range[0]);
  }
  return undefined;
}

export function locate(ref: SourceRef, field: (string | number)[] = [], itemCode?: string): ProblemLocation {
  const row = lineOf(ref, field);
  return {
    file: ref.file,
    ...(row !== undefined ? { row } : {}),
    ...(itemCode !== undefined ? { itemCode } : {}),
  };
}

export function catalogProblem(
  code: string,
  severity: Severity,
  path: string,
  message: LocalText,
  location: ProblemLocation,
  value?: unknown,
): Problem {
  return { code, severity, path, message, location, ...(value !== undefined ? { value } : {}) };
}

/** Money fields keep their source text; these fields are text even when they look like numbers. */
export const MONEY_FIELDS: ReadonlySet<string> = new Set(['costPrice', 'listPrice']);
const TEXT_FIELDS: ReadonlySet<string> = new Set([
  'code', 'nameZh', 'nameEn', 'spec', 'brand', 'note', 'series', 'kcTable', 'version', 'effectiveDate',
  'id', 'key', 'source', 'alternates', 'preferredBrands', 'defaultItems',
]);

/**
 * Plain JS from a parsed document. NumericText becomes a number only for measurement fields; money
 * and text fields keep the exact characters from the file. Array elements inherit the array's key.
 */
export function toPlain(value: unknown, key = ''): unknown {
  if (value instanceof NumericText) {
    return MONEY_FIELDS.has(key) || TEXT_FIELDS.has(key) ? value.text : Number(value.text);
  }
  if (Array.isArray(value)) return value.map((v) => toPlain(v, key));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toPlain(v, k)]));
  }
  return value;
}

export function parseSource(source: CatalogSource): { parsed: ParsedYaml; problems: Problem[] } {
  const parsed = parseCatalogYaml(source.text);
  const problems = parsed.doc.errors.map((e) =>
    catalogProblem(
      'catalog.yamlSyntax',
      'error',
      '',
      { zh: `YAML 语法错误：${e.message.split('\n')[0]}`, en: `YAML syntax error: ${e.message.split('\n')[0]}` },
      { file: source.path, ...(e.linePos?.[0] ? { row: e.linePos[0].line } : {}) },
    ),
  );
  return { parsed, problems };
}
