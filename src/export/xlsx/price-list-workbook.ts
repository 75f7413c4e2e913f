import ExcelJS from 'exceljs';
import { fail, ok, type Result } from '../../core/problems.ts';
import type { GridCell, GridRow, SheetGrid } from '../../core/catalog/grid.ts';
import { PRICE_LIST_EXPORT_COLUMNS, priceListExportRows } from '../../core/catalog/price-list.ts';
import type { Catalog } from '../../core/catalog/schema.ts';

/**
 * The only place the price list touches exceljs: catalog → .xlsx, and .xlsx → a plain SheetGrid for
 * the pure importer. Swapping the spreadsheet library means rewriting this file only.
 */

const WIDTHS: Record<(typeof PRICE_LIST_EXPORT_COLUMNS)[number], number> = {
  code: 24, family: 16, nameZh: 26, nameEn: 32, spec: 36, unit: 7, brand: 12, costPrice: 12, listPrice: 12, leadTimeDays: 12, status: 9,
};
const MONEY_COLUMNS = new Set(['costPrice', 'listPrice']);

/** The catalog as one sheet, header row of field names, frozen header and code column. */
export async function writePriceListWorkbook(catalog: Catalog): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.title = `catalog ${catalog.version}`;
  const ws = wb.addWorksheet('price-list', { views: [{ state: 'frozen', xSplit: 1, ySplit: 1 }] });
  ws.columns = PRICE_LIST_EXPORT_COLUMNS.map((key) => ({
    header: key,
    key,
    width: WIDTHS[key],
    ...(MONEY_COLUMNS.has(key) ? { style: { numFmt: '0.00' } } : {}),
  }));
  for (const row of priceListExportRows(catalog)) {
    // Cells hold numbers so people can calculate with them; a two-decimal string → double → shortest
    // decimal form is exact, so the import reads back the same text.
    ws.addRow({ ...row, costPrice: Number(row.costPrice), listPrice: Number(row.listPrice) });
  }
  ws.getRow(1).font = { bold: true };
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: PRICE_LIST_EXPORT_COLUMNS.length } };
  const buffer = await wb.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}

function toGridCell(value: ExcelJS.CellValue): GridCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('error' in value) return { error: String(value.error) };
  if ('formula' in value || 'sharedFormula' in value) {
    const formula = 'formula' in value ? value.formula : value.sharedFormula;
    const result = value.result;
    if (result === undefined || result === null) return { formula: String(formula) };
    return toGridCell(result as ExcelJS.CellValue);
  }
  if ('hyperlink' in value) return value.text;
  return null;
}

/**
 * Reads one sheet (named, or the first) into a grid. Merged cells read as their top-left value, so a
 * brand or price merged down several rows applies to each of them.
 */
export async function readPriceListWorkbook(data: Uint8Array, options: { sheet?: string; name?: string } = {}): Promise<Result<SheetGrid>> {
  const wb = new ExcelJS.Workbook();
  const name = options.name ?? 'workbook';
  try {
    await wb.xlsx.load(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer);
  } catch (e) {
    return fail([{
      code: 'priceList.unreadable',
      severity: 'error',
      path: '',
      message: { zh: `无法读取 Excel 文件：${(e as Error).message}`, en: `cannot read the Excel file: ${(e as Error).message}` },
      location: { file: name },
    }]);
  }
  const ws = options.sheet ? wb.getWorksheet(options.sheet) : wb.worksheets[0];
  if (!ws) {
    return fail([{
      code: 'priceList.noSheet',
      severity: 'error',
      path: '',
      message: { zh: `找不到工作表“${options.sheet ?? ''}”`, en: `worksheet "${options.sheet ?? ''}" not found` },
      location: { file: name },
    }]);
  }
  const rows: GridRow[] = [];
  const width = ws.columnCount;
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: GridCell[] = [];
    for (let c = 1; c <= width; c++) cells.push(toGridCell(row.getCell(c).value));
    rows.push({ rowNumber, cells });
  });
  return ok({ name: `${name}${options.sheet ? `[${ws.name}]` : ''}`, rows });
}
