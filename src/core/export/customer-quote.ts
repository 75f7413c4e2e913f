import { specText } from '../bom/model.ts';
import { formatMoney } from '../money.ts';
import { amountInWords } from '../format/rmb-words.ts';
import type { TextField } from '../format/glyph-coverage.ts';
import type { Lang } from '../text.ts';
import { dateOf } from './internal-workbook.ts';
import { linesByPanel, lineBrand, lineUnit, panelTitle, quoteIdentity, requirePriced, type DocumentInput, type QuoteIdentity } from './export-input.ts';
import { constant, displayWidth, div, empty, fn, formula, mul, num, ref, roundFen, sub, add, text, type Cell, type CellStyle, type Formula, type Sheet, type WorkbookModel } from './sheet-model.ts';
import type { QuoteTemplate } from './templates.ts';

/**
 * The customer quote, as a workbook model and as a neutral PDF document model. Both show prices only:
 * nothing here reads a cost, a factor, a margin or an approval record, so nothing of the kind can leak.
 * Figures are the core's (PricedQuote), formatted, never recomputed differently.
 */

const L = (lang: Lang, zh: string, en: string) => (lang === 'zh' ? zh : en);

export interface QuoteDocLine {
  no: string;
  name: string;
  code?: string;
  spec: string;
  brand: string;
  unit: string;
  qty: string;
  /** Empty in a panel-prices-only quote. */
  unitPrice: string;
  amount: string;
}

export interface QuoteDocGroup {
  title: string;
  lines: QuoteDocLine[];
  subtotalLabel: string;
  subtotal: string;
}

export interface LabelValue {
  label: string;
  value: string;
}

/** The customer quote PDF as plain data; src/export/pdf/quote-doc.ts lays it out with pdfmake. */
export interface QuoteDocument {
  lang: Lang;
  status: 'final' | 'draft';
  /** Text drawn on every page when the quote is a draft. */
  watermark?: string;
  company: { name: string; otherName: string; address: string; contact: string; bank: string; taxId: string; logoSvg?: string };
  title: string;
  meta: LabelValue[];
  parties: LabelValue[];
  columns: QuoteTemplate['columns'];
  panelPricesOnly: boolean;
  groups: QuoteDocGroup[];
  totals: (LabelValue & { strong?: boolean })[];
  amountInWords: LabelValue;
  terms: LabelValue[];
  notesLabel: string;
  notes: string[];
  footerText: string;
}

interface Commercial {
  id: QuoteIdentity;
  validUntil: string;
  delivery: string;
  deliveryPlace?: string;
  paymentTerms: string;
  notes: string[];
}

function commercial(input: DocumentInput): Commercial {
  const t = input.templates.quote[input.lang];
  const terms = input.evaluation.quoteState.terms;
  const notes = [...t.defaultNotes];
  if (terms.note && terms.note.trim() !== '') notes.unshift(terms.note);
  return {
    id: quoteIdentity(input),
    validUntil: terms.validUntil ?? t.labels.notSet,
    delivery: terms.deliveryDays === null ? t.labels.notSet : t.labels.deliveryDays.replace('{days}', String(terms.deliveryDays)),
    ...(terms.deliveryPlace ? { deliveryPlace: terms.deliveryPlace } : {}),
    paymentTerms: terms.paymentTerms.trim() !== '' ? terms.paymentTerms : t.defaultPaymentTerms || t.labels.notSet,
    notes,
  };
}

function revisionText(id: QuoteIdentity, t: QuoteTemplate): string {
  return id.issued ? id.letter : `${id.letter} (${t.labels.workingDraft})`;
}

function vatLabel(t: QuoteTemplate, vatPct: string): string {
  return `${t.labels.vat} (${vatPct}%)`;
}

// ── Workbook ─────────────────────────────────────────────────────────────────────────────────────

const H: CellStyle = { bold: true, border: true, fill: 'header', align: 'center', wrap: true };
const B: CellStyle = { border: true };
// Wrapped cells: the writer sets the row height they need (wrappedRowHeights).
const BW: CellStyle = { border: true, wrap: true };
const M: CellStyle = { border: true, format: 'money' };
const MB: CellStyle = { border: true, format: 'money', bold: true, fill: 'subtotal' };
const MT: CellStyle = { border: true, format: 'money', bold: true, fill: 'total' };
const NCOL = 8;
const AMOUNT = 7;
const UNIT_PRICE = 6;
const QTY = 5;

function padRow(cells: Cell[], style?: CellStyle): Cell[] {
  const out = [...cells];
  while (out.length < NCOL) out.push(empty(style));
  return out;
}

