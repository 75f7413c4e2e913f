import Decimal from 'decimal.js';
import { Money, roundToFen } from '../money.ts';

/**
 * A neutral spreadsheet model: what our workbooks contain, without any spreadsheet library.
 * Document builders (pure) produce it; src/export/xlsx/workbook-writer.ts renders it with exceljs.
 *
 * - Numbers are exact decimal strings, never JS numbers.
 * - A formula is a small typed tree of cell references, decimal constants, + − × ÷ and whitelisted
 *   functions. There is no way to put text into a formula, so user text can never become one.
 *   Every formula cell carries its result, computed exactly with decimal.js; `checkFormulaResults`
 *   evaluates the tree and the writer refuses a workbook whose stated results disagree.
 * - Customer workbooks cannot hide anything: the writer rejects hidden sheets/columns/rows for them.
 */

export type NumberFormat = 'money' | 'percent' | 'integer' | 'decimal' | 'text';

export interface CellStyle {
  format?: NumberFormat;
  bold?: boolean;
  border?: boolean;
  fill?: 'header' | 'subtotal' | 'total' | 'title';
  align?: 'left' | 'center' | 'right';
  wrap?: boolean;
  fontSize?: number;
}

/** Zero-based coordinates. `sheet` is the name of another sheet of the same workbook, if any. */
export interface CellRef {
  sheet?: string;
  row: number;
  col: number;
}

export const FORMULA_FUNCTIONS = ['SUM', 'ROUND', 'ABS', 'MIN', 'MAX'] as const;
export type FormulaFunction = (typeof FORMULA_FUNCTIONS)[number];

export type Formula =
  | { op: 'ref'; ref: CellRef }
  | { op: 'range'; from: CellRef; to: CellRef }
  | { op: 'const'; value: string }
  | { op: '+' | '-' | '*' | '/'; left: Formula; right: Formula }
  | { op: 'fn'; name: FormulaFunction; args: Formula[] };

export type Cell =
  | { kind: 'empty'; style?: CellStyle }
  | { kind: 'text'; text: string; style?: CellStyle }
  | { kind: 'number'; value: string; style?: CellStyle }
  | { kind: 'formula'; formula: Formula; result: string; style?: CellStyle };

export interface Column {
  /** Width in characters (Excel units); omitted: computed from the content (CJK counts double). */
  width?: number;
  hidden?: boolean;
}

export interface MergedRange {
  from: { row: number; col: number };
  to: { row: number; col: number };
}

export interface Sheet {
  name: string;
  columns: Column[];
  rows: Cell[][];
  /** Rows kept visible when scrolling (title + header rows). */
  frozenRows?: number;
  /** Rows repeated at the top of every printed page, zero-based inclusive. */
  printTitleRows?: { first: number; last: number };
  orientation?: 'landscape' | 'portrait';
  merges?: MergedRange[];
  hidden?: boolean;
  /** Printed footer text (left part); page numbers are always added on the right. */
  printFooter?: string;
  /** Printed header text (centre), e.g. the internal-document mark. */
  printHeader?: string;
  /**
   * Rows (zero-based) that must print on the same page as the row before them: a panel's first line after
   * its heading, a subtotal after the panel's last line, the totals block, the notes and the seal block.
   * The writer then stores every row height and sets manual page breaks (keepTogetherBreaks).
   */
  keepWithPrevious?: number[];
  /**
   * Rows (zero-based) that open a printed page whatever the fill of the page before: a panel's "（续）" title
   * row where the panel continues on the next page. Planned by the builder with `printPlan`, the planner the
   * writer uses too, so the continued title is where the page turns.
   */
  pageStarts?: number[];
}

export interface WorkbookModel {
  /** 'customer' workbooks may hide nothing; the writer enforces it. */
  audience: 'internal' | 'customer';
  sheets: Sheet[];
  properties: { title: string; creator: string; company?: string; created: Date };
}

