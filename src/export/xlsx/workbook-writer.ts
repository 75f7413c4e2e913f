import ExcelJS from 'exceljs';
import Decimal from 'decimal.js';
import {
  checkFormulaResults,
  fitColumnWidths,
  formulaText,
  isValidSheetName,
  looksLikeFormula,
  normalizeLineBreaks,
  type Cell,
  type CellStyle,
  type NumberFormat,
  type Sheet,
  type WorkbookModel,
  printPlan,
  wrappedRowHeights,
} from '../../core/export/sheet-model.ts';

/**
 * Renders our neutral WorkbookModel (src/core/export/sheet-model.ts) to .xlsx bytes with exceljs.
 * The only module that knows exceljs; document builders never touch it.
 *
 * Guarantees:
 * - every formula cell is written with its result, after `checkFormulaResults` proved the result equals
 *   the formula evaluated exactly (LibreOffice keeps cached results even with fullCalcOnLoad, so a wrong
 *   one would survive); the workbook asks for a full recalculation on load;
 * - user text is always a string cell (line breaks stored as LF); text a spreadsheet would evaluate if it
 *   were typed in (= + - @ tab CR) also gets the Text number format "@", the file-format equivalent of Excel's leading
 *   apostrophe: shown literally, and kept literal when someone edits the cell;
 * - customer workbooks hide nothing (no hidden sheets, columns or rows; no comments; document
 *   properties only title, creator, company).
 */
export const NUMBER_FORMATS: Record<Exclude<NumberFormat, 'text'>, string> = {
  money: '¥#,##0.00;-¥#,##0.00',
  percent: '0.00%',
  integer: '0',
  decimal: '#,##0.###',
};
const TEXT_FORMAT = '@';
export const CJK_FONT = 'Noto Sans CJK SC';

const FILLS: Record<NonNullable<CellStyle['fill']>, string> = {
  title: 'FFDDEBF7',
  header: 'FFD9D9D9',
  subtotal: 'FFF2F2F2',
  total: 'FFFFF2CC',
};

const THIN: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};

export class WorkbookModelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkbookModelError';
  }
}

/** Programmer errors in a model: refused before anything is written. */
export function validateWorkbookModel(model: WorkbookModel): string[] {
  const errors: string[] = [];
  const names = new Set<string>();
  for (const s of model.sheets) {
    if (!isValidSheetName(s.name)) errors.push(`invalid sheet name "${s.name}"`);
    if (names.has(s.name.toLowerCase())) errors.push(`duplicate sheet name "${s.name}"`);
    names.add(s.name.toLowerCase());
    if (model.audience === 'customer') {
      if (s.hidden) errors.push(`customer workbook: sheet "${s.name}" is hidden`);
      s.columns.forEach((c, i) => c.hidden && errors.push(`customer workbook: column ${i + 1} of "${s.name}" is hidden`));
    }
  }
  for (const m of checkFormulaResults(model)) errors.push(`${m.sheet}!${m.cell}: stated result ${m.stated} ≠ formula ${m.evaluated}`);
  return errors;
}

function exactNumber(value: string): number {
  const n = Number(value);
  // A JS number holds any amount up to 15 significant digits exactly enough to print back the same decimal.
  // The same text back needs no decimal comparison ('1.50' → 1.5 still does).
  if (String(n) === value) return n;
  if (!Number.isFinite(n) || !new Decimal(String(n)).eq(value)) {
    throw new WorkbookModelError(`${value} cannot be stored exactly in a spreadsheet number`);
  }
  return n;
}