export function customerWorkbook(input: DocumentInput): WorkbookModel {
  const { lang, project, templates, knowledge } = input;
  const priced = requirePriced(input.evaluation);
  const t = templates.quote[lang];
  const c = commercial(input);
  const pricesOnly = input.panelPricesOnly === true;
  const rows: Cell[][] = [];
  const merges: Sheet['merges'] = [];
  const wide = (cell: Cell) => {
    merges.push({ from: { row: rows.length, col: 0 }, to: { row: rows.length, col: NCOL - 1 } });
    rows.push(padRow([cell]));
  };
  wide(text(templates.company.name[lang], { bold: true, fontSize: 14, align: 'center' }));
  wide(text(`${t.titles.customerWorkbook}${c.id.status === 'draft' ? ` — ${t.draftWatermark}` : ''}`, { bold: true, fontSize: 12, align: 'center' }));
  const info = (pairs: [string, string][]) => {
    // two label/value pairs a row: label cols 0–1, value 2–3 | label 4–5, value 6–7
    const r = rows.length;
    const cells: Cell[] = [];
    pairs.forEach(([k, v], i) => {
      const base = i * 4;
      cells[base] = text(k, { bold: true });
      cells[base + 2] = text(v);
      merges.push({ from: { row: r, col: base }, to: { row: r, col: base + 1 } });
      merges.push({ from: { row: r, col: base + 2 }, to: { row: r, col: base + 3 } });
    });
    rows.push(padRow(Array.from({ length: NCOL }, (_, i) => cells[i] ?? empty())));
  };
  info([[t.labels.quoteNo, c.id.number], [t.labels.revision, revisionText(c.id, t)]]);
  info([[t.labels.customer, project.meta.customer], [t.labels.date, input.date]]);
  info([[t.labels.project, project.meta.name], [t.labels.validUntil, c.validUntil]]);
  rows.push([]);
  const headerRow = rows.length;
  rows.push([t.columns.no, t.columns.name, t.columns.spec, t.columns.brand, t.columns.unit, t.columns.qty, t.columns.unitPrice, t.columns.amount].map((h) => text(h, H)));

  const subtotalRows: number[] = [];
  linesByPanel(priced).forEach(({ panel, lines }) => {
    const titleRow = rows.length;
    merges.push({ from: { row: titleRow, col: 0 }, to: { row: titleRow, col: NCOL - 1 } });
    rows.push(padRow([text(panelTitle(panel, lang), { bold: true, border: true, fill: 'subtotal' })], { border: true, fill: 'subtotal' }));
    const first = rows.length;
    lines.forEach((l, i) => {
      const r = rows.length;
      const priceCells: Cell[] = pricesOnly
        ? [empty(B), text(t.labels.includedInPanelPrice, { border: true, align: 'center' })]
        : [
            num(l.unitPrice, M),
            // A balancing line whose amount ≠ quantity × unit price (see src/core/pricing/README.md) is a value.
            l.unitPriceExact ? formula(roundFen(mul(ref(r, QTY), ref(r, UNIT_PRICE))), l.amountExVat, M) : num(l.amountExVat, M),
          ];
      rows.push([num(i + 1, { border: true, align: 'center' }), text(l.name[lang], BW), text(l.code ? `${l.code} ${specText(l, lang)}` : specText(l, lang), BW), text(lineBrand(l, knowledge, lang), B), text(lineUnit(l, lang), { border: true, align: 'center' }), num(l.quantity, { border: true, format: 'decimal' }), ...priceCells]);
    });
    const last = rows.length - 1;
    const sr = rows.length;
    subtotalRows.push(sr);
    const label = pricesOnly ? `${t.labels.panelPrice} — ${panelTitle(panel, lang)}` : `${t.labels.subtotal} — ${panelTitle(panel, lang)}`;
    merges.push({ from: { row: sr, col: 0 }, to: { row: sr, col: AMOUNT - 1 } });
    rows.push(
      padRow(
        [
          text(label, { bold: true, border: true, fill: 'subtotal', align: 'right' }),
          ...Array.from({ length: AMOUNT - 1 }, () => empty({ border: true, fill: 'subtotal' })),
          // Panel-prices-only: the panel price is the sum of line amounts that are not shown, so it is a value.
          pricesOnly ? num(panel.amountExVat, MB) : formula(fn('SUM', { op: 'range', from: { row: first, col: AMOUNT }, to: { row: last, col: AMOUNT } }), panel.amountExVat, MB),
        ],
      ),
    );
  });

  const T = priced.totals;
  const totalRow = (label: string, cell: Cell) => {
    const r = rows.length;
    merges.push({ from: { row: r, col: 0 }, to: { row: r, col: AMOUNT - 1 } });
    rows.push([text(label, { bold: true, border: true, align: 'right', fill: 'total' }), ...Array.from({ length: AMOUNT - 1 }, () => empty({ border: true, fill: 'total' })), cell]);
    return r;
  };
  rows.push([]);
  const sumSubtotals: Formula = fn('SUM', ...subtotalRows.map((r) => ref(r, AMOUNT)));
  let exVatFormula: Formula = sumSubtotals;
  if (!T.headerDiscount.isZero()) {
    // The header discount (an entered amount, or a rate of the subtotal) is stated as a value.
    const dr = totalRow(t.labels.headerDiscount, num(T.headerDiscount, MT));
    exVatFormula = roundFen(sub(sumSubtotals, ref(dr, AMOUNT)));
  }
  const exRow = totalRow(t.labels.totalExVat, formula(exVatFormula, T.netAmountExVat, MT));
  const vatRow = totalRow(vatLabel(t, priced.vatRatePct), formula(roundFen(div(mul(ref(exRow, AMOUNT), constant(priced.vatRatePct)), constant(100))), T.vat, MT));
  totalRow(t.labels.totalIncVat, formula(roundFen(add(ref(exRow, AMOUNT), ref(vatRow, AMOUNT))), T.amountIncVat, MT));
  const words = rows.length;
  merges.push({ from: { row: words, col: 0 }, to: { row: words, col: 1 } }, { from: { row: words, col: 2 }, to: { row: words, col: NCOL - 1 } });
  rows.push(padRow([text(t.labels.amountInWords, { bold: true }), empty(), text(amountInWords(T.amountIncVat), { bold: true })]));
  rows.push([]);
  const para = (label: string, value: string) => {
    merges.push({ from: { row: rows.length, col: 0 }, to: { row: rows.length, col: 1 } }, { from: { row: rows.length, col: 2 }, to: { row: rows.length, col: NCOL - 1 } });
    rows.push(padRow([text(label, { bold: true }), empty(), text(value)]));
  };
  para(t.labels.delivery, c.delivery);
  if (c.deliveryPlace) para(t.labels.deliveryPlace, c.deliveryPlace);
  para(t.labels.paymentTerms, c.paymentTerms);
  c.notes.forEach((n, i) => para(i === 0 ? t.labels.notes : '', `${i + 1}. ${n}`));
  rows.push([]);
  para(t.labels.bank, `${templates.company.bank.name[lang]}  ${t.labels.account}: ${templates.company.bank.account}  ${t.labels.taxId}: ${templates.company.taxId}`);

  const lineTexts = priced.lines;
  const fit = (texts: string[], min: number, max: number) => Math.min(max, Math.max(min, ...texts.map((x) => displayWidth(x) + 2)));
  const nameWidth = fit(lineTexts.map((l) => l.name[lang]), 16, 28);
  const specWidth = fit(lineTexts.map((l) => (l.code ? `${l.code} ${specText(l, lang)}` : specText(l, lang))), 30, 48);
  return {
    audience: 'customer',
    sheets: [
      {
        name: t.titles.customerWorkbook.slice(0, 31),
        columns: [{ width: 6 }, { width: nameWidth }, { width: specWidth }, { width: 12 }, { width: 7 }, { width: 9 }, { width: 15 }, { width: 17 }],
        rows,
        merges,
        frozenRows: headerRow + 1,
        printTitleRows: { first: headerRow, last: headerRow },
        orientation: 'portrait',
        printFooter: `${c.id.number}${c.id.status === 'draft' ? `  ${t.draftWatermark}` : ''}`,
      },
    ],
    properties: { title: `${t.titles.customerWorkbook} ${c.id.number}`, creator: templates.company.name[lang], company: templates.company.name[lang], created: dateOf(input.date) },
  };
}

