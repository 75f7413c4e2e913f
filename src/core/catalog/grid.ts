import { limitProblem } from '../limits.ts';
import type { Problem } from '../problems.ts';

/**
 * A spreadsheet as plain values, the shape both the xlsx adapter and the CSV reader produce, so the
 * price-list logic never sees a spreadsheet library. A formula cell with a cached result arrives as
 * that result; one without a result arrives as `{ formula }` so the row can be reported.
 */
export type GridCell = string | number | boolean | null | { formula: string } | { error: string };

export interface GridRow {
  /** 1-based row number as the spreadsheet program shows it. */
  rowNumber: number;
  cells: GridCell[];
}

export interface SheetGrid {
  name: string;
  rows: GridRow[];
  /**
   * The workbook has external links or formulas fed from outside (WEBSERVICE, another workbook): its
   * values are the ones cached when it was saved. A price list read from it is applied only with the
   * user's explicit confirmation (issue 12).
   */
  externalData?: boolean;
}

/** Column index (0-based) → spreadsheet letter: 0 → A, 27 → AB. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** Spreadsheet letter → 0-based index, or undefined when `s` is not a column letter. */
export function columnIndex(s: string): number | undefined {
  if (!/^[A-Za-z]{1,3}$/.test(s)) return undefined;
  return s.toUpperCase().split('').reduce((n, c) => n * 26 + (c.charCodeAt(0) - 64), 0) - 1;
}

export function isBlank(cell: GridCell | undefined): boolean {
  return cell === null || cell === undefined || (typeof cell === 'string' && cell.trim() === '');
}

/** The document a grid is read as, in the words a refusal uses (a tender's requirement table is not a price list). */
export interface GridDocument {
  zh: string;
  en: string;
}
export const PRICE_LIST_DOCUMENT: GridDocument = { zh: '价格表', en: 'price list' };

/** Rows and the columns actually used (the rightmost non-blank cell) of a grid against the price-list limits. */
export function gridLimitProblems(grid: SheetGrid, limits: { maxRows: number; maxColumns: number }, document: GridDocument = PRICE_LIST_DOCUMENT): Problem[] {
  const out: Problem[] = [];
  const at = { location: { file: grid.name } };
  if (grid.rows.length > limits.maxRows) out.push({ ...limitProblem('priceList.tooManyRows', '', { zh: `${document.zh}行数`, en: `The number of rows of the ${document.en}` }, grid.rows.length, limits.maxRows), ...at });
  let widest = 0;
  let widestRow = 0;
  for (const r of grid.rows) {
    for (let c = r.cells.length - 1; c >= widest; c--) {
      if (!isBlank(r.cells[c])) {
        widest = c + 1;
        widestRow = r.rowNumber;
        break;
      }
    }
  }
  if (widest > limits.maxColumns) {
    out.push({ ...limitProblem('priceList.tooManyColumns', '', { zh: `${document.zh}使用的列数（第 ${widestRow} 行用到第 ${columnLetter(widest - 1)} 列）`, en: `The columns used by the ${document.en} (row ${widestRow} reaches column ${columnLetter(widest - 1)})` }, widest, limits.maxColumns), ...at });
  }
  return out;
}
