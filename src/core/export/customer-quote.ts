import { formatMoney, Money, roundToFen } from '../money.ts';
import { amountInWords } from '../format/rmb-words.ts';
import { amountInWordsEn } from './amount-words-en.ts';
import type { TextField } from '../format/glyph-coverage.ts';
import type { Lang } from '../text.ts';
import { dateOf } from './internal-workbook.ts';
import { customerGroups, quoteIdentity, requirePriced, type CustomerLine, type DocumentInput, type PanelPartKind, type QuoteIdentity } from './export-input.ts';
import { breakBeforeBracket, constant, displayWidth, div, empty, fn, formula, keepTogetherBreaks, mul, num, pageCapacityPt, printPlan, ref, roundFen, sub, add, text, type Cell, type CellStyle, type Formula, type Sheet, type WorkbookModel } from './sheet-model.ts';
import type { QuoteTemplate } from './templates.ts';

/**
 * The customer quote, as a workbook model and as a neutral PDF document model. Both show prices only:
 * nothing here reads a cost, a factor, a margin or an approval record, so nothing of the kind can leak.
 * Figures are the core's (PricedQuote), formatted, never recomputed differently.
 */


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
  /** Only with the 含税单价 option. */
  unitPriceIncVat?: string;
  amount: string;
}

export interface QuoteDocGroup {
  title: string;
  /** The title on a page where the panel continues: "充电屏 1（续）". */
  continuedTitle: string;
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
  /** Column headings in order; `unitPriceIncVat` only with that option. */
  columns: { key: keyof QuoteTemplate['columns']; label: string }[];
  panelPricesOnly: boolean;
  groups: QuoteDocGroup[];
  totals: (LabelValue & { strong?: boolean })[];
  amountInWords: LabelValue;
  terms: LabelValue[];
  notesLabel: string;
  notes: string[];
  /** The signature and seal block: labels with the date filled in. */
  signOff: { seal: string; signature: string; date: LabelValue };
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
  // What the price includes follows the cost build-up: a costed commissioning visit is stated as included.
  const commissioning = input.evaluation.priced?.costLayers.find((l) => l.id === 'commissioning');
  notes.splice(Math.min(1, notes.length), 0, commissioning && !commissioning.amount.isZero() ? t.labels.commissioningIncluded : t.labels.commissioningExcluded);
  if (terms.note && terms.note.trim() !== '') notes.unshift(terms.note);
  return {
    id: quoteIdentity(input),
    validUntil: terms.validUntil ?? t.labels.notSet,
    delivery: terms.deliveryDays === null ? t.labels.notSet : t.labels.deliveryDays.replace('{days}', String(terms.deliveryDays)),
    ...(terms.deliveryPlace ? { deliveryPlace: terms.deliveryPlace } : {}),
    // Only what was entered: a template default printed here would contradict the draft's "请填写付款方式".
    paymentTerms: terms.paymentTerms.trim() !== '' ? terms.paymentTerms : t.labels.notSet,
    notes,
  };
}

/** The total in words in the document's language: 人民币大写 in Chinese, the cheque form in English. */
function wordsFor(lang: Lang, amount: Money): string {
  return lang === 'zh' ? amountInWords(amount) : amountInWordsEn(amount);
}

function revisionText(id: QuoteIdentity, t: QuoteTemplate): string {
  return id.issued ? id.letter : `${id.letter} (${t.labels.workingDraft})`;
}

function vatLabel(t: QuoteTemplate, vatPct: string): string {
  return `${t.labels.vat} (${vatPct}%)`;
}

/** "草稿 DRAFT", with "未审批" only when an approval is what keeps the quote a draft. */
export function draftMark(input: DocumentInput, t: QuoteTemplate): string {
  const needsApproval = (input.evaluation.quote?.blockers ?? []).some((b) => b.code === 'approval.required');
  return needsApproval ? `${t.draftWatermark} — ${t.labels.notApproved}` : t.draftWatermark;
}

/**
 * Keeps a term on one line: a number and its unit ("2 V", "300 Ah") are joined by a no-break space, so a
 * name never wraps as "蓄电池巡检单元（2 / V）".
 */
