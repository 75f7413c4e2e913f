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

const CELL_PAD_X = 3;
/** The line table's font size. */
const TABLE_FONT = 8;
const thin = {
  hLineWidth: () => 0.5,
  vLineWidth: () => 0.5,
  hLineColor: () => RULE,
  vLineColor: () => RULE,
  paddingLeft: () => CELL_PAD_X,
  paddingRight: () => CELL_PAD_X,
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

/**
 * pdfmake breaks a text at every break opportunity into runs that it measures, styles and draws one by one;
 * between Chinese characters there is one everywhere, so a name of 8 characters is 8 runs. A text that
 * surely fits its cell on one line gets noWrap: one run, the same line. "Surely": no glyph of the font is
 * wider than 1 em except a few counted at 3 em (tests/export/one-line-cells.test.ts checks the fonts), and
 * the cell has no line break in it.
 */
function oneLine(text: string, innerWidth: number, fontSize: number): { noWrap?: true } {
  return !/[\n\r]/.test(text) && emsAtMost(text) * fontSize <= innerWidth ? { noWrap: true } : {};
}
/** An upper bound of the text's width in em. */
function emsAtMost(text: string): number {
  let ems = 0;
  for (const ch of text) ems += WIDE_GLYPHS.includes(ch) ? 3 : 1;
  return ems;
}
/** A4 less the 36 pt side margins. */
const PAGE_INNER_W = 595.28 - 2 * 36;
/** The characters of Noto Sans Hans (either weight) wider than 1 em. */
export const WIDE_GLYPHS = '@ШЩЮ№⸺⸻ﬃﬄ';

const COLUMN_WIDTHS: Record<QuoteDocument['columns'][number]['key'], number | '*'> = {
  no: 20,
  name: 100,
  spec: '*',
  brand: 46,
  unit: 24,
  qty: 28,
  unitPrice: 58,
  unitPriceIncVat: 54,
  amount: 62,
};
/**
 * Fixed heights (pt, inside the cell paddings of 2 + 2) of the column heading row and of a panel title
 * row: the page header reserves exactly them, so the header meets the first row of the page.
 */
const HEAD_H = 24;
const TITLE_H = 12;
const PAD = 4;
const TOP = 22;
const PAGE_TOP_MARGIN = TOP + HEAD_H + TITLE_H + 2 * PAD;
/** The header's top offset: its rows and rule lines end where the page's content begins. */
const HEADER_Y = PAGE_TOP_MARGIN - (HEAD_H + PAD) - (TITLE_H + PAD) - 0.75;

/** Where the line table stands at the top of each page: page → the panel its first row belongs to, and
 * whether that row continues a panel begun on an earlier page. */
type PageStarts = Map<number, { group: number; continued: boolean }>;

/**
 * Row ids: "q:<group>:<line>" on the first cell of each line row, "q:<group>:t" on a panel title. Not
 * only names: pdfmake corrects node.positions to the final page (after moving an unbreakable block to
 * the next page) only for text nodes that carry an id.
 */
const rowId = (g: number, line: number | 't') => `q:${g}:${line}`;

/** Read from the laid-out cells themselves (pdfmake's node.positions, each with its page). */
function pageStartsFromLayout(marks: { group: number; continued: boolean; cell: TableCell }[]): PageStarts {
  const out: PageStarts = new Map();
  for (const m of marks) {
    const page = (m.cell as { positions?: { pageNumber: number }[] }).positions?.[0]?.pageNumber;
    if (page !== undefined && !out.has(page)) out.set(page, { group: m.group, continued: m.continued });
  }
  return out;
}

/** joinRuns false: every text broken into runs as pdfmake does by itself (tests compare the prints). */
export function quoteDefinition(doc: QuoteDocument, { joinRuns = true }: { joinRuns?: boolean } = {}): TDocumentDefinitions {
  const cols = doc.columns;
  const n = cols.length;
  const widths = cols.map((c) => COLUMN_WIDTHS[c.key]);
  // The price headings are two deliberate lines, "单价" over "（不含税，元）": wrapped by width they left
  // "元）" alone on a line (issue 11).
  const priceHead = (c: QuoteDocument['columns'][number]) => (c.key === 'unitPrice' || c.key === 'unitPriceIncVat' || c.key === 'amount' ? c.label.replace(/^(.+?)\s*(（|\()/, '$1\n$2') : c.label);
  // The spec column takes what the others leave; counted short by each column's paddings and a rule.
  const specWidth = PAGE_INNER_W - widths.reduce<number>((a, w) => a + (typeof w === 'number' ? w : 0) + 2 * CELL_PAD_X + 1, 0);
  const fits = (text: string, key: QuoteDocument['columns'][number]['key']) => {
    const w = COLUMN_WIDTHS[key];
    return joinRuns ? oneLine(text, typeof w === 'number' ? w - 2 * CELL_PAD_X : specWidth, TABLE_FONT) : {};
  };
  const head: TableCell[] = cols.map((c) => ({ text: priceHead(c), bold: true, fillColor: FILL_HEADER, alignment: 'center' as const, ...fits(priceHead(c), c.key) }));
  const span = (k: number): TableCell[] => Array.from({ length: k }, () => ({}));
  const table = (body: TableCell[][], heights?: (number | 'auto')[]): Content => ({
    table: { widths, body, dontBreakRows: true, ...(heights ? { heights: (i: number) => heights[i] ?? 'auto' } : {}) },
    layout: thin,
    fontSize: TABLE_FONT,
  });
  const titleRow = (title: string, id?: string, oneRun: { noWrap?: true } = {}): TableCell[] => [{ text: title, colSpan: n, bold: true, fillColor: FILL_GROUP, color: BLUE, ...(id ? { id } : {}), ...oneRun }, ...span(n - 1)];
  // One run makes a spanning cell's minimum width its whole width, shared out over the columns it spans;
  // the spec column (the only one not fixed) must stay narrower than its share with 1/n of it added. Known
  // only in the page header, where the column heading is the spec column's one other cell.
  const specLabel = cols.find((c) => c.key === 'spec')?.label ?? '';
  const headerTitle = (title: string) =>
    titleRow(title, undefined, joinRuns && (emsAtMost(specLabel) + emsAtMost(title) / n) * TABLE_FONT <= specWidth ? oneLine(title, PAGE_INNER_W - 2 * CELL_PAD_X - 1, TABLE_FONT) : {});
  const lineRow = (l: QuoteDocument['groups'][number]['lines'][number], id: string): TableCell[] => {
    // One text node with inline runs: nested stacks in 300 table cells double pdfmake's layout time.
    // Part numbers have no spaces to wrap at, so they may break anywhere.
    const spec: TableCell = l.code
      ? { text: [{ text: `${l.code}\n`, bold: true, wordBreak: 'break-all' }, { text: l.spec, color: GREY, ...breakLong(l.spec) }] }
      : { text: l.spec, ...breakLong(l.spec) };
    const cell: Record<string, TableCell> = {
      no: { text: l.no, alignment: 'center', id },
      name: { text: l.name, ...fits(l.name, 'name') },
      spec,
      brand: { text: l.brand, ...fits(l.brand, 'brand') },
      unit: { text: l.unit, alignment: 'center', ...fits(l.unit, 'unit') },
      qty: { text: l.qty, alignment: 'right' },
      unitPrice: { text: l.unitPrice, alignment: 'right' },
      unitPriceIncVat: { text: l.unitPriceIncVat ?? '', alignment: 'right' },
      amount: doc.panelPricesOnly ? { text: l.amount, alignment: 'center', color: GREY } : { text: l.amount, alignment: 'right' },
    };
    return cols.map((c) => cell[c.key] as TableCell);
  };
  const subtotalRow = (g: QuoteDocument['groups'][number]): TableCell[] => [
    { text: `${g.subtotalLabel} — ${g.title}`, colSpan: n - 1, alignment: 'right', bold: true },
    ...span(n - 2),
    { text: g.subtotal, alignment: 'right', bold: true },
  ];

  // Keep-together units: [heading row (first panel only) + panel title + first line], the middle lines
  // (rows never split, breaks between rows), [last line + subtotal]. A panel title is thus never the last
  // line of a page and a subtotal never opens one. The page header repeats the column headings and, where
  // a panel continues, its title with "（续）".
  const lineUnits: Content[] = [];
  // The first cell of each line row and each panel title, in document order: pdfmake records on these
  // very objects (node.positions) where it laid them out, and it lays the body out before the headers.
  const marks: { group: number; continued: boolean; cell: TableCell }[] = [];
  const marked = (row: TableCell[], group: number, continued: boolean): TableCell[] => (marks.push({ group, continued, cell: row[0] as TableCell }), row);
  doc.groups.forEach((g, gi) => {
    const rows = g.lines.map((l, li) => marked(lineRow(l, rowId(gi, li)), gi, true));
    const title = titleRow(g.title, rowId(gi, 't'));
    marks.splice(marks.length - rows.length, 0, { group: gi, continued: false, cell: title[0] as TableCell });
    const firstRows: TableCell[][] = [...(gi === 0 ? [head] : []), title, ...(rows.length > 0 ? [rows[0] as TableCell[]] : [])];
    const firstHeights: (number | 'auto')[] = [...(gi === 0 ? [HEAD_H] : []), TITLE_H];
    if (rows.length <= 1) {
      lineUnits.push({ unbreakable: true, stack: [table([...firstRows, subtotalRow(g)], firstHeights)] });
      return;
    }
    lineUnits.push({ unbreakable: true, stack: [table(firstRows, firstHeights)] });
    if (rows.length > 2) lineUnits.push(table(rows.slice(1, -1)));
    lineUnits.push({ unbreakable: true, stack: [table([rows[rows.length - 1] as TableCell[], subtotalRow(g)])] });
  });

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
  const signLine = (label: string, value = ''): Content => ({
    columns: [
      { text: `${label}${doc.lang === 'zh' ? '：' : ':'}`, fontSize: 9, width: 'auto', noWrap: true },
      { stack: [{ text: value || ' ', fontSize: 9 }, { canvas: [{ type: 'line', x1: 0, y1: 1, x2: 130, y2: 1, lineWidth: 0.5, lineColor: RULE }] }], width: '*' },
    ],
    columnGap: 4,
    margin: [0, value ? 10 : 20, 0, 0],
  });
  const content: Content[] = [
    letterhead(doc.company),
    { text: doc.title, fontSize: 20, bold: true, alignment: 'center', characterSpacing: doc.lang === 'zh' ? 8 : 1, margin: [0, 0, 0, 10] },
    { columns: [{ width: '*', ...(labelValueTable(doc.parties, doc.lang === 'zh' ? 52 : 70) as object) }, { width: 190, ...(labelValueTable(doc.meta, doc.lang === 'zh' ? 52 : 78) as object) }], columnGap: 16, margin: [0, 0, 0, 10] } as Content,
    ...lineUnits,
    // The totals block is one unit: 合计不含税, 税额, 合计含税 and 人民币大写 on one page.
    { unbreakable: true, stack: [totals, words] },
    { unbreakable: true, stack: [{ ...(labelValueTable(doc.terms, doc.lang === 'zh' ? 60 : 90) as object), margin: [0, 0, 0, 6] } as Content] },
    // Notes stay with the signature and seal block.
    {

      unbreakable: true,
      stack: [
        { text: doc.notesLabel, bold: true, fontSize: 9, margin: [0, 4, 0, 2] },
        { ol: doc.notes, fontSize: 8.5, color: '#333333', margin: [0, 0, 0, 12] },
        {
          columns: [
            { stack: [{ text: doc.company.name, bold: true, fontSize: 9 }, { text: doc.company.bank, fontSize: 8, color: GREY }, { text: doc.company.taxId, fontSize: 8, color: GREY }] },
            { width: 250, stack: [signLine(doc.signOff.seal), signLine(doc.signOff.signature), signLine(doc.signOff.date.label, doc.signOff.date.value)] },
          ],
        },
      ],
    },
  ];
  // Which panel each page starts in, read from this layout's own positions (headers come after the body).
  let laidOut: PageStarts | undefined;
  const pageStart = (page: number) => {
    if (page === 1 || !laidOut) laidOut = pageStartsFromLayout(marks);
    return laidOut.get(page);
  };
  const header = (page: number): Content | null => {
    const at = pageStart(page);
    if (!at || page === 1) return null;
    const g = doc.groups[at.group];
    const rows: TableCell[][] = [head, ...(at.continued && g ? [headerTitle(g.continuedTitle)] : [])];
    return { margin: [36, at.continued ? HEADER_Y : HEADER_Y + TITLE_H + PAD, 36, 0], ...(table(rows, [HEAD_H, TITLE_H]) as object) } as Content;
  };
  return {
    pageSize: 'A4',
    pageMargins: [36, PAGE_TOP_MARGIN, 36, 48],
    content,
    header,
    defaultStyle: { fontSize: 9, lineHeight: 1.15 },
    info: { title: `${doc.title} ${doc.meta[0]?.value ?? ''}`, author: doc.company.name, creator: doc.company.name, producer: doc.company.name },
  };
}
