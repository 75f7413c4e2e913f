/**
 * Price-list import and export, the pure part: column detection, cell reading, diff and apply.
 * Spreadsheet files are read and written by src/export/xlsx/price-list-workbook.ts; CSV by csv.ts.
 */
import type { Catalog } from './schema.ts';

export { parseCsv, decodeText } from './csv.ts';
export type { GridCell, GridRow, SheetGrid } from './grid.ts';
export { detectColumns, normaliseHeader, PRICE_LIST_FIELDS, type ColumnMap, type PriceListField } from './price-list-columns.ts';
export { readPriceList, readMoneyCell, type PriceList, type PriceListRow } from './price-list-rows.ts';
export { diffPriceList, type ItemChange, type MoneyChange, type PriceListDiff } from './price-list-diff.ts';
export { applyPriceListDiff, type AppliedPriceList, type ApplyOptions } from './price-list-apply.ts';

/** The export columns, in order; the header row uses exactly these names so a re-import maps itself. */
export const PRICE_LIST_EXPORT_COLUMNS = [
  'code', 'family', 'nameZh', 'nameEn', 'spec', 'unit', 'brand', 'costPrice', 'listPrice', 'leadTimeDays', 'status',
] as const;
export type PriceListExportColumn = (typeof PRICE_LIST_EXPORT_COLUMNS)[number];

/** One row per item in catalog order; money as its exact two-decimal text. */
export function priceListExportRows(catalog: Catalog): Record<PriceListExportColumn, string | number>[] {
  return catalog.items.map((i) => ({
    code: i.code,
    family: i.family,
    nameZh: i.nameZh,
    nameEn: i.nameEn,
    spec: i.spec,
    unit: i.unit,
    brand: i.brand,
    costPrice: i.costPrice,
    listPrice: i.listPrice,
    leadTimeDays: i.leadTimeDays,
    status: i.status,
  }));
}
