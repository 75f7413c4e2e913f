import Decimal from 'decimal.js';
import { parseMoney } from '../number-input.ts';
import type { Problem } from '../problems.ts';
import type { LocalText } from '../text.ts';
import { isBlank, type GridCell, type SheetGrid } from './grid.ts';
import { describeColumn, detectColumns, type ColumnMap, type ColumnRef, type PriceListField } from './price-list-columns.ts';

export interface PriceListRow {
  row: number;
  code: string;
  costPrice?: string;
  listPrice?: string;
  leadTimeDays?: number;
}

export interface PriceList {
  file: string;
  headerRow: number;
  columns: ColumnMap;
  /** Rows that read cleanly. A row with any bad cell is left out whole and reported in badRows. */
  rows: PriceListRow[];
  badRows: Problem[];
  warnings: Problem[];
  /** Read from a workbook with external links or WEBSERVICE formulas (SheetGrid.externalData). */
  externalData?: boolean;
}

type CellResult<T> = { ok: true; value: T } | { ok: false; code: string; reason: LocalText };

/**
 * A number cell as the decimal text the file holds: the shortest text that reads back as the same
 * double (123456789012345.67 stays .67; multiplying by 100 in floating point made it .68). Noise of a
 * few units in the last place from a spreadsheet formula (1234.5500000000002) is not a third decimal;
 * anything bigger is (1e-9 is refused, not read as 0.00).
 */
function numberToMoneyText(n: number): string | undefined {
  if (!Number.isFinite(n)) return undefined;
  const exact = new Decimal(String(n));
  if (exact.decimalPlaces() <= 2) return exact.toFixed(2);
  const fen = exact.toDecimalPlaces(2);
  const ulps = Decimal.max(exact.abs(), fen.abs()).times(1e-15);
  return exact.minus(fen).abs().lessThanOrEqualTo(ulps) && !(fen.isZero() && !exact.isZero()) ? fen.toFixed(2) : undefined;
}

export function readMoneyCell(cell: GridCell | undefined): CellResult<string> {
  if (isBlank(cell)) return { ok: false, code: 'priceList.missingPrice', reason: { zh: '价格为空', en: 'price is empty' } };
  if (typeof cell === 'object' && cell !== null && 'formula' in cell) {
    return {
      ok: false,
      code: 'priceList.formulaNoResult',
      reason: { zh: `公式“=${cell.formula}”没有计算结果：请在 Excel 中打开并保存，或粘贴为数值`, en: `formula "=${cell.formula}" has no cached result: open and save the file in Excel, or paste values` },
    };
  }
  if (typeof cell === 'object' && cell !== null && 'error' in cell) {
    return { ok: false, code: 'priceList.badPrice', reason: { zh: `单元格错误 ${cell.error}`, en: `cell error ${cell.error}` } };
  }
  if (typeof cell === 'boolean') return { ok: false, code: 'priceList.badPrice', reason: { zh: '不是金额', en: 'not an amount' } };
  let text: string | undefined;
  if (typeof cell === 'number') {
    text = numberToMoneyText(cell);
    if (text === undefined) return tooManyDecimals(String(cell));
  } else {
    const parsed = parseMoney(cell);
    if (!parsed.ok) return { ok: false, code: 'priceList.badPrice', reason: parsed.reason };
    if (parsed.value.decimalPlaces() > 2) return tooManyDecimals(String(cell));
    text = parsed.value.toFixed(2);
  }
  if (new Decimal(text).isNegative()) {
    return { ok: false, code: 'priceList.negativePrice', reason: { zh: `价格不能为负：${String(cell)}`, en: `price must not be negative: ${String(cell)}` } };
  }
  if (new Decimal(text).isZero()) {
    return { ok: false, code: 'priceList.zeroPrice', reason: { zh: `价格不能为零：${String(cell)}`, en: `price must not be zero: ${String(cell)}` } };
  }
  return { ok: true, value: text };
}