// ---------------------------------------------------------------------------------------------
// Building blocks

const DECIMAL = /^-?\d+(\.\d+)?$/;

export const empty = (style?: CellStyle): Cell => (style ? { kind: 'empty', style } : { kind: 'empty' });
export const text = (value: string, style?: CellStyle): Cell => (style ? { kind: 'text', text: value, style } : { kind: 'text', text: value });

export function num(value: Decimal.Value, style?: CellStyle): Cell {
  const s = new Money(value).toFixed();
  return style ? { kind: 'number', value: s, style } : { kind: 'number', value: s };
}

export const ref = (row: number, col: number, sheet?: string): Formula => ({ op: 'ref', ref: sheet === undefined ? { row, col } : { sheet, row, col } });
export const range = (from: CellRef, to: CellRef): Formula => ({ op: 'range', from, to });
export const constant = (value: Decimal.Value): Formula => ({ op: 'const', value: new Money(value).toFixed() });
export const add = (left: Formula, right: Formula): Formula => ({ op: '+', left, right });
export const sub = (left: Formula, right: Formula): Formula => ({ op: '-', left, right });
export const mul = (left: Formula, right: Formula): Formula => ({ op: '*', left, right });
export const div = (left: Formula, right: Formula): Formula => ({ op: '/', left, right });
export const fn = (name: FormulaFunction, ...args: Formula[]): Formula => ({ op: 'fn', name, args });
/** ROUND(x, 2): Excel rounds half away from zero, which is our rule (roundToFen). */
export const roundFen = (x: Formula): Formula => fn('ROUND', x, constant(2));

export function formula(f: Formula, result: Decimal.Value, style?: CellStyle): Cell {
  const r = new Money(result).toFixed();
  return style ? { kind: 'formula', formula: f, result: r, style } : { kind: 'formula', formula: f, result: r };
}

// ---------------------------------------------------------------------------------------------
// A1 notation