// ── PDF document model ───────────────────────────────────────────────────────────────────────────

export function quoteDocument(input: DocumentInput): QuoteDocument {
  const { lang, project, templates, knowledge } = input;
  const priced = requirePriced(input.evaluation);
  const t = templates.quote[lang];
  const co = templates.company;
  const other: Lang = lang === 'zh' ? 'en' : 'zh';
  const c = commercial(input);
  const pricesOnly = input.panelPricesOnly === true;
  const cfg = input.evaluation.sizing.configuration;
  const T = priced.totals;
  const groups: QuoteDocGroup[] = linesByPanel(priced).map(({ panel, lines }) => ({
    title: panelTitle(panel, lang),
    lines: lines.map((l, i) => ({
      no: String(i + 1),
      name: l.name[lang],
      ...(l.code ? { code: l.code } : {}),
      spec: specText(l, lang),
      brand: lineBrand(l, knowledge, lang),
      unit: lineUnit(l, lang),
      qty: l.quantity,
      unitPrice: pricesOnly ? '' : formatMoney(l.unitPrice),
      amount: pricesOnly ? '' : formatMoney(l.amountExVat),
    })),
    subtotalLabel: pricesOnly ? t.labels.panelPrice : t.labels.subtotal,
    subtotal: formatMoney(panel.amountExVat),
  }));
  const totals: QuoteDocument['totals'] = [];
  if (!T.headerDiscount.isZero()) {
    totals.push({ label: t.labels.subtotal, value: formatMoney(T.amountExVat) });
    totals.push({ label: t.labels.headerDiscount, value: `-${formatMoney(T.headerDiscount)}` });
  }
  totals.push({ label: t.labels.totalExVat, value: formatMoney(T.netAmountExVat) });
  totals.push({ label: vatLabel(t, priced.vatRatePct), value: formatMoney(T.vat) });
  totals.push({ label: t.labels.totalIncVat, value: `¥${formatMoney(T.amountIncVat)}`, strong: true });
  const parties: LabelValue[] = [
    { label: t.labels.customer, value: project.meta.customer },
    { label: t.labels.project, value: project.meta.name },
  ];
  if (project.meta.siteName) parties.push({ label: t.labels.site, value: project.meta.siteName });
  if (project.meta.tenderNo) parties.push({ label: t.labels.tenderNo, value: project.meta.tenderNo });
  if (project.meta.quoteContact?.name) parties.push({ label: t.labels.contact, value: [project.meta.quoteContact.name, project.meta.quoteContact.phone, project.meta.quoteContact.email].filter(Boolean).join('  ') });
  if (cfg) parties.push({ label: t.labels.modelCode, value: cfg.modelCode });
  const terms: LabelValue[] = [{ label: t.labels.delivery, value: c.delivery }];
  if (c.deliveryPlace) terms.push({ label: t.labels.deliveryPlace, value: c.deliveryPlace });
  terms.push({ label: t.labels.paymentTerms, value: c.paymentTerms });
  terms.push({ label: t.labels.validUntil, value: c.validUntil });
  return {
    lang,
    status: c.id.status,
    ...(c.id.status === 'draft' ? { watermark: t.draftWatermark } : {}),
    company: {
      name: co.name[lang],
      otherName: co.name[other],
      address: co.address[lang],
      contact: [`${t.labels.phone}: ${co.phone}`, co.fax ? `Fax: ${co.fax}` : '', co.email ?? '', co.website ?? ''].filter(Boolean).join('   '),
      bank: `${t.labels.bank}: ${co.bank.name[lang]}   ${t.labels.account}: ${co.bank.account}`,
      taxId: `${t.labels.taxId}: ${co.taxId}`,
      ...(templates.logoSvg ? { logoSvg: templates.logoSvg } : {}),
    },
    title: t.titles.quote,
    meta: [
      { label: t.labels.quoteNo, value: c.id.number },
      { label: t.labels.revision, value: revisionText(c.id, t) },
      { label: t.labels.date, value: input.date },
      { label: t.labels.validUntil, value: c.validUntil },
    ],
    parties,
    columns: t.columns,
    panelPricesOnly: pricesOnly,
    groups,
    totals,
    amountInWords: { label: t.labels.amountInWords, value: amountInWords(T.amountIncVat) },
    terms,
    notesLabel: t.labels.notes,
    notes: c.notes,
    footerText: `${co.name[lang]} · ${c.id.number}${c.id.status === 'draft' ? ` · ${t.draftWatermark}` : ''}`,
  };
}

