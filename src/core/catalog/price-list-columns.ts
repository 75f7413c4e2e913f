import type { Problem } from '../problems.ts';
import { columnIndex, columnLetter, type GridCell, type SheetGrid } from './grid.ts';

/** The fields a price list can update. Other columns (names, spec, brand …) are for the reader only. */
export const PRICE_LIST_FIELDS = ['code', 'costPrice', 'listPrice', 'leadTimeDays'] as const;
export type PriceListField = (typeof PRICE_LIST_FIELDS)[number];

/** Header names people use, normalised (see normaliseHeader). First the names our own export writes. */
const ALIASES: Record<PriceListField, readonly string[]> = {
  code: ['code', 'itemcode', 'partno', 'partnumber', 'materialcode', 'sku', '编码', '物料编码', '物料代码', '代码', '料号', '物料号', '存货编码'],
  costPrice: ['costprice', 'cost', 'unitcost', 'purchaseprice', '成本价', '成本', '成本单价', '采购价', '采购单价', '进价'],
  // Not "单价"/"price"/"价格": on a supplier's list that is our cost, on ours the selling price; --map decides.
  listPrice: ['listprice', 'list', 'salesprice', 'sellingprice', '销售价', '售价', '销售单价', '目录价', '标准价', '报价'],
  leadTimeDays: ['leadtimedays', 'leadtime', 'delivery', 'deliverydays', '交期', '交货期', '货期', '供货周期', '交货周期'],
};

/** "成本价（元）", "Cost Price (CNY)", "lead_time" → "成本价", "costprice", "leadtime". */
export function normaliseHeader(text: string): string {
  return text
    .toLowerCase()
    .replace(/[（(［[【][^）)］\]】]*[）)］\]】]/g, '')
    .replace(/[\s_\-*:：/／¥￥.]/g, '')
    .replace(/(元|cny|rmb|天|days?)$/, '');
}

const NORMALISED_ALIASES: Record<PriceListField, ReadonlySet<string>> = {
  code: new Set(ALIASES.code.map(normaliseHeader)),
  costPrice: new Set(ALIASES.costPrice.map(normaliseHeader)),
  listPrice: new Set(ALIASES.listPrice.map(normaliseHeader)),
  leadTimeDays: new Set(ALIASES.leadTimeDays.map(normaliseHeader)),
};

export interface ColumnRef {
  index: number;
  header: string;
}
export type ColumnMap = Partial<Record<PriceListField, ColumnRef>>;

/** "C (成本价)": how a problem names a column to the person with the spreadsheet open. */
export function describeColumn(ref: ColumnRef): string {
  return `${columnLetter(ref.index)} (${ref.header})`;
}

function cellText(cell: GridCell | undefined): string {
  return typeof cell === 'string' || typeof cell === 'number' ? String(cell).trim() : '';
}

/**
 * Finds the header row (the first of the top 20 rows that names a code column and at least one
 * other known column; title rows above it are skipped) and maps fields to columns. `overrides` maps a
 * field to a header text or a column letter, for sheets whose headers we do not recognise.
 */
export function detectColumns(
  grid: SheetGrid,
  overrides: Partial<Record<PriceListField, string>> = {},
): { headerRow: number; columns: ColumnMap; warnings: Problem[] } | { problem: Problem } {
  for (const row of grid.rows.slice(0, 20)) {
    const headers = row.cells.map(cellText);
    const columns: ColumnMap = {};
    const warnings: Problem[] = [];
    for (const field of PRICE_LIST_FIELDS) {
      const wanted = overrides[field];
      let index: number;
      if (wanted !== undefined) {
        const byHeader = headers.findIndex((h) => h === wanted.trim() || normaliseHeader(h) === normaliseHeader(wanted));
        index = byHeader >= 0 ? byHeader : (columnIndex(wanted.trim()) ?? -1);
      } else {
        const matches = headers.flatMap((h, i) => (h !== '' && NORMALISED_ALIASES[field].has(normaliseHeader(h)) ? [i] : []));
        index = matches[0] ?? -1;
        for (const extra of matches.slice(1)) {
          warnings.push({
            code: 'priceList.duplicateColumn',
            severity: 'warning',
            path: field,
            message: {
              zh: `列 ${columnLetter(extra)}（${headers[extra]}）也像是 ${field}，已忽略，使用列 ${columnLetter(index)}`,
              en: `column ${columnLetter(extra)} (${headers[extra]}) also looks like ${field}; ignored, using column ${columnLetter(index)}`,
            },
            location: { file: grid.name, row: row.rowNumber, column: columnLetter(extra) },
          });
        }
      }
      if (index >= 0) columns[field] = { index, header: headers[index] || columnLetter(index) };
    }
    if (columns.code && (columns.costPrice || columns.listPrice || columns.leadTimeDays)) {
      return { headerRow: row.rowNumber, columns, warnings };
    }
  }
  return {
    problem: {
      code: 'priceList.noHeader',
      severity: 'error',
      path: '',
      message: {
        zh: '找不到表头：需要“编码/物料编码/code”列，以及“成本价/cost”“销售价/list price”“交期/lead time”中至少一列；可用 --map 字段=表头 指定',
        en: 'no header row found: need a code column (编码/code) and at least one of cost price, list price, lead time; use --map field=header to name them',
      },
      location: { file: grid.name },
    },
  };
}
