import { isMap, isScalar, isSeq, Scalar } from 'yaml';
import { fail, ok, type Problem, type Result } from '../problems.ts';
import { isHeaderSource, loadCatalog, type LoadCatalogOptions } from './load.ts';
import type { ItemChange, PriceListDiff } from './price-list-diff.ts';
import type { Catalog } from './schema.ts';
import type { CatalogSource } from './source-files.ts';
import { parseCatalogYaml } from './yaml-text.ts';

export interface ApplyOptions extends LoadCatalogOptions {
  /** Apply the good rows even though some rows are bad (the bad ones are left out). */
  skipBadRows?: boolean;
  /**
   * The user has seen the external-data warning and confirmed the cached values (CLI
   * --accept-external-data, or the confirmation of an import screen). Without it a diff read from a
   * workbook with external links or WEBSERVICE formulas is never applied.
   */
  confirmExternalData?: boolean;
}

export interface AppliedPriceList {
  sources: CatalogSource[];
  changedFiles: string[];
  catalog: Catalog;
  warnings: Problem[];
}

/** The refusal of a diff from a workbook with external data that the user has not confirmed (issue 12). */
export function externalDataUnconfirmed(file: string): Problem {
  return {
    code: 'priceList.externalDataUnconfirmed',
    severity: 'error',
    path: '',
    message: {
      zh: '价格表来自含外部链接或 WEBSERVICE 公式的工作簿，读取的是缓存值：请核对价格并确认后再导入，未做任何修改',
      en: 'The price list comes from a workbook with external links or WEBSERVICE formulas, read from cached values: check the prices and confirm before importing; nothing was applied',
    },
    location: { file },
  };
}

/**
 * Writes a diff into the catalog sources. Each changed value is replaced in place in the original
 * text (by the scalar's source range), so comments, layout and every other line stay byte-for-byte
 * the same and the review diff shows only the prices. The result is loaded again; a catalog that would
 * not load is never returned.
 */
export function applyPriceListDiff(sources: readonly CatalogSource[], diff: PriceListDiff, options: ApplyOptions = {}): Result<AppliedPriceList> {
  if (diff.externalData && options.confirmExternalData !== true) return fail([externalDataUnconfirmed(diff.file)]);
  if (diff.badRows.length > 0 && options.skipBadRows !== true) {
    return fail([
      ...diff.badRows,
      {
        code: 'priceList.blocked',
        severity: 'error',
        path: '',
        message: {
          zh: `价格表有 ${diff.badRows.length} 处错误，未做任何修改；改正后重试，或选择跳过错误行`,
          en: `the price list has ${diff.badRows.length} bad row problem(s); nothing was applied. Fix them, or choose to skip bad rows`,
        },
        location: { file: diff.file },
      },
    ]);
  }
  const pending = new Map(diff.changed.map((c) => [c.code, c]));
  const updated = sources.map((source) => {
    if (isHeaderSource(source.path)) return source;
    const text = editSource(source.text, pending);
    return text === source.text ? source : { path: source.path, text };
  });
  if (pending.size > 0) {
    return fail([...pending.keys()].map((code): Problem => ({
      code: 'priceList.notInSources',
      severity: 'error',
      path: 'code',
      message: { zh: `目录文件中找不到“${code}”（目录在比较后被修改了？）`, en: `"${code}" was not found in the catalog files (changed since the comparison?)` },
      location: { itemCode: code },
    })));
  }
  const reloaded = loadCatalog(updated, options);
  if (!reloaded.ok) return fail(reloaded.problems);
  const changedFiles = updated.filter((s, i) => s !== sources[i]).map((s) => s.path);
  return ok({ sources: updated, changedFiles, catalog: reloaded.value, warnings: reloaded.warnings }, reloaded.warnings);
}

function editSource(text: string, pending: Map<string, ItemChange>): string {
  const { doc } = parseCatalogYaml(text);
  const items = doc.get('items', true);
  if (!isSeq(items)) return text;
  const edits: { start: number; end: number; text: string }[] = [];
  for (const node of items.items) {
    if (!isMap(node)) continue;
    const code = node.get('code');
    const change = typeof code === 'string' ? pending.get(code) : undefined;
    if (!change) continue;
    pending.delete(change.code);
    const values: [string, string | undefined][] = [
      ['costPrice', change.costPrice?.new],
      ['listPrice', change.listPrice?.new],
      ['leadTimeDays', change.leadTimeDays ? String(change.leadTimeDays.new) : undefined],
    ];
    for (const [field, value] of values) {
      if (value === undefined) continue;
      const scalar = node.get(field, true);
      if (!isScalar(scalar) || !scalar.range) throw new Error(`catalog item ${change.code} has no scalar ${field}`);
      edits.push({ start: scalar.range[0], end: scalar.range[1], text: renderLike(scalar, value) });
    }
  }
  return edits
    .sort((a, b) => b.start - a.start)
    .reduce((t, e) => t.slice(0, e.start) + e.text + t.slice(e.end), text);
}

/** Keeps the quoting style the file used for this value. */
function renderLike(scalar: Scalar, value: string): string {
  if (scalar.type === Scalar.QUOTE_DOUBLE) return `"${value}"`;
  if (scalar.type === Scalar.QUOTE_SINGLE) return `'${value}'`;
  return value;
}