function styleOf(style: CellStyle | undefined, forceText: boolean): Partial<ExcelJS.Style> {
  const out: Partial<ExcelJS.Style> = {};
  const fmt = forceText ? TEXT_FORMAT : style?.format && style.format !== 'text' ? NUMBER_FORMATS[style.format] : style?.format === 'text' ? TEXT_FORMAT : undefined;
  if (fmt) out.numFmt = fmt;
  // Every cell names a CJK font (bold ones included): without a name, LibreOffice draws bold Chinese
  // in whatever its default is (seen: DejaVu Serif) and Chinese in Japanese glyph forms. Noto Sans CJK SC
  // is the font the PDFs use (fonts-noto-cjk); where it is missing, Excel substitutes its own CJK font.
  out.font = { name: CJK_FONT, size: style?.fontSize ?? 10, ...(style?.bold ? { bold: true } : {}) } as ExcelJS.Font;
  if (!style) return out;
  if (style.border) out.border = THIN as ExcelJS.Borders;
  if (style.fill) out.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: FILLS[style.fill] } };
  // Table cells (bordered) are centred vertically too, so a row grown for wrapped text reads as one line.
  if (style.align || style.wrap || style.border) {
    out.alignment = { vertical: 'middle', ...(style.align ? { horizontal: style.align } : {}), ...(style.wrap ? { wrapText: true } : {}) };
  }
  return out;
}

/**
 * One style object per distinct cell style in a workbook, shared by every cell that has it: exceljs
 * serialises a cell's style to find its id unless it has seen that very object before, which was half
 * of the write time of a 300-line quote (issue #16). Nothing here changes a style after a cell has it
 * (merged cells share their master's, as exceljs does itself), and the ids, so the bytes, are the same.
 */
class SharedStyles {
  private readonly byKey = new Map<string, Partial<ExcelJS.Style>>();
  private readonly byModel = new WeakMap<CellStyle, [Partial<ExcelJS.Style> | undefined, Partial<ExcelJS.Style> | undefined]>();
  private readonly plain: [Partial<ExcelJS.Style> | undefined, Partial<ExcelJS.Style> | undefined] = [undefined, undefined];

  get(style: CellStyle | undefined, forceText: boolean): Partial<ExcelJS.Style> {
    let slot = style ? this.byModel.get(style) : this.plain;
    if (!slot) {
      slot = [undefined, undefined];
      this.byModel.set(style as CellStyle, slot);
    }
    const i = forceText ? 1 : 0;
    let shared = slot[i];
    if (!shared) {
      const key = JSON.stringify([style ?? null, forceText]);
      shared = this.byKey.get(key) ?? styleOf(style, forceText);
      this.byKey.set(key, shared);
      slot[i] = shared;
    }
    return shared;
  }
}

function writeCell(cell: ExcelJS.Cell, c: Cell, sheetName: string, styles: SharedStyles): void {
  switch (c.kind) {
    case 'empty':
      cell.style = styles.get(c.style, false);
      return;
    case 'text': {
      // A plain JS string is always a shared-string cell in exceljs, never a formula.
      cell.value = normalizeLineBreaks(c.text);
      cell.style = styles.get(c.style, looksLikeFormula(c.text));
      return;
    }
    case 'number':
      cell.value = exactNumber(c.value);
      cell.style = styles.get(c.style, false);
      return;
    case 'formula':
      cell.value = { formula: formulaText(c.formula, sheetName), result: exactNumber(c.result) };
      cell.style = styles.get(c.style, false);
      return;
  }
}

