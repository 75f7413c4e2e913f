import { extname } from 'node:path';
import { gridLimitProblems } from '../core/catalog/grid.ts';
import { decodeText, parseCsv, PRICE_LIST_FIELDS, type PriceListField, type SheetGrid } from '../core/catalog/price-list.ts';
import type { InputLimits } from '../core/limits.ts';
import { fail, ok, type Result } from '../core/problems.ts';
import { readBoundedFile } from './input-files.ts';

/**
 * Reading a price list into a grid, for `dcq catalog import` and the server's catalog import alike:
 * the size, the zip directory (uncompressed sizes), the rows and the columns used are checked against
 * rules/limits before anything is parsed in full.
 */
const MAP_SHORT: Record<string, PriceListField> = { cost: 'costPrice', list: 'listPrice', lead: 'leadTimeDays' };

/** ["costPrice=采购单价", "code=A"] → mapping; a message when a pair is malformed. */
export function parseMap(pairs: readonly string[]): Partial<Record<PriceListField, string>> | string {
  const map: Partial<Record<PriceListField, string>> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    const key = eq > 0 ? pair.slice(0, eq).trim() : '';
    // Own keys only: `constructor=B` or `__proto__=B` name no field.
    const field = (PRICE_LIST_FIELDS as readonly string[]).includes(key) ? (key as PriceListField) : Object.hasOwn(MAP_SHORT, key) ? MAP_SHORT[key] : undefined;
    if (!field || eq === pair.length - 1) {
      return `--map ${pair}: expected field=header with field one of ${PRICE_LIST_FIELDS.join(', ')} / 格式应为 字段=表头`;
    }
    map[field] = pair.slice(eq + 1);
  }
  return map;
}

/** A price list already in memory (its size checked by the caller): .csv/.txt as text, anything else as a workbook. */
export async function gridFromBytes(bytes: Uint8Array, name: string, sheet: string | undefined, limits: InputLimits['priceList']): Promise<Result<SheetGrid>> {
  const ext = extname(name).toLowerCase();
  if (ext === '.csv' || ext === '.txt') {
    const grid = parseCsv(decodeText(bytes).text, name);
    const over = gridLimitProblems(grid, limits);
    return over.length > 0 ? fail(over) : ok(grid);
  }
  // exceljs loads only for workbooks: `catalog check` starts without it.
  const { readPriceListWorkbook } = await import('../export/xlsx/price-list-workbook.ts');
  return readPriceListWorkbook(bytes, { name, limits, ...(sheet ? { sheet } : {}) });
}

export async function readGrid(file: string, sheet: string | undefined, limits: InputLimits['priceList']): Promise<Result<SheetGrid>> {
  const read = await readBoundedFile(file, limits.maxFileBytes, { zh: '价格表文件', en: 'price list file' });
  if (!read.ok) return read.io ? fail(read.problems.map((p) => ({ ...p, code: 'catalog.io' }))) : read;
  return gridFromBytes(read.value, file, sheet, limits);
}