/** Every text of the quote document, with where it comes from, for the font coverage check. */
export function quoteDocumentTexts(doc: QuoteDocument): TextField[] {
  const out: TextField[] = [];
  const add_ = (path: string, s: string | undefined) => {
    if (s) out.push({ path, text: s });
  };
  for (const [k, v] of Object.entries(doc.company)) if (k !== 'logoSvg') add_(`company.${k}`, v);
  add_('title', doc.title);
  add_('watermark', doc.watermark);
  doc.meta.forEach((m, i) => add_(`meta[${i}]`, `${m.label} ${m.value}`));
  doc.parties.forEach((m, i) => add_(`parties[${i}]`, `${m.label} ${m.value}`));
  for (const [k, v] of Object.entries(doc.columns)) add_(`columns.${k}`, v);
  doc.groups.forEach((g, gi) => {
    add_(`groups[${gi}].title`, g.title);
    add_(`groups[${gi}].subtotalLabel`, g.subtotalLabel);
    g.lines.forEach((l, li) => {
      for (const [k, v] of Object.entries(l)) add_(`groups[${gi}].lines[${li}].${k}`, v);
    });
  });
  doc.totals.forEach((m, i) => add_(`totals[${i}]`, `${m.label} ${m.value}`));
  add_('amountInWords', `${doc.amountInWords.label} ${doc.amountInWords.value}`);
  doc.terms.forEach((m, i) => add_(`terms[${i}]`, `${m.label} ${m.value}`));
  add_('notesLabel', doc.notesLabel);
  doc.notes.forEach((n, i) => add_(`notes[${i}]`, n));
  add_('footerText', doc.footerText);
  return out;
}