function writeSheet(wb: ExcelJS.Workbook, s: Sheet, audience: WorkbookModel['audience'], styles: SharedStyles): void {
  const orientation = s.orientation ?? 'landscape';
  const ws = wb.addWorksheet(s.name, {
    state: s.hidden && audience === 'internal' ? 'hidden' : 'visible',
    ...(s.frozenRows ? { views: [{ state: 'frozen' as const, xSplit: 0, ySplit: s.frozenRows, topLeftCell: `A${s.frozenRows + 1}` }] } : {}),
    pageSetup: {
      paperSize: 9, // A4
      orientation,
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      // Landscape sheets are the wide tables (internal panel sheets): narrower side margins give them the
      // width that keeps the print at ≥ 8 pt (issue 11).
      margins: { left: orientation === 'landscape' ? 0.3 : 0.5, right: orientation === 'landscape' ? 0.3 : 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
      ...(s.printTitleRows ? { printTitlesRow: `${s.printTitleRows.first + 1}:${s.printTitleRows.last + 1}` } : {}),
    },
    headerFooter: {
      ...(s.printHeader ? { oddHeader: `&C${escapeHeaderFooter(s.printHeader)}` } : {}),
      oddFooter: `&L${escapeHeaderFooter(s.printFooter ?? '')}&R&P / &N`,
    },
  });
  // A sheet with keep-together rules gets every row height stored and manual page breaks, so what belongs
  // together prints on one page (LibreOffice and Excel honour manual breaks under fit-to-width).
  const plan = s.keepWithPrevious || s.pageStarts ? printPlan(s) : undefined;
  const widths = plan?.widths ?? fitColumnWidths(s, { skipRows: 0 });
  ws.columns = widths.map((width, i) => ({ width, hidden: audience === 'internal' && !!s.columns[i]?.hidden }));
  const heights = plan ? new Map(plan.heights.map((h, r) => [r, h] as const)) : wrappedRowHeights(s, widths);
  const breaks = new Set(plan?.breaks ?? []);
  s.rows.forEach((row, r) => {
    const xr = ws.getRow(r + 1);
    row.forEach((c, col) => writeCell(xr.getCell(col + 1), c, s.name, styles));
    const h = heights.get(r);
    if (h !== undefined) xr.height = h;
    // exceljs puts a break below the row it is called on
    if (breaks.has(r + 1)) xr.addPageBreak();
  });
  for (const m of s.merges ?? []) ws.mergeCells(m.from.row + 1, m.from.col + 1, m.to.row + 1, m.to.col + 1);
}

/**
 * The workbook's default ("Normal") font is the CJK font its cells use, at 10 pt, not exceljs's Calibri 11.
 * A column-width unit is the digit width of the default font, so with Calibri the widths meant one thing in
 * Excel and another wherever Calibri is missing: LibreOffice substitutes DejaVu Sans, whose digits are a
 * third wider, and the customer quote, fitted to the page width, printed at 7.4 pt instead of ≥ 9 pt
 * (issue 11). exceljs has no setting for it; its style manager's font 0 (the default it adds before the first
 * cell style) is replaced once the model is prepared, before anything is rendered.
 */
function useCjkDefaultFont(wb: ExcelJS.Workbook): void {
  const xlsx = wb.xlsx as unknown as { prepareModel(model: unknown, options: unknown): void };
  const prepare = xlsx.prepareModel.bind(xlsx);
  xlsx.prepareModel = (model, options) => {
    prepare(model, options);
    const fonts = (model as { styles?: { model?: { fonts?: string[] } } }).styles?.model?.fonts;
    if (fonts?.[0]?.includes('Calibri')) fonts[0] = `<font><sz val="${DEFAULT_FONT_PT}"/><name val="${CJK_FONT}"/><family val="2"/><charset val="134"/></font>`;
  };
}
const DEFAULT_FONT_PT = 10;

/** "&" starts a code in Excel header/footer text. */
function escapeHeaderFooter(s: string): string {
  return s.replace(/&/g, '&&');
}

export async function writeWorkbook(model: WorkbookModel): Promise<Uint8Array> {
  const errors = validateWorkbookModel(model);
  if (errors.length) throw new WorkbookModelError(`workbook model refused:\n${errors.join('\n')}`);
  const wb = new ExcelJS.Workbook();
  wb.creator = model.properties.creator;
  wb.lastModifiedBy = model.properties.creator;
  wb.title = model.properties.title;
  if (model.properties.company) wb.company = model.properties.company;
  wb.created = model.properties.created;
  wb.modified = model.properties.created;
  wb.calcProperties = { fullCalcOnLoad: true };
  useCjkDefaultFont(wb);
  const styles = new SharedStyles();
  for (const s of model.sheets) writeSheet(wb, s, model.audience, styles);
  const buf = await wb.xlsx.writeBuffer();
  return new Uint8Array(buf as ArrayBuffer);
}