function tooManyDecimals(raw: string): CellResult<string> {
  return {
    ok: false,
    code: 'priceList.badPrice',
    reason: { zh: `“${raw}”超过两位小数：请在表中取整到分（=ROUND(…,2)）`, en: `"${raw}" has more than two decimals: round it to the fen in the sheet (=ROUND(…,2))` },
  };
}

export function readLeadTimeCell(cell: GridCell | undefined): CellResult<number> {
  const bad: CellResult<number> = {
    ok: false,
    code: 'priceList.badLeadTime',
    reason: { zh: `交期应为非负整数天数：${String(cell)}`, en: `lead time must be a whole number of days: ${String(cell)}` },
  };
  if (typeof cell === 'number') return Number.isInteger(cell) && cell >= 0 ? { ok: true, value: cell } : bad;
  if (typeof cell !== 'string') return bad;
  const ascii = cell.replace(/[\uFF10-\uFF19]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
  const m = /^\s*(\d+)\s*(天|d|days?)?\s*$/i.exec(ascii);
  return m ? { ok: true, value: Number(m[1]) } : bad;
}

function codeText(cell: GridCell | undefined): string {
  if (typeof cell === 'string') return cell.trim();
  if (typeof cell === 'number') return String(cell);
  return '';
}

/**
 * Reads a price list grid. Returns undefined-free rows plus every bad row with its row number and
 * column. Fails outright only when no header can be found (nothing can be read then).
 */
export function readPriceList(
  grid: SheetGrid,
  options: { map?: Partial<Record<PriceListField, string>> } = {},
): { ok: true; value: PriceList } | { ok: false; problems: Problem[] } {
  const detected = detectColumns(grid, options.map);
  if ('problem' in detected) return { ok: false, problems: [detected.problem] };
  const { headerRow, columns, warnings } = detected;
  const rows: PriceListRow[] = [];
  const badRows: Problem[] = [];
  const seen = new Map<string, number>();

  for (const gridRow of grid.rows) {
    if (gridRow.rowNumber <= headerRow || gridRow.cells.every(isBlank)) continue;
    const bad = (code: string, field: PriceListField, col: ColumnRef | undefined, reason: LocalText, itemCode?: string, value?: unknown) =>
      badRows.push({
        code,
        severity: 'error',
        path: field,
        message: reason,
        ...(value !== undefined ? { value } : {}),
        location: { file: grid.name, row: gridRow.rowNumber, ...(col ? { column: describeColumn(col) } : {}), ...(itemCode ? { itemCode } : {}) },
      });
    const code = codeText(columns.code ? gridRow.cells[columns.code.index] : undefined);
    if (code === '') {
      bad('priceList.missingCode', 'code', columns.code, { zh: '该行没有编码', en: 'the row has no code' });
      continue;
    }
    const before = badRows.length;
    const firstRow = seen.get(code);
    if (firstRow !== undefined) {
      bad('priceList.duplicateCode', 'code', columns.code, { zh: `编码重复，第 ${firstRow} 行已出现`, en: `duplicate code, already on row ${firstRow}` }, code, code);
      continue;
    }
    seen.set(code, gridRow.rowNumber);
    const row: PriceListRow = { row: gridRow.rowNumber, code };
    for (const field of ['costPrice', 'listPrice'] as const) {
      const col = columns[field];
      if (!col) continue;
      const cell = gridRow.cells[col.index];
      const r = readMoneyCell(cell);
      if (r.ok) row[field] = r.value;
      else bad(r.code, field, col, r.reason, code, cell ?? null);
    }
    if (columns.leadTimeDays) {
      const cell = gridRow.cells[columns.leadTimeDays.index];
      const r = readLeadTimeCell(cell);
      if (r.ok) row.leadTimeDays = r.value;
      else bad(r.code, 'leadTimeDays', columns.leadTimeDays, r.reason, code, cell ?? null);
    }
    if (badRows.length === before) rows.push(row);
  }
  return { ok: true, value: { file: grid.name, headerRow, columns, rows, badRows, warnings, ...(grid.externalData ? { externalData: true } : {}) } };
}