export function columnLetter(col: number): string {
  if (!Number.isInteger(col) || col < 0 || col > 16383) throw new RangeError(`column ${col}`);
  let n = col + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

export function a1(row: number, col: number): string {
  if (!Number.isInteger(row) || row < 0 || row > 1048575) throw new RangeError(`row ${row}`);
  return `${columnLetter(col)}${row + 1}`;
}

/** Excel's rules: 1–31 characters, none of : \ / ? * [ ], not starting or ending with an apostrophe. */
export function isValidSheetName(name: string): boolean {
  return name.length >= 1 && name.length <= 31 && !/[:\\/?*[\]]/.test(name) && !name.startsWith("'") && !name.endsWith("'") && name.toLowerCase() !== 'history';
}

/** Makes a valid, unique sheet name from user text (panel names), e.g. "1#馈线屏 [A]" → "1#馈线屏 (A)". */
export function safeSheetName(wanted: string, taken: ReadonlySet<string>): string {
  let base = wanted.replace(/[:\\/?*]/g, '-').replace(/\[/g, '(').replace(/]/g, ')').replace(/^'+|'+$/g, '').trim();
  if (base === '' || base.toLowerCase() === 'history') base = 'Sheet';
  base = [...base].slice(0, 31).join('');
  const lower = new Set([...taken].map((t) => t.toLowerCase()));
  if (!lower.has(base.toLowerCase())) return base;
  for (let i = 2; ; i++) {
    const suffix = ` (${i})`;
    const candidate = [...base].slice(0, 31 - suffix.length).join('') + suffix;
    if (!lower.has(candidate.toLowerCase())) return candidate;
  }
}

function refText(r: CellRef, from: string): string {
  return r.sheet === undefined || r.sheet === from ? a1(r.row, r.col) : `${quoteSheet(r.sheet)}!${a1(r.row, r.col)}`;
}

export function quoteSheet(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}

/** The formula text, without the leading "=". Only our own tokens reach it. */
export function formulaText(f: Formula, sheet: string): string {
  switch (f.op) {
    case 'ref':
      return refText(f.ref, sheet);
    case 'range': {
      if ((f.from.sheet ?? sheet) !== (f.to.sheet ?? sheet)) throw new Error('a range spans one sheet');
      const prefix = f.from.sheet === undefined || f.from.sheet === sheet ? '' : `${quoteSheet(f.from.sheet)}!`;
      return `${prefix}${a1(f.from.row, f.from.col)}:${a1(f.to.row, f.to.col)}`;
    }
    case 'const':
      if (!DECIMAL.test(f.value)) throw new Error(`formula constant "${f.value}" is not a decimal`);
      return f.value.startsWith('-') ? `(${f.value})` : f.value;
    case 'fn':
      if (!(FORMULA_FUNCTIONS as readonly string[]).includes(f.name)) throw new Error(`function ${f.name} is not allowed`);
      return `${f.name}(${f.args.map((a) => formulaText(a, sheet)).join(',')})`;
    default:
      return `(${formulaText(f.left, sheet)}${f.op}${formulaText(f.right, sheet)})`;
  }
}

// ---------------------------------------------------------------------------------------------
// Exact evaluation (decimal.js), to prove each stated result

type Value = { kind: 'number'; value: Decimal } | { kind: 'text' } | { kind: 'empty' } | { kind: 'error'; reason: string };

function cellAt(wb: WorkbookModel, sheet: string, r: CellRef): Cell | undefined {
  const s = wb.sheets.find((x) => x.name === (r.sheet ?? sheet));
  if (!s) return undefined;
  return s.rows[r.row]?.[r.col];
}

function cellValue(c: Cell | undefined): Value {
  if (!c || c.kind === 'empty') return { kind: 'empty' };
  if (c.kind === 'text') return { kind: 'text' };
  if (c.kind === 'number') return { kind: 'number', value: new Money(c.value) };
  return { kind: 'number', value: new Money(c.result) };
}

function rangeCells(wb: WorkbookModel, sheet: string, from: CellRef, to: CellRef): Value[] {
  const out: Value[] = [];
  const s = from.sheet ?? sheet;
  for (let r = Math.min(from.row, to.row); r <= Math.max(from.row, to.row); r++) {
    for (let c = Math.min(from.col, to.col); c <= Math.max(from.col, to.col); c++) out.push(cellValue(cellAt(wb, sheet, { sheet: s, row: r, col: c })));
  }
  return out;
}

function scalar(v: Value): Decimal | string {
  if (v.kind === 'number') return v.value;
  if (v.kind === 'empty') return new Money(0);
  if (v.kind === 'text') return '#VALUE! (text in arithmetic)';
  return v.reason;
}

/** Evaluates a formula exactly, as Excel would (empty = 0; SUM skips text). Returns an error string on failure. */
export function evaluateFormula(f: Formula, wb: WorkbookModel, sheet: string): Decimal | string {
  switch (f.op) {
    case 'ref':
      if (f.ref.sheet !== undefined && !wb.sheets.some((s) => s.name === f.ref.sheet)) return `#REF! sheet ${f.ref.sheet}`;
      return scalar(cellValue(cellAt(wb, sheet, f.ref)));
    case 'range':
      return '#VALUE! (range outside a function)';
    case 'const':
      return DECIMAL.test(f.value) ? new Money(f.value) : `bad constant ${f.value}`;
    case 'fn': {
      const args: Decimal[] = [];
      for (const a of f.args) {
        if (a.op === 'range') {
          for (const v of rangeCells(wb, sheet, a.from, a.to)) {
            if (v.kind === 'number') args.push(v.value);
            else if (v.kind === 'error') return v.reason;
          }
        } else {
          const v = evaluateFormula(a, wb, sheet);
          if (typeof v === 'string') return v;
          args.push(v);
        }
      }
      switch (f.name) {
        case 'SUM':
          return args.reduce((acc, x) => acc.plus(x), new Money(0));
        case 'ROUND': {
          const [x, digits] = args;
          if (!x || !digits || args.length !== 2 || !digits.isInteger()) return 'ROUND needs (x, integer digits)';
          return digits.eq(2) ? roundToFen(x) : new Money(x).toDecimalPlaces(digits.toNumber(), Decimal.ROUND_HALF_UP);
        }
        case 'ABS':
          return args.length === 1 && args[0] ? args[0].abs() : 'ABS needs one argument';
        case 'MIN':
          return args.length ? Money.min(...args) : new Money(0);
        case 'MAX':
          return args.length ? Money.max(...args) : new Money(0);
        default:
          return `function ${String(f.name)} is not allowed`;
      }
    }
    default: {
      const l = evaluateFormula(f.left, wb, sheet);
      if (typeof l === 'string') return l;
      const r = evaluateFormula(f.right, wb, sheet);
      if (typeof r === 'string') return r;
      if (f.op === '+') return l.plus(r);
      if (f.op === '-') return l.minus(r);
      if (f.op === '*') return l.times(r);
      if (r.isZero()) return '#DIV/0!';
      return l.div(r);
    }
  }
}

export interface FormulaMismatch {
  sheet: string;
  cell: string;
  stated: string;
  evaluated: string;
}

/** Every formula cell whose stated result is not exactly what its formula computes. */
export function checkFormulaResults(wb: WorkbookModel): FormulaMismatch[] {
  const out: FormulaMismatch[] = [];
  for (const s of wb.sheets) {
    s.rows.forEach((row, r) =>
      row.forEach((c, col) => {
        if (c.kind !== 'formula') return;
        const v = evaluateFormula(c.formula, wb, s.name);
        if (typeof v === 'string' || !v.eq(c.result)) {
          out.push({ sheet: s.name, cell: a1(r, col), stated: c.result, evaluated: typeof v === 'string' ? v : v.toFixed() });
        }
      }),
    );
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Column widths

/** Display width in Excel character units: CJK, full-width forms and other wide characters count 2. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0) as number;
    w += isWide(cp) ? 2 : 1;
  }
  return w;
}

function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0x303e) ||
    (cp >= 0x3041 && cp <= 0x33ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xa000 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

/** How a cell reads on screen, for width estimation only. */
function shownText(c: Cell): string {
  switch (c.kind) {
    case 'empty':
      return '';
    case 'text':
      return c.text;
    case 'number':
    case 'formula': {
      const v = c.kind === 'number' ? c.value : c.result;
      if (c.style?.format === 'money') return `¥${new Money(v).toFixed(2).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`;
      if (c.style?.format === 'percent') return `${new Money(v).times(100).toFixed(2)}%`;
      return v;
    }
  }
}

/**
 * Column widths from content: the widest cell (CJK counted double, longest line of wrapped text),
 * plus padding, kept between `min` and `max`. Cells spanning merged ranges should not be passed in.
 */
export function fitColumnWidths(sheet: Pick<Sheet, 'rows' | 'columns'>, opts: { min?: number; max?: number; skipRows?: number } = {}): number[] {
  const { min = 6, max = 60, skipRows = 0 } = opts;
  const n = Math.max(sheet.columns.length, ...sheet.rows.map((r) => r.length));
  const widths = Array.from({ length: n }, () => min);
  sheet.rows.slice(skipRows).forEach((row) =>
    row.forEach((c, i) => {
      const lines = shownText(c).split('\n');
      const w = Math.max(...lines.map(displayWidth)) * (c.style?.bold ? 1.1 : 1) + 2;
      widths[i] = Math.min(max, Math.max(widths[i] ?? min, Math.ceil(w)));
    }),
  );
  return sheet.columns.map((col, i) => col.width ?? widths[i] ?? min).concat(widths.slice(sheet.columns.length));
}

/**
 * Text a spreadsheet could take for a formula or command (CSV/DDE injection): starting with = + - @ or
 * their full-width forms, possibly after blanks, or starting with a tab or line break.
 */
export function looksLikeFormula(s: string): boolean {
  return /^[\t\r\n]|^[\s\u3000]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]/.test(s);
}

/** Line breaks as spreadsheets store them: CR LF and lone CR become LF (XML would turn a raw CR into LF anyway). */
export function normalizeLineBreaks(s: string): string {
  return s.replace(/\r\n?/g, '\n');
}

// ---------------------------------------------------------------------------------------------
// Printed text: widths per script, wrapped lines, row heights, page breaks

/**
 * A column of width `w` (Excel character units) in printed points: LibreOffice and Excel give a unit the
 * width of a digit of the workbook's default font (7 px at 96 dpi) plus 5 px of padding.
 */
export function columnWidthPt(w: number): number {
  return (w * 7 + 5) * 0.75;
}

/**
 * The printed width (points) of `s` in Noto Sans CJK at `size` pt, per script: CJK ideographs and
 * full-width forms are one em; Latin letters and digits about half of one (the font's Latin is
 * proportional: i l . , narrower, capitals and digits wider). Wrapping estimated from this matches the
 * print far better than "CJK counts double" on the column width, which made Latin specs too tall.
 */
export function textWidthPt(s: string, size: number): number {
  let em = 0;
  for (const ch of s) em += charEm(ch);
  return em * size;
}

function charEm(ch: string): number {
  const cp = ch.codePointAt(0) as number;
  if (cp === 0x200b) return 0;
  if (isWide(cp)) return 1;
  if (ch === ' ' || ch === '\u00a0') return 0.23;
  if (/[il.,:;'|!()[\]]/.test(ch)) return 0.27;
  if (ch === '-') return 0.33;
  if (/[A-Z0-9]/.test(ch)) return 0.56;
  if (/[×²³°%/]/.test(ch)) return 0.6;
  if (/[mwMW@]/.test(ch)) return 0.8;
  return 0.58;
}

/** Characters a line may not start with (closing punctuation), or end with (opening), as line breakers do. */
const NO_LINE_START = /^[）)」』】〕〉》，。、；：！？,.;:!?%℃’”]/;
const NO_LINE_END = /[（(「『【〔〈《‘“]$/;

/**
 * The units a line breaker may not split: a run of Latin (letters, digits and symbols, with a trailing
 * space, a hyphen or a zero-width space ending the unit), or one wide character; closing punctuation
 * joins the unit before it and opening punctuation the unit after it.
 */
export function breakUnits(s: string): string[] {
  const raw = s.match(/[\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\u{20000}-\u{3fffd}]|[^\s\u200b\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\u{20000}-\u{3fffd}-]*(?:-|\u200b|\s+)?/gu) ?? [];
  const out: string[] = [];
  for (const u of raw) {
    if (u === '') continue;
    const prev = out[out.length - 1];
    if (prev !== undefined && (NO_LINE_START.test(u) || NO_LINE_END.test(prev))) out[out.length - 1] = prev + u;
    else out.push(u);
  }
  return out;
}

/** Lines `s` takes in a cell `widthPt` wide at `size` pt (greedy, as a line breaker wraps; explicit breaks kept). */
export function wrappedLines(s: string, widthPt: number, size: number): number {
  return normalizeLineBreaks(s)
    .split('\n')
    .reduce((acc, line) => {
      let lines = 1;
      let used = 0;
      for (const u of breakUnits(line)) {
        const w = textWidthPt(u.trimEnd(), size);
        const full = textWidthPt(u, size);
        if (used > 0 && used + w > widthPt) {
          lines++;
          used = 0;
        }
        if (w > widthPt) {
          // a unit wider than the cell is broken by characters
          lines += Math.ceil(w / widthPt) - 1;
          used = w % widthPt;
        } else used += full;
      }
      return acc + lines;
    }, 0);
}

/**
 * A heading or name that does not fit its cell on one line breaks where a reader would: before its
 * bracketed part ("单价" / "（不含税，元）", "阀控式密封铅酸蓄电池" / "（2 V 单体）"), never leaving a lone
 * "）" or splitting a term. Text that fits, or has no bracket, is returned as it is.
 */
export function breakBeforeBracket(s: string, widthUnits: number, size = DEFAULT_FONT_SIZE, bold = false): string {
  if (s.includes('\n')) return s;
  const width = (columnWidthPt(widthUnits) - 4) * 0.96 / (bold ? 1.05 : 1);
  if (wrappedLines(s, width, size) <= 1) return s;
  const i = s.search(/（| \(/);
  if (i <= 0) return s;
  return `${s.slice(0, i)}\n${s.slice(i).trimStart()}`;
}

/**
 * An identifier ("cfg.breakers.chargerOutput") that may wrap only at its separators: a zero-width space
 * after each '.', '/', '_' and between a lower-case letter and the capital that starts the next word, so a
 * narrow column breaks it as "cfg.breakers." / "chargerOutput", never as "char" / "gerOutput".
 */
export function breakableId(id: string): string {
  return id.replace(/([./_])(?=[^\s\u200b])/g, '$1\u200b').replace(/([a-z])(?=[A-Z])/g, '$1\u200b');
}

const DEFAULT_FONT_SIZE = 10;
/**
 * Points a row of `lines` printed lines takes: 1.45 em a line (Noto Sans CJK's line spacing, as LibreOffice
 * and Excel print wrapped lines; at 1.35 em the seventh line of a spec was cut off) and 2 pt of padding;
 * never below the default row height of 15 pt.
 */
export const linesHeightPt = (lines: number, size: number) => Math.max(15, Math.round((lines * size * 1.45 + 2) * 2) / 2);

/**
 * The height (points) of every row: the most lines any wrapped cell needs at its width (merged cells at the
 * width of their range) times the line height of its font size; one line for other rows. Spreadsheet
 * applications do not grow a row for wrapped text that a library wrote (LibreOffice prints it over the next
 * row), so the writer stores every height, which also makes the printed page breaks predictable.
 */
export function printRowHeights(sheet: Pick<Sheet, 'rows' | 'merges'>, widths: readonly number[]): number[] {
  const merges = sheet.merges ?? [];
  const spanned = (r: number, c: number) => merges.find((m) => r >= m.from.row && r <= m.to.row && c >= m.from.col && c <= m.to.col && (m.from.row !== m.to.row || m.from.col !== m.to.col));
  return sheet.rows.map((row, r) => {
    let height = linesHeightPt(1, DEFAULT_FONT_SIZE);
    row.forEach((c, col) => {
      if (c.kind === 'empty') return;
      const size = c.style?.fontSize ?? DEFAULT_FONT_SIZE;
      let lines = 1;
      if (c.kind === 'text' && c.style?.wrap) {
        const m = spanned(r, col);
        if (m && (m.from.row !== m.to.row || m.from.col !== col)) return;
        let w = 0;
        for (let i = m ? m.from.col : col; i <= (m ? m.to.col : col); i++) w += columnWidthPt(widths[i] ?? 8);
        // 2 pt of cell padding a side, and a little slack for the estimate
        lines = wrappedLines(c.text, ((w - 4) * 0.96) / (c.style.bold ? 1.05 : 1), size);
      }
      height = Math.max(height, linesHeightPt(lines, size));
    });
    return height;
  });
}

/**
 * Row heights (points) for rows holding wrapped text that need more than one line (see printRowHeights).
 */
export function wrappedRowHeights(sheet: Pick<Sheet, 'rows' | 'merges'>, widths: readonly number[]): Map<number, number> {
  const all = printRowHeights(sheet, widths);
  const out = new Map<number, number>();
  all.forEach((h, r) => {
    if (h > linesHeightPt(1, DEFAULT_FONT_SIZE) && sheet.rows[r]?.some((c) => c.kind === 'text' && c.style?.wrap)) out.set(r, h);
  });
  return out;
}

/**
 * Manual page breaks (zero-based rows a new page starts at) that keep what belongs together on one page:
 * rows are never split by a spreadsheet, and a row listed in `keepWithPrevious` prints on the page of the
 * row before it (a chain of them moves as one block). `capacity` is the printed height of a page body in
 * points; the print-title rows repeat on every page after the first and take their height there. A block
 * taller than a page is broken where it must.
 */
export function keepTogetherBreaks(heights: readonly number[], keepWithPrevious: ReadonlySet<number>, capacity: number, titleRows?: { first: number; last: number }, pageStarts: ReadonlySet<number> = new Set()): number[] {
  const titleHeight = titleRows ? heights.slice(titleRows.first, titleRows.last + 1).reduce((a, b) => a + b, 0) : 0;
  const breaks: number[] = [];
  let pageStart = 0;
  let used = 0;
  for (let r = 0; r < heights.length; r++) {
    const h = heights[r] ?? 0;
    if (pageStarts.has(r) && r !== pageStart) {
      breaks.push(r);
      pageStart = r;
      used = titleHeight + h;
      continue;
    }
    if (used + h <= capacity || r === pageStart) {
      used += h;
      continue;
    }
    // Move the block this row belongs to (back to the first row not kept with its previous one).
    let start = r;
    while (start > pageStart + 1 && keepWithPrevious.has(start)) start--;
    if (start <= pageStart) start = r;
    breaks.push(start);
    pageStart = start;
    used = titleHeight;
    r = start - 1;
  }
  return breaks;
}

/**
 * The printed height of an A4 page body (points) the page-break planning fills, at 100 %: A4 less the
 * 0.6 in top and bottom margins is 755 pt (LibreOffice prints 770 pt of rows there, measured); a little less
 * leaves room for rounding. Fit-to-width only ever shrinks the print, which leaves more room, never less.
 */
export const PAGE_BODY_PT = { portrait: 740, landscape: 495 } as const;
/** The printable width of A4 between the side margins the writer sets (0.5 in portrait, 0.3 in landscape). */
export const PAGE_WIDTH_PT = { portrait: 595.3 - 72, landscape: 841.9 - 43.2 } as const;

export interface PrintPlan {
  /** Column widths (character units) as written. */
  widths: number[];
  /** Every row's height (points) as written. */
  heights: number[];
  /** Zero-based rows a printed page starts at (the manual page breaks). */
  breaks: number[];
}

/**
 * How a sheet with keep-together rules prints: its column widths, every row's height and the manual page
 * breaks. The writer writes exactly this, and a builder that must know where pages turn (the customer
 * quote's "（续）" rows) plans with it too, so both agree by construction.
 */
export function printPlan(sheet: Pick<Sheet, 'rows' | 'merges' | 'columns' | 'orientation' | 'printTitleRows' | 'keepWithPrevious' | 'pageStarts'>): PrintPlan {
  const widths = fitColumnWidths(sheet, { skipRows: 0 });
  const heights = printRowHeights(sheet, widths);
  const breaks = keepTogetherBreaks(heights, new Set(sheet.keepWithPrevious), pageCapacityPt(sheet, widths), sheet.printTitleRows, new Set(sheet.pageStarts));
  return { widths, heights, breaks };
}

/** The height of a page body in the sheet's own units: fit-to-width shrinks a sheet wider than the page, which leaves that much more height for rows. */
export function pageCapacityPt(sheet: Pick<Sheet, 'orientation'>, widths: readonly number[]): number {
  const orientation = sheet.orientation ?? 'landscape';
  const scale = Math.min(1, PAGE_WIDTH_PT[orientation] / widths.reduce((a, w) => a + columnWidthPt(w), 0));
  return PAGE_BODY_PT[orientation] / scale;
}
