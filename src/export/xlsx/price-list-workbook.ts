import ExcelJS from 'exceljs';
import { fail, ok, type Problem, type Result } from '../../core/problems.ts';
import { columnLetter, PRICE_LIST_DOCUMENT, type GridCell, type GridDocument, type GridRow, type SheetGrid } from '../../core/catalog/grid.ts';
import { workbookZipProblems } from '../../core/catalog/zip-directory.ts';
import { fileTooLarge, limitProblem, type InputLimits } from '../../core/limits.ts';
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

/** Formulas whose cached value came from outside the file: another workbook ([1]Sheet!A1) or the web. */
const EXTERNAL_FORMULA = /\bWEBSERVICE\s*\(|\bFILTERXML\s*\(|\bRTD\s*\(|\[\d+\]|'?[A-Za-z]:\\|https?:\/\//i;

function toGridCell(value: ExcelJS.CellValue, external: { found: boolean }): GridCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('error' in value) return { error: String(value.error) };
  if ('formula' in value || 'sharedFormula' in value) {
    const formula = 'formula' in value ? value.formula : value.sharedFormula;
    if (EXTERNAL_FORMULA.test(String(formula))) external.found = true;
    const result = value.result;
    if (result === undefined || result === null) return { formula: String(formula) };
    return toGridCell(result as ExcelJS.CellValue, external);
  }
  if ('hyperlink' in value) return value.text;
  return null;
}

export interface WorkbookReadOptions {
  sheet?: string;
  name?: string;
  /** rules/limits/input-limits.yaml `priceList`: checked before the workbook is parsed and while its rows are read. */
  limits?: InputLimits['priceList'];
  /** What the workbook is, in the refusals' words (default: the price list). */
  document?: GridDocument;
}

/**
 * Reads one sheet (named, or the first) into a grid. Merged cells read as their top-left value, so a
 * brand or price merged down several rows applies to each of them. Before exceljs sees the file, its
 * size and the uncompressed size of every part (from the zip directory) are checked against the
 * limits; rows are read cell by cell (only the cells that exist), never as columnCount × rows, and a
 * sheet using more rows or columns than the limits is refused. A workbook with external links or
 * formulas fed from outside (WEBSERVICE, another workbook) comes back with a `priceList.externalData`
 * warning: its cached values were not computed from this file, so callers ask for confirmation.
 */
export async function readPriceListWorkbook(data: Uint8Array, options: WorkbookReadOptions = {}): Promise<Result<SheetGrid>> {
  const wb = new ExcelJS.Workbook();
  const name = options.name ?? 'workbook';
  const limits = options.limits;
  const at = { location: { file: name } };
  const doc = options.document ?? PRICE_LIST_DOCUMENT;
  let externalLinks = false;
  if (limits) {
    if (data.length > limits.maxFileBytes) return fail([fileTooLarge({ zh: `${doc.zh}文件`, en: `${doc.en} file` }, data.length, limits.maxFileBytes, name)]);
    const zip = await workbookZipProblems(data, limits.maxUncompressedBytes, name);
    if (zip.problems.length > 0) return fail(zip.problems);
    externalLinks = zip.entries.some((e) => /^xl\/externalLinks\//i.test(e.name));
  }
  try {
    await wb.xlsx.load(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer);
  } catch (e) {
    return fail([{
      code: 'priceList.unreadable',
      severity: 'error',
      path: '',
      message: { zh: `无法读取${doc.zh} Excel 文件：${(e as Error).message}`, en: `cannot read the ${doc.en} Excel file: ${(e as Error).message}` },
      location: { file: name },
    }]);
  }
  const ws = options.sheet ? wb.getWorksheet(options.sheet) : wb.worksheets[0];
  if (!ws) {
    return fail([{
      code: 'priceList.noSheet',
      severity: 'error',
      path: '',
      message: { zh: `${doc.zh}中找不到工作表“${options.sheet ?? ''}”`, en: `worksheet "${options.sheet ?? ''}" not found in the ${doc.en}` },
      location: { file: name },
    }]);
  }
  const maxRows = limits?.maxRows ?? Infinity;
  const maxColumns = limits?.maxColumns ?? Infinity;
  const external = { found: false };
  const rows: GridRow[] = [];
  let rowsOver = 0;
  let widest = 0;
  let widestRow = 0;
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    if (rows.length >= maxRows) {
      rowsOver++;
      return;
    }
    const cells: GridCell[] = [];
    row.eachCell({ includeEmpty: false }, (cell, col) => {
      if (col > widest) {
        widest = col;
        widestRow = rowNumber;
      }
      if (col <= maxColumns) cells[col - 1] = toGridCell(cell.value, external);
    });
    // Dense (no holes) up to the row's last cell within the limit.
    for (let c = 0; c < cells.length; c++) if (cells[c] === undefined) cells[c] = null;
    rows.push({ rowNumber, cells });
  });
  if (rowsOver > 0) {
    return fail([{ ...limitProblem('priceList.tooManyRows', '', { zh: `${doc.zh}行数`, en: `The number of rows of the ${doc.en}` }, rows.length + rowsOver, maxRows), ...at }]);
  }
  if (widest > maxColumns) {
    return fail([{
      ...limitProblem('priceList.tooManyColumns', '', { zh: `${doc.zh}使用的列数（第 ${widestRow} 行用到第 ${columnLetter(widest - 1)} 列）`, en: `The columns used by the ${doc.en} (row ${widestRow} reaches column ${columnLetter(widest - 1)})` }, widest, maxColumns),
      ...at,
    }]);
  }
  const warnings: Problem[] = [];
  if (externalLinks || external.found) {
    warnings.push({
      code: 'priceList.externalData',
      severity: 'warning',
      path: '',
      ...at,
      message: {
        zh: '工作簿含外部链接或从外部取数的公式（如 WEBSERVICE、其他工作簿）：读取的是上次保存时缓存的值，未必是现在的价格。请确认后再导入',
        en: 'The workbook has external links or formulas fed from outside (WEBSERVICE, another workbook): the values read are those cached when it was last saved, not necessarily current prices. Confirm before importing',
      },
    });
  }
  return ok({ name: `${name}${options.sheet ? `[${ws.name}]` : ''}`, rows, ...(externalLinks || external.found ? { externalData: true } : {}) }, warnings);
}