export function keepTerms(s: string): string {
  return s.replace(/(\d)[ ]+(?=[A-Za-zΩ%°℃μ])/g, '$1\u00a0');
}

/**
 * "充电屏 1（续）" / "Charger panel 1 (continued)": the word space is the language's, not the template's
 * (templates are trimmed, which printed "Charger panel 1(continued)").
 */
export function continuedTitle(title: string, t: QuoteTemplate, lang: Lang): string {
  return `${title}${lang === 'en' ? ' ' : ''}${t.labels.continued}`;
}

/** The unit price incl. VAT as the optional column shows it (information; amounts stay ex VAT). */
function unitPriceIncVat(unitPrice: Money, vatPct: string): Money {
  return roundToFen(unitPrice.times(new Money(100).plus(vatPct)).div(100));
}

const PANEL_PART_LABEL = { terminals: 'panelPartTerminals', wiring: 'panelPartWiring', labels: 'panelPartLabels', mounting: 'panelPartMounting' } as const;

/** "含屏内端子、二次配线、标识及安装附件" for a panel, "含标识及安装附件" for a battery rack: what was folded in. */
export function panelPartsText(parts: readonly PanelPartKind[], t: QuoteTemplate): string {
  const words = parts.map((k) => t.labels[PANEL_PART_LABEL[k]]);
  const zh = /[\u4e00-\u9fff]/.test(t.labels.includesPanelParts);
  const list = words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(zh ? '、' : ', ')}${zh ? '及' : ' and '}${words[words.length - 1]}`;
  return t.labels.includesPanelParts.replace('{parts}', list);
}

function lineSpecText(l: CustomerLine, t: QuoteTemplate): string {
  // the separator of the document's language: the English quote printed "position；incl. terminals"
  const sep = /[\u4e00-\u9fff]/.test(t.labels.includesPanelParts) ? '；' : '; ';
  return l.includesPanelParts ? `${l.spec}${sep}${panelPartsText(l.panelParts, t)}` : l.spec;
}

/**
 * The workbook's 型号规格 cell: the model code on its own line, the spec on the next (a spec that opens
 * with the code itself, "ZHAP01，输入 DC220V", does not repeat it).
 */
function specCellText(l: CustomerLine, t: QuoteTemplate): string {
  const spec = lineSpecText(l, t);
  if (!l.code) return spec;
  const rest = spec.startsWith(l.code) ? spec.slice(l.code.length).replace(/^[\s，,]+/, '') : spec;
  return rest === '' ? l.code : `${l.code}\n${rest}`;
}

// ── Workbook ─────────────────────────────────────────────────────────────────────────────────────

const H: CellStyle = { bold: true, border: true, fill: 'header', align: 'center', wrap: true };
const B: CellStyle = { border: true };
// Wrapped cells: the writer sets the row height they need (wrappedRowHeights).
const BW: CellStyle = { border: true, wrap: true };
const M: CellStyle = { border: true, format: 'money' };
const MB: CellStyle = { border: true, format: 'money', bold: true, fill: 'subtotal' };
const MT: CellStyle = { border: true, format: 'money', bold: true, fill: 'total' };
const QTY = 5;
const UNIT_PRICE = 6;

/**
 * The customer quote workbook. Where a panel runs onto the next printed page, that page opens with the
 * panel's title and "（续）", as the PDF's does: the rows are planned with the writer's own page planner
 * (`printPlan`), a （续） row is put before the first line of each page that continues a panel, and made
 * to open that page (`Sheet.pageStarts`). One planning pass per continued panel, on row heights measured once.
 */
export function customerWorkbook(input: DocumentInput): WorkbookModel {
  const first = customerSheet(input, new Set());
  const base = first.model.sheets[0] as Sheet;
  const { widths, heights } = printPlan(base);
  const capacity = pageCapacityPt(base, widths);
  const baseKeep = new Set(base.keepWithPrevious);
  const continued = new Set<string>();
  for (;;) {
    // the first build's rows, with a （续） row (the height of a panel title) before each continued line
    const h: number[] = [];
    const keep = new Set<number>();
    const starts = new Set<number>();
    const lineAt = new Map<number, string>();
    heights.forEach((height, r) => {
      const line = first.continuable.get(r);
      if (line !== undefined && continued.has(line)) {
        starts.add(h.length);
        h.push(heights[first.titleRow] ?? 0);
        keep.add(h.length);
      } else if (baseKeep.has(r)) keep.add(h.length);
      if (line !== undefined && !continued.has(line)) lineAt.set(h.length, line);
      h.push(height);
    });
    const next = keepTogetherBreaks(h, keep, capacity, base.printTitleRows, starts)
      .map((b) => lineAt.get(b))
      .find((line) => line !== undefined);
    if (next === undefined) break;
    continued.add(next);
  }
  return continued.size === 0 ? first.model : customerSheet(input, continued).model;
}

interface CustomerSheetBuild {
  model: WorkbookModel;
  /** Rows of lines that may open a page of their panel (every line but the first), by "group:line". */
  continuable: Map<number, string>;
  /** A panel title row, whose printed height a （续） row has too. */
  titleRow: number;
}

/** The workbook with a （续） title row before each line of `continued` ("group:line"), each opening a page. */
function customerSheet(input: DocumentInput, continued: ReadonlySet<string>): CustomerSheetBuild {
  const { lang, project, templates } = input;
  const priced = requirePriced(input.evaluation);
  const t = templates.quote[lang];
  const c = commercial(input);
  const pricesOnly = input.panelPricesOnly === true;
  const incVat = input.unitPriceIncVat === true && !pricesOnly;
  const NCOL = incVat ? 9 : 8;
  const AMOUNT = NCOL - 1;
  const padRow = (cells: Cell[], style?: CellStyle): Cell[] => {
    const out = [...cells];
    while (out.length < NCOL) out.push(empty(style));
    return out;
  };
  const groups = customerGroups(input);
  // Model and spec share a column: A4 portrait at ≥ 9 pt has no width for a column of each (issue 11), so
  // the model code is a line of its own and the spec follows on the next, never a wrap in mid-term.
  const specTexts = groups.flatMap((g) => g.lines.map((l) => specCellText(l, t)));
  const fit = (texts: string[], min: number, max: number) => Math.min(max, Math.max(min, ...texts.flatMap((x) => x.split('\n')).map((x) => displayWidth(x) + 2)));
  // A4 portrait at 100 %: about 95 character widths between the margins; the price columns keep theirs,
  // wide enough for "（不含税，元）" on one line under "单价".
  const nameWidth = fit(groups.flatMap((g) => g.lines.map((l) => l.name)), 14, 22);
  const priceWidths = incVat ? [13, 13, 15] : [14, 15];
  const fixed = 5 + nameWidth + 10 + 5 + 7 + priceWidths.reduce((a, b) => a + b, 0);
  const specWidth = Math.max(22, Math.min(fit(specTexts, 22, 40), 95 - fixed));
  const widths = [5, nameWidth, specWidth, 10, 5, 7, ...priceWidths];
  const rows: Cell[][] = [];
  const merges: Sheet['merges'] = [];
  // Rows printed on the page of the row before them (see Sheet.keepWithPrevious).
  const keep: number[] = [];
  const wide = (cell: Cell) => {
    merges.push({ from: { row: rows.length, col: 0 }, to: { row: rows.length, col: NCOL - 1 } });
    rows.push(padRow([cell]));
  };
  wide(text(templates.company.name[lang], { bold: true, fontSize: 14, align: 'center' }));
  wide(text(`${t.titles.customerWorkbook}${c.id.status === 'draft' ? ` — ${draftMark(input, t)}` : ''}`, { bold: true, fontSize: 12, align: 'center' }));
  const half = Math.floor(NCOL / 2);
  const info = (pairs: [string, string][]) => {
    // two label/value pairs a row: label cols 0–1, value 2–(half−1) | label half–half+1, value half+2–end
    const r = rows.length;
    const cells: Cell[] = [];
    pairs.forEach(([k, v], i) => {
      const base = i === 0 ? 0 : half;
      const endCol = i === 0 ? half - 1 : NCOL - 1;
      cells[base] = text(k, { bold: true });
      // wrapped (the writer measures the merged width): a long project name never runs into the next label
      cells[base + 2] = text(breakBeforeBracket(v, widths.slice(base + 2, endCol + 1).reduce((a, b) => a + b, 0)), { wrap: true });
      merges.push({ from: { row: r, col: base }, to: { row: r, col: base + 1 } });
      if (endCol > base + 2) merges.push({ from: { row: r, col: base + 2 }, to: { row: r, col: endCol } });
    });
    rows.push(padRow(Array.from({ length: NCOL }, (_, i) => cells[i] ?? empty())));
  };
  info([[t.labels.quoteNo, c.id.number], [t.labels.revision, revisionText(c.id, t)]]);
  info([[t.labels.customer, project.meta.customer], [t.labels.date, input.date]]);
  info([[t.labels.project, project.meta.name], [t.labels.validUntil, c.validUntil]]);
  rows.push([]);
  const headerRow = rows.length;
  const heads = [t.columns.no, t.columns.name, t.columns.spec, t.columns.brand, t.columns.unit, t.columns.qty, t.columns.unitPrice, ...(incVat ? [t.columns.unitPriceIncVat] : []), t.columns.amount];
  rows.push(heads.map((h, i) => text(breakBeforeBracket(h, widths[i] ?? 10, 10, true), H)));

  const subtotalRows: number[] = [];
  const continuable = new Map<number, string>();
  const pageStarts: number[] = [];
  let titleRow0 = -1;
  const titleRow = (title: string) => {
    const r = rows.length;
    merges.push({ from: { row: r, col: 0 }, to: { row: r, col: NCOL - 1 } });
    rows.push(padRow([text(title, { bold: true, border: true, fill: 'subtotal' })], { border: true, fill: 'subtotal' }));
    return r;
  };
  groups.forEach((g, gi) => {
    const { panel, lines } = g;
    const tr = titleRow(g.title);
    if (titleRow0 < 0) titleRow0 = tr;
    const first = rows.length;
    lines.forEach((l, i) => {
      const key = `${gi}:${i}`;
      if (i > 0 && continued.has(key)) pageStarts.push(titleRow(continuedTitle(g.title, t, lang)));
      const r = rows.length;
      if (i > 0) continuable.set(r, key);
      const priceCells: Cell[] = pricesOnly
        ? [empty(B), text(t.labels.includedInPanelPrice, { border: true, align: 'center' })]
        : [
            num(l.unitPrice, M),
            ...(incVat ? [num(unitPriceIncVat(l.unitPrice, priced.vatRatePct), M)] : []),
            // Merged or folded lines whose amount ≠ ROUND(quantity × unit price) are values.
            l.exact ? formula(roundFen(mul(ref(r, QTY), ref(r, UNIT_PRICE))), l.amount, M) : num(l.amount, M),
          ];
      // A panel heading (or its （续） row) is never the last line of a page.
      if (i === 0 || continued.has(key)) keep.push(r);
      rows.push([num(i + 1, { border: true, align: 'center' }), text(breakBeforeBracket(keepTerms(l.name), nameWidth), BW), text(keepTerms(specCellText(l, t)), BW), text(l.brand, BW), text(l.unit, { border: true, align: 'center' }), num(l.quantity, { border: true, format: 'decimal' }), ...priceCells]);
    });
    const last = rows.length - 1;
    const sr = rows.length;
    subtotalRows.push(sr);
    // A subtotal stays with its panel's last line.
    keep.push(sr);
    const label = pricesOnly ? `${t.labels.panelPrice} — ${g.title}` : `${t.labels.subtotal} — ${g.title}`;
    merges.push({ from: { row: sr, col: 0 }, to: { row: sr, col: AMOUNT - 1 } });
    rows.push(
      padRow([
        text(label, { bold: true, border: true, fill: 'subtotal', align: 'right' }),
        ...Array.from({ length: AMOUNT - 1 }, () => empty({ border: true, fill: 'subtotal' })),
        // Panel-prices-only: the panel price is the sum of line amounts that are not shown, so it is a value.
        pricesOnly ? num(panel.amountExVat, MB) : formula(fn('SUM', { op: 'range', from: { row: first, col: AMOUNT }, to: { row: last, col: AMOUNT } }), panel.amountExVat, MB),
      ]),
    );
  });

  const T = priced.totals;
  const totalRow = (label: string, cell: Cell) => {
    const r = rows.length;
    merges.push({ from: { row: r, col: 0 }, to: { row: r, col: AMOUNT - 1 } });
    rows.push([text(label, { bold: true, border: true, align: 'right', fill: 'total' }), ...Array.from({ length: AMOUNT - 1 }, () => empty({ border: true, fill: 'total' })), cell]);
    return r;
  };
  // From here to the seal block, every row stays with the one before: the totals block is one unit, the notes
  // stay with it and with the seal and signature, and the last page always carries table rows (the last
  // panel line and its subtotal), never notes alone under the repeated column headings.
  const tailFrom = rows.length;
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
  rows.push(padRow([text(t.labels.amountInWords, { bold: true, border: true, fill: 'total' }), empty({ border: true, fill: 'total' }), text(wordsFor(lang, T.amountIncVat), { bold: true, border: true, wrap: true })], { border: true }));
  rows.push([]);
  const para = (label: string, value: string) => {
    merges.push({ from: { row: rows.length, col: 0 }, to: { row: rows.length, col: 1 } }, { from: { row: rows.length, col: 2 }, to: { row: rows.length, col: NCOL - 1 } });
    rows.push(padRow([text(label, { bold: true, wrap: true }), empty(), text(value, { wrap: true })]));
  };
  para(t.labels.delivery, c.delivery);
  if (c.deliveryPlace) para(t.labels.deliveryPlace, c.deliveryPlace);
  para(t.labels.paymentTerms, c.paymentTerms);
  c.notes.forEach((n, i) => para(i === 0 ? t.labels.notes : '', `${i + 1}. ${n}`));
  rows.push([]);
  para(t.labels.bank, `${templates.company.bank.name[lang]}  ${t.labels.account}: ${templates.company.bank.account}  ${t.labels.taxId}: ${templates.company.taxId}`);
  rows.push([]);
  // The seal and signature block, as on the PDF.
  const sign = (label: string, value = '') => {
    const r = rows.length;
    merges.push({ from: { row: r, col: 0 }, to: { row: r, col: 1 } }, { from: { row: r, col: 2 }, to: { row: r, col: half - 1 } });
    rows.push(padRow([text(label, { bold: true, wrap: true }), empty(), text(value)]));
    rows.push([]);
  };
  const colon = lang === 'zh' ? '：' : ':';
  sign(`${t.labels.seal}${colon}`);
  sign(`${t.labels.signature}${colon}`);
  sign(`${t.labels.signDate}${colon}`, input.date);
  for (let r = tailFrom; r < rows.length; r++) keep.push(r);

  const model: WorkbookModel = {
    audience: 'customer',
    sheets: [
      {
        name: t.titles.customerWorkbook.slice(0, 31),
        columns: widths.map((width) => ({ width })),
        rows,
        merges,
        keepWithPrevious: keep,
        ...(pageStarts.length > 0 ? { pageStarts } : {}),
        frozenRows: headerRow + 1,
        printTitleRows: { first: headerRow, last: headerRow },
        orientation: 'portrait',
        printFooter: `${c.id.number}${c.id.status === 'draft' ? `  ${draftMark(input, t)}` : ''}`,
      },
    ],
    properties: { title: `${t.titles.customerWorkbook} ${c.id.number}`, creator: templates.company.name[lang], company: templates.company.name[lang], created: dateOf(input.date) },
  };
  return { model, continuable, titleRow: titleRow0 };
}

// ── PDF document model ───────────────────────────────────────────────────────────────────────────

export function quoteDocument(input: DocumentInput): QuoteDocument {
  const { lang, project, templates } = input;
  const priced = requirePriced(input.evaluation);
  const t = templates.quote[lang];
  const co = templates.company;
  const other: Lang = lang === 'zh' ? 'en' : 'zh';
  const c = commercial(input);
  const pricesOnly = input.panelPricesOnly === true;
  const incVat = input.unitPriceIncVat === true && !pricesOnly;
  const cfg = input.evaluation.sizing.configuration;
  const T = priced.totals;
  const groups: QuoteDocGroup[] = customerGroups(input).map((g) => ({
    title: g.title,
    continuedTitle: continuedTitle(g.title, t, lang),
    lines: g.lines.map((l, i) => ({
      no: String(i + 1),
      name: keepTerms(l.name),
      ...(l.code ? { code: l.code } : {}),
      spec: keepTerms(lineSpecText(l, t)),
      brand: l.brand,
      unit: l.unit,
      qty: l.quantity.toFixed(),
      unitPrice: pricesOnly ? '' : formatMoney(l.unitPrice),
      ...(incVat ? { unitPriceIncVat: formatMoney(unitPriceIncVat(l.unitPrice, priced.vatRatePct)) } : {}),
      // Panel-prices-only: the same words as the workbook's amount column.
      amount: pricesOnly ? t.labels.includedInPanelPrice : formatMoney(l.amount),
    })),
    subtotalLabel: pricesOnly ? t.labels.panelPrice : t.labels.subtotal,
    subtotal: formatMoney(g.panel.amountExVat),
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
  const keys: (keyof QuoteTemplate['columns'])[] = ['no', 'name', 'spec', 'brand', 'unit', 'qty', 'unitPrice', ...(incVat ? (['unitPriceIncVat'] as const) : []), 'amount'];
  const mark = draftMark(input, t);
  return {
    lang,
    status: c.id.status,
    ...(c.id.status === 'draft' ? { watermark: mark } : {}),
    company: {
      name: co.name[lang],
      otherName: co.name[other],
      address: co.address[lang],
      contact: [`${t.labels.phone}: ${co.phone}`, co.fax ? `${lang === 'zh' ? '传真' : 'Fax'}: ${co.fax}` : '', co.email ?? '', co.website ?? ''].filter(Boolean).join('   '),
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
    columns: keys.map((key) => ({ key, label: t.columns[key] })),
    panelPricesOnly: pricesOnly,
    groups,
    totals,
    amountInWords: { label: t.labels.amountInWords, value: wordsFor(lang, T.amountIncVat) },
    terms,
    notesLabel: t.labels.notes,
    notes: c.notes,
    signOff: { seal: t.labels.seal, signature: t.labels.signature, date: { label: t.labels.signDate, value: input.date } },
    footerText: `${co.name[lang]} · ${c.id.number}${c.id.status === 'draft' ? ` · ${mark}` : ''}`,
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
  doc.columns.forEach((c) => add_(`columns.${c.key}`, c.label));
  doc.groups.forEach((g, gi) => {
    add_(`groups[${gi}].title`, g.title);
    add_(`groups[${gi}].subtotalLabel`, g.subtotalLabel);
    g.lines.forEach((l, li) => {
      for (const [k, v] of Object.entries(l)) add_(`groups[${gi}].lines[${li}].${k}`, v);
    });
    add_(`groups[${gi}].continuedTitle`, g.continuedTitle);
  });
  doc.totals.forEach((m, i) => add_(`totals[${i}]`, `${m.label} ${m.value}`));
  add_('amountInWords', `${doc.amountInWords.label} ${doc.amountInWords.value}`);
  doc.terms.forEach((m, i) => add_(`terms[${i}]`, `${m.label} ${m.value}`));
  add_('notesLabel', doc.notesLabel);
  add_('signOff', `${doc.signOff.seal} ${doc.signOff.signature} ${doc.signOff.date.label}`);
  doc.notes.forEach((n, i) => add_(`notes[${i}]`, n));
  add_('footerText', doc.footerText);
  return out;
}
