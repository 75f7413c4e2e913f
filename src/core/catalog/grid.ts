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
