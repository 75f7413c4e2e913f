import type { Content, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces';
import { text, type Cell, type Sheet, type WorkbookModel } from '../core/export/sheet-model.ts';
import type { Lang } from '../core/text.ts';
import { TABLE_FILE, type TenderTable } from '../core/tender/tables.ts';
import type { PdfFontSet } from './pdf/fonts.ts';
import { renderPdf } from './pdf/render.ts';
import { writeWorkbook } from './xlsx/workbook-writer.ts';

/**
 * The technical-bid tables (issue #15) as .xlsx (one workbook per table, through our workbook model
 * and writer) and PDF (pdfmake with the CJK font, landscape A4, header row repeated on every page).
 */
export interface TenderFile {
  name: string;
  bytes: Uint8Array;
}

function sheetOf(table: TenderTable): Sheet {
  const span = table.headers.length;
  const title: Cell[] = [text(`${table.number} ${table.title}`, { bold: true, fontSize: 14 })];
  const rows: Cell[][] = [title, ...table.heading.map((h) => [text(h)])];
  const headerRow = rows.length;
  rows.push(table.headers.map((h) => text(h, { bold: true, border: true, fill: 'header', align: 'center', wrap: true })));
  table.rows.forEach((r, i) => {
    const m = table.marks[i];
    rows.push(r.map((v) => text(v, { border: true, wrap: true, ...(m === 'negative' || m === 'disqualifying' ? { bold: true } : {}) })));
  });
  for (const n of table.notes) rows.push([text(n)]);
  return {
    name: table.number.replace(/[\\/?*[\]:]/g, ''),
    columns: table.widths.map((width) => ({ width })),
    rows,
    frozenRows: headerRow + 1,
    printTitleRows: { first: headerRow, last: headerRow },
    orientation: 'landscape',
    merges: rows.slice(0, headerRow).map((_, i) => ({ from: { row: i, col: 0 }, to: { row: i, col: span - 1 } })),
  };
}

export function tenderWorkbook(table: TenderTable, date: Date): WorkbookModel {
  return { audience: 'customer', sheets: [sheetOf(table)], properties: { title: `${table.number} ${table.title}`, creator: 'dcq', created: date } };
}

const MARK_COLOUR = { negative: '#b00000', disqualifying: '#b00000', manual: '#8a5a00' } as const;

export function tenderPdfDefinition(table: TenderTable): TDocumentDefinitions {
  const total = table.widths.reduce((a, b) => a + b, 0);
  const body: TableCell[][] = [
    table.headers.map((h) => ({ text: h, bold: true, fillColor: '#e8e8e8', alignment: 'center' as const })),
    ...table.rows.map((r, i) => {
      const m = table.marks[i];
      return r.map((v): TableCell => ({ text: v, ...(m ? { color: MARK_COLOUR[m] } : {}), ...(m === 'disqualifying' ? { bold: true } : {}) }));
    }),
  ];
  const content: Content[] = [
    { text: `${table.number}  ${table.title}`, fontSize: 14, bold: true, alignment: 'center', margin: [0, 0, 0, 8] },
    ...table.heading.map((h): Content => ({ text: h, fontSize: 9, margin: [0, 0, 0, 2] })),
    {
      margin: [0, 6, 0, 6],
      table: { headerRows: 1, widths: table.widths.map((w) => `${((w / total) * 100).toFixed(2)}%`), body: table.rows.length > 0 ? body : [...body, table.headers.map(() => ({ text: '' }))] },
      layout: { hLineWidth: () => 0.5, vLineWidth: () => 0.5, hLineColor: () => '#666666', vLineColor: () => '#666666', paddingTop: () => 3, paddingBottom: () => 3 },
      fontSize: 8.5,
      lineHeight: 1.15,
    },
    ...table.notes.map((n): Content => ({ text: n, fontSize: 8.5 })),
  ];
  return { pageSize: 'A4', pageOrientation: 'landscape', pageMargins: [36, 36, 36, 40], content, info: { title: `${table.number} ${table.title}` } };
}

export async function tenderDocuments(tables: readonly TenderTable[], fonts: PdfFontSet, lang: Lang, date: Date): Promise<TenderFile[]> {
  const files: TenderFile[] = [];
  for (const table of tables) {
    const base = TABLE_FILE[table.id];
    files.push({ name: `${base}.xlsx`, bytes: await writeWorkbook(tenderWorkbook(table, date)) });
    files.push({ name: `${base}.pdf`, bytes: await renderPdf(tenderPdfDefinition(table), { fonts, pageNumbers: { lang, leftText: `${table.number} ${table.title}` } }) });
  }
  return files;
}
