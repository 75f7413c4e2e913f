import type { Content, ContentTable, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces';
import type { LabelValue, QuoteDocument } from '../../core/export/customer-quote.ts';

/**
 * Lays out the customer quote (QuoteDocument, a pure model from src/core/export/customer-quote.ts) as a
 * pdfmake definition: company letterhead, parties and quote data, lines grouped by panel with panel
 * subtotals, totals with the amount in words, terms, notes, bank details and the signature block.
 * Page numbers and the draft watermark are added by renderPdf (render.ts) on every page.
 */
const BLUE = '#0b4f8a';
const GREY = '#555555';
const RULE = '#9aa7b4';
const FILL_HEADER = '#e8eef5';
const FILL_GROUP = '#f3f5f8';

export function letterhead(company: { name: string; otherName: string; address: string; contact: string; logoSvg?: string }): Content {
  const text: Content = {
    stack: [
      { text: company.name, fontSize: 15, bold: true, color: BLUE },
      { text: company.otherName, fontSize: 8, color: GREY, margin: [0, 1, 0, 2] },
      { text: company.address, fontSize: 8, color: GREY },
      { text: company.contact, fontSize: 8, color: GREY },
    ],
  };
  return {
    stack: [
      { columns: company.logoSvg ? [{ svg: company.logoSvg, width: 84, margin: [0, 2, 12, 0] }, text] : [text], columnGap: 0 },
      { canvas: [{ type: 'line', x1: 0, y1: 6, x2: 523, y2: 6, lineWidth: 1.2, lineColor: BLUE }], margin: [0, 0, 0, 8] },
    ],
  };
}

function labelValueTable(rows: LabelValue[], labelWidth: number): Content {
  return {
    table: { widths: [labelWidth, '*'], body: rows.map((r) => [{ text: `${r.label}`, color: GREY }, { text: r.value }]) },
    layout: { hLineWidth: () => 0, vLineWidth: () => 0, paddingLeft: () => 0, paddingTop: () => 1.5, paddingBottom: () => 1.5 },
    fontSize: 9,
  };
}

const thin = {
  hLineWidth: () => 0.5,
  vLineWidth: () => 0.5,
  hLineColor: () => RULE,
  vLineColor: () => RULE,
  paddingLeft: () => 3,
  paddingRight: () => 3,
  paddingTop: () => 2,
  paddingBottom: () => 2,
};

/**
 * A spec with a token too long for the column and nothing to wrap at (no space, hyphen or slash) may break
 * anywhere. Only then: break-all lays text out character by character, which costs time and bytes.
 */
function breakLong(s: string): { wordBreak?: 'break-all' } {
  return /[^\s\-/]{24,}/.test(s) ? { wordBreak: 'break-all' } : {};
}

export function quoteDefinition(doc: QuoteDocument): TDocumentDefinitions {
  const c = doc.columns;
  const head: TableCell[] = [c.no, c.name, c.spec, c.brand, c.unit, c.qty, c.unitPrice, c.amount].map((h) => ({ text: h, bold: true, fillColor: FILL_HEADER, alignment: 'center' as const }));
  const body: TableCell[][] = [head];
  const span = (n: number): TableCell[] => Array.from({ length: n }, () => ({}));
  for (const g of doc.groups) {
    body.push([{ text: g.title, colSpan: 8, bold: true, fillColor: FILL_GROUP, color: BLUE }, ...span(7)]);
    for (const l of g.lines) {
      // One text node with inline runs: nested stacks in 300 table cells double pdfmake's layout time.
      // Part numbers have no spaces to wrap at, so they may break anywhere.
      const spec: TableCell = l.code
        ? { text: [{ text: `${l.code}\n`, bold: true, wordBreak: 'break-all' }, { text: l.spec, color: GREY, ...breakLong(l.spec) }] }
        : { text: l.spec, ...breakLong(l.spec) };
      body.push([
        { text: l.no, alignment: 'center' },
        l.name,
        spec,
        l.brand,
        { text: l.unit, alignment: 'center' },
        { text: l.qty, alignment: 'right' },
        { text: l.unitPrice, alignment: 'right' },
        doc.panelPricesOnly ? { text: '', alignment: 'right' } : { text: l.amount, alignment: 'right' },
      ]);
    }
    body.push([{ text: `${g.subtotalLabel} — ${g.title}`, colSpan: 7, alignment: 'right', bold: true }, ...span(6), { text: g.subtotal, alignment: 'right', bold: true }]);
  }
  const lines: ContentTable = {
    table: { headerRows: 1, widths: [20, 78, '*', 50, 24, 30, 58, 64], body },
    layout: thin,
    fontSize: 8,
  };
  const totals: Content = {
    columns: [
      { width: '*', text: '' },
      {
        width: 260,
        table: {
          widths: ['*', 110],
          body: doc.totals.map((t) => [
            { text: t.label, alignment: 'right', bold: t.strong === true },
            { text: t.value, alignment: 'right', bold: t.strong === true, fontSize: t.strong ? 11 : 9 },
          ]),
        },
        layout: { ...thin, vLineWidth: () => 0 },
        fontSize: 9,
      },
    ],
    margin: [0, 8, 0, 0],
  };
  const words: Content = {
    table: { widths: ['auto', '*'], body: [[{ text: doc.amountInWords.label, bold: true, fillColor: FILL_HEADER }, { text: doc.amountInWords.value, bold: true, fontSize: 11 }]] },
    layout: thin,
    margin: [0, 6, 0, 10],
  };
  const content: Content[] = [
    letterhead(doc.company),
    { text: doc.title, fontSize: 20, bold: true, alignment: 'center', characterSpacing: doc.lang === 'zh' ? 8 : 1, margin: [0, 0, 0, 10] },
    { columns: [{ width: '*', ...(labelValueTable(doc.parties, doc.lang === 'zh' ? 52 : 70) as object) }, { width: 190, ...(labelValueTable(doc.meta, doc.lang === 'zh' ? 52 : 78) as object) }], columnGap: 16, margin: [0, 0, 0, 10] } as Content,
    lines,
    totals,
    words,
    { ...(labelValueTable(doc.terms, doc.lang === 'zh' ? 60 : 90) as object), margin: [0, 0, 0, 6] } as Content,
    { text: doc.notesLabel, bold: true, fontSize: 9, margin: [0, 4, 0, 2] },
    { ol: doc.notes, fontSize: 8.5, color: '#333333', margin: [0, 0, 0, 12] },
    {
      unbreakable: true,
      columns: [
        { stack: [{ text: doc.company.name, bold: true, fontSize: 9 }, { text: doc.company.bank, fontSize: 8, color: GREY }, { text: doc.company.taxId, fontSize: 8, color: GREY }] },
        {
          width: 170,
          stack: [
            { text: doc.lang === 'zh' ? '报价单位（盖章）：' : 'For and on behalf of the supplier:', fontSize: 9 },
            { canvas: [{ type: 'line', x1: 0, y1: 34, x2: 160, y2: 34, lineWidth: 0.5, lineColor: RULE }] },
            { text: doc.lang === 'zh' ? `日期：${doc.meta[2]?.value ?? ''}` : `Date: ${doc.meta[2]?.value ?? ''}`, fontSize: 8, color: GREY, margin: [0, 3, 0, 0] },
          ],
        },
      ],
    },
  ];
  return {
    pageSize: 'A4',
    pageMargins: [36, 36, 36, 48],
    content,
    defaultStyle: { fontSize: 9, lineHeight: 1.15 },
    info: { title: `${doc.title} ${doc.meta[0]?.value ?? ''}`, author: doc.company.name, creator: doc.company.name, producer: doc.company.name },
  };
}
