import Decimal from 'decimal.js';
import { levelNames } from '../quote/approval.ts';
import { formatMoney, Money, sumMoney } from '../money.ts';
import type { PricedLine } from '../pricing/price.ts';
import type { Lang } from '../text.ts';
import { linesByPanel, lineBrand, lineSpec, lineUnit, panelTitle, quoteIdentity, requirePriced, type DocumentInput } from './export-input.ts';
import {
  breakableId, breakBeforeBracket, constant, displayWidth, div, empty, fn, formula, mul, num, range, ref, roundFen, safeSheetName, sub, add, text,
  type Cell, type CellStyle, type Formula, type Sheet, type WorkbookModel,
} from './sheet-model.ts';

/**
 * The internal priced BOM workbook (成本报价明细, for sales management only): Summary, one sheet per
 * panel, the PCST cost build-up, and the deviations from the rule-built BOM.
 *
 * Quantities, unit costs and unit prices are values; line amounts, subtotals, cost layers, VAT and totals
 * are formulas whose stated results are the core's own figures (the writer proves formula = result
 * exactly, so a recalculation gives the core's totals to the fen). Figures that come from an allocation
 * (largest remainder) cannot be written as a formula that reproduces the core, and are values:
 *   - a line's share of the cost factors (column "allocated factors"),
 *   - a line's share of the header discount,
 *   - the amount of a balancing line whose amount ≠ quantity × unit price (unitPriceExact false),
 *   - fixed cost factors (an amount from the cost model, not computed).
 * Margins are full precision in the core; a cell shows ROUND(gross profit / price, 6).
 * Sums and differences of fen amounts are fen amounts, but spreadsheets compute in binary floating point
 * (126.93 − 80.00 can come out as 46.929999…); they are wrapped in ROUND(…, 2), which changes no value
 * and keeps every application's result exact.
 */

const L = (lang: Lang, zh: string, en: string) => (lang === 'zh' ? zh : en);

/** Printed in the header and footer of every sheet that carries cost or margin. */
export const internalMark = (lang: Lang) => L(lang, '内部资料 · 含成本 · 不得外发', 'INTERNAL · contains cost · do not send out');

const H: CellStyle = { bold: true, border: true, fill: 'header', align: 'center', wrap: true };
const B: CellStyle = { border: true };
// Wrapped cells: the writer sets the row height they need (wrappedRowHeights).
const BW: CellStyle = { border: true, wrap: true };
const cellText = (c: Cell | undefined): string => (c?.kind === 'text' ? c.text : '');

/** A money column as wide as its longest figure as printed (¥12,345.67) and one character of space; 9 to 12. */
function moneyWidth(rows: Cell[][], col: number): number {
  const shown = rows.map((r) => r[col]).map((c) => (c?.kind === 'number' ? c.value : c?.kind === 'formula' ? c.result : undefined)).filter((v): v is string => v !== undefined);
  return Math.min(12, Math.max(9, ...shown.map((v) => `¥${formatMoney(v)}`.length + 1)));
}
const fit = (texts: string[], min: number, max: number) => Math.min(max, Math.max(min, ...texts.map((x) => displayWidth(x) + 2)));
const M: CellStyle = { border: true, format: 'money' };
const MS: CellStyle = { border: true, format: 'money', bold: true, fill: 'subtotal' };
const P: CellStyle = { border: true, format: 'percent' };
const PS: CellStyle = { border: true, format: 'percent', bold: true, fill: 'subtotal' };
const Q: CellStyle = { border: true, format: 'decimal' };
const TITLE: CellStyle = { bold: true, fontSize: 14 };

const MARGIN_PLACES = 6;
const marginResult = (gp: Decimal, net: Decimal) => new Money(gp).div(net).toDecimalPlaces(MARGIN_PLACES, Decimal.ROUND_HALF_UP);
const marginFormula = (gp: Formula, net: Formula) => fn('ROUND', div(gp, net), constant(MARGIN_PLACES));

// Panel sheet columns
const C = { no: 0, code: 1, name: 2, spec: 3, brand: 4, unit: 5, qty: 6, unitCost: 7, material: 8, factors: 9, totalCost: 10, unitPrice: 11, amount: 12, discount: 13, net: 14, profit: 15, margin: 16, source: 17 } as const;

interface PanelRefs {
  sheet: string;
  subtotalRow: number;
}

function factorShare(l: PricedLine): Money {
  return sumMoney(Object.values(l.factorCosts));
}

function panelSheet(input: DocumentInput, name: string, group: ReturnType<typeof linesByPanel>[number]): { sheet: Sheet; refs: PanelRefs } {
  const { lang, knowledge } = input;
  const { panel, lines } = group;
  // Without a header discount its share is 0 and the net is the amount on every line: those two columns
  // stay in the sheet (the formulas use them) but are hidden, so a panel sheet prints at ≥ 8 pt (issue 11).
  const noHeaderDiscount = requirePriced(input.evaluation).totals.headerDiscount.isZero();
  const rows: Cell[][] = [];
  rows.push([text(panelTitle(panel, lang), TITLE)]);
  rows.push(
    [
      L(lang, '序号', 'No.'), L(lang, '物料代码', 'Code'), L(lang, '名称', 'Name'), L(lang, '规格', 'Spec'), L(lang, '品牌', 'Brand'), L(lang, '单位', 'Unit'),
      L(lang, '数量', 'Qty'), L(lang, '单位成本', 'Unit cost'), L(lang, '材料成本', 'Material cost'), L(lang, '分摊费用', 'Allocated factors'),
      L(lang, '总成本', 'Total cost'), L(lang, '单价（不含税）', 'Unit price ex VAT'), L(lang, '金额（不含税）', 'Amount ex VAT'),
      L(lang, '整单优惠分摊', 'Header discount share'), L(lang, '净额（不含税）', 'Net ex VAT'), L(lang, '毛利', 'Gross profit'), L(lang, '毛利率', 'Margin'), L(lang, '来源', 'Source'),
    ].map((h) => text(h, H)),
  );
  const first = rows.length;
  lines.forEach((l, i) => {
    const r = rows.length;
    const source = l.source.kind === 'rule' ? breakableId(l.source.ruleId) : L(lang, `手工：${l.source.note}`, `manual: ${l.source.note}`);
    rows.push([
      num(i + 1, B),
      text(l.code ?? L(lang, '（非目录）', '(non-catalog)'), BW),
      text(l.name[lang], BW),
      text(lineSpec(l, knowledge, lang), BW),
      text(lineBrand(l, knowledge, lang), BW),
      text(lineUnit(l, lang), B),
      num(l.quantity, Q),
      num(l.unitCost, M),
      formula(roundFen(mul(ref(r, C.qty), ref(r, C.unitCost))), l.materialCost, M),
      // Allocated by largest remainder in the core: a value, not a formula.
      num(factorShare(l), M),
      formula(roundFen(add(ref(r, C.material), ref(r, C.factors))), l.totalCost, M),
      num(l.unitPrice, M),
      // A balancing line without a quantity-1 line carries the rounding balance: its amount is a value.
      l.unitPriceExact ? formula(roundFen(mul(ref(r, C.qty), ref(r, C.unitPrice))), l.amountExVat, M) : num(l.amountExVat, M),
      // Header discount allocated by largest remainder: a value.
      num(l.headerDiscountShare, M),
      formula(roundFen(sub(ref(r, C.amount), ref(r, C.discount))), l.netAmountExVat, M),
      formula(roundFen(sub(ref(r, C.net), ref(r, C.totalCost))), l.grossProfit, M),
      l.netAmountExVat.isZero() ? text('—', B) : formula(marginFormula(ref(r, C.profit), ref(r, C.net)), marginResult(l.grossProfit, l.netAmountExVat), P),
      text(source + (l.nonCatalog ? L(lang, '（非目录物料）', ' (non-catalog item)') : ''), BW),
    ]);
  });
  const last = rows.length - 1;
  const s = rows.length;
  const sum = (col: number, value: Decimal) => formula(fn('SUM', range({ row: first, col }, { row: last, col })), value, MS);
  const sub_: Cell[] = Array.from({ length: 18 }, () => empty({ border: true, fill: 'subtotal' }));
  sub_[C.name] = text(L(lang, '小计', 'Subtotal'), { bold: true, border: true, fill: 'subtotal' });
  sub_[C.material] = sum(C.material, panel.materialCost);
  sub_[C.factors] = sum(C.factors, panel.totalCost.minus(panel.materialCost));
  sub_[C.totalCost] = sum(C.totalCost, panel.totalCost);
  sub_[C.amount] = sum(C.amount, panel.amountExVat);
  sub_[C.discount] = sum(C.discount, panel.headerDiscount);
  sub_[C.net] = sum(C.net, panel.netAmountExVat);
  sub_[C.profit] = sum(C.profit, panel.grossProfit);
  if (!panel.netAmountExVat.isZero()) sub_[C.margin] = formula(marginFormula(ref(s, C.profit), ref(s, C.net)), marginResult(panel.grossProfit, panel.netAmountExVat), PS);
  rows.push(sub_);
  // Landscape A4 (0.3 in side margins) holds about 180 character widths at 80 % (8 pt of the 10 pt
  // font): text columns wrap, money columns are as wide as their longest figure (the headings wrap),
  // and the discount and net columns are hidden when there is no header discount. With them shown
  // (a header discount) the text columns give up a little more width, so the sheet still prints at
  // ≥ 8 pt (issue 11; was ~7.2 pt).
  const columns = [
    { width: 4 },
    { width: fit(lines.map((l) => l.code ?? ''), 10, noHeaderDiscount ? 18 : 14) },
    { width: fit(lines.map((l) => l.name[lang]), 10, noHeaderDiscount ? 16 : 14) },
    { width: fit(lines.map((l) => lineSpec(l, knowledge, lang)), 12, noHeaderDiscount ? 20 : 15) },
    { width: 8 },
    { width: 4 },
    { width: 6 },
    ...Array.from({ length: 9 }, (_, k) => ({ width: moneyWidth(rows, C.unitCost + k), ...(noHeaderDiscount && (C.unitCost + k === C.discount || C.unitCost + k === C.net) ? { hidden: true } : {}) })),
    { width: 7 },
    { width: fit(rows.slice(first, last + 1).map((r) => cellText(r[C.source])), 10, noHeaderDiscount ? 14 : 10) },
  ];
  // Headings too wide for their column break before their bracket: 单价 / （不含税）, never 单价（不含 / 税）.
  rows[1] = (rows[1] ?? []).map((c, i) => (c.kind === 'text' ? text(breakBeforeBracket(c.text, columns[i]?.width ?? 8, 10, true), c.style) : c));
  return {
    sheet: {
      name,
      columns,
      rows,
      frozenRows: 2,
      printTitleRows: { first: 1, last: 1 },
      printHeader: internalMark(lang),
      printFooter: internalMark(lang),
    },
    refs: { sheet: name, subtotalRow: s },
  };
}

export function internalWorkbook(input: DocumentInput): WorkbookModel {
  const { lang, project, evaluation, knowledge, templates } = input;
  const priced = requirePriced(evaluation);
  const quote = evaluation.quote!;
  const id = quoteIdentity(input);
  const taken = new Set<string>();
  const take = (wanted: string) => {
    const n = safeSheetName(wanted, taken);
    taken.add(n);
    return n;
  };
  const summaryName = take(L(lang, '汇总', 'Summary'));
  const pcstName = take(L(lang, 'PCST 成本构成', 'PCST cost build-up'));
  const devName = take(L(lang, '偏差', 'Deviations'));
  const panels = linesByPanel(priced).map((g) => panelSheet(input, take(panelTitle(g.panel, lang)), g));
  const panelRef = (p: PanelRefs, col: number) => ref(p.subtotalRow, col, p.sheet);
  const sumPanels = (col: number) => fn('SUM', ...panels.map((p) => panelRef(p.refs, col)));

  // ── PCST cost build-up ─────────────────────────────────────────────────────────────────────────
  // columns: 0 item, 1 kind, 2 base, 3 rate %, 4 panels, 5 per panel, 6 amount
  const pc: Cell[][] = [[text(L(lang, 'PCST 成本构成与售价', 'PCST cost build-up and price'), TITLE)]];
  pc.push([L(lang, '项目', 'Item'), L(lang, '计算方式', 'Basis'), L(lang, '基数', 'Base'), L(lang, '费率 %', 'Rate %'), L(lang, '屏数', 'Panels'), L(lang, '每屏', 'Per panel'), L(lang, '金额', 'Amount')].map((h) => text(h, H)));
  const layerRow = new Map<string, number>();
  const A = 6;
  for (const layer of priced.costLayers) {
    const r = pc.length;
    layerRow.set(layer.id, r);
    const name = text(layer.name[lang], B);
    if (layer.kind === 'material') {
      pc.push([name, text(L(lang, '各屏材料成本之和', 'sum of the panels’ material cost'), B), empty(B), empty(B), empty(B), empty(B), formula(sumPanels(C.material), layer.amount, M)]);
    } else if (layer.kind === 'rate') {
      const baseRows = (layer.base ?? []).map((b) => layerRow.get(b));
      if (baseRows.some((x) => x === undefined)) throw new Error(`cost layer ${layer.id}: base layer listed after it`);
      const baseNames = (layer.base ?? []).map((b) => priced.costLayers.find((c) => c.id === b)?.name[lang] ?? b).join(' + ');
      pc.push([
        name,
        text(`${L(lang, '费率 × ', 'rate × ')}(${baseNames})`, BW),
        formula(fn('SUM', ...baseRows.map((br) => ref(br as number, A))), layer.baseAmount ?? 0, M),
        num(layer.ratePct ?? '0', { border: true, format: 'decimal' }),
        empty(B),
        empty(B),
        formula(roundFen(div(mul(ref(r, 2), ref(r, 3)), constant(100))), layer.amount, M),
      ]);
    } else if (layer.kind === 'perPanel') {
      pc.push([name, text(L(lang, '每屏固定额 × 屏数', 'per panel × panels'), B), empty(B), empty(B), num(layer.panelCount ?? 0, { border: true, format: 'integer' }), num(layer.perPanelAmount ?? 0, M), formula(mul(ref(r, 4), ref(r, 5)), layer.amount, M)]);
    } else {
      // A fixed amount from the cost model: a value.
      pc.push([name, text(L(lang, '固定金额', 'fixed amount'), B), empty(B), empty(B), empty(B), empty(B), num(layer.amount, M)]);
    }
  }
  const firstLayer = 2;
  const lastLayer = pc.length - 1;
  const bold = (s: string) => text(s, { bold: true, border: true, fill: 'subtotal' });
  const row = (label: string, basis: string, cell: Cell, extra: Cell[] = [empty(B), empty(B), empty(B), empty(B)]) => {
    pc.push([bold(label), text(basis, B), ...extra, cell]);
    return pc.length - 1;
  };
  const T = priced.totals;
  const rTotalCost = row(L(lang, '总成本', 'Total cost'), L(lang, '各项之和', 'sum of the layers'), formula(fn('SUM', range({ row: firstLayer, col: A }, { row: lastLayer, col: A })), T.totalCost, MS));
  const rList = row(L(lang, '售价（优惠前，不含税）', 'Price before discount ex VAT'), L(lang, '各屏金额之和', 'sum of the panels’ amounts'), formula(sumPanels(C.amount), T.amountExVat, MS));
  const rDisc = row(L(lang, '整单优惠', 'Header discount'), L(lang, '各屏分摊之和', 'sum of the panels’ shares'), formula(sumPanels(C.discount), T.headerDiscount, MS));
  const rNet = row(L(lang, '售价（不含税）', 'Price ex VAT'), L(lang, '优惠前售价 − 优惠', 'before discount − discount'), formula(roundFen(sub(ref(rList, A), ref(rDisc, A))), T.netAmountExVat, MS));
  const rVat = pc.length;
  row(
    L(lang, '增值税', 'VAT'),
    L(lang, '售价 × 税率，四舍五入到分', 'price × rate, rounded to the fen'),
    formula(roundFen(div(mul(ref(rNet, A), ref(rVat, 3)), constant(100))), T.vat, MS),
    [empty(B), num(priced.vatRatePct, { border: true, format: 'decimal' }), empty(B), empty(B)],
  );
  const rInc = row(L(lang, '含税价', 'Price incl. VAT'), L(lang, '售价 + 增值税', 'price + VAT'), formula(roundFen(add(ref(rNet, A), ref(rVat, A))), T.amountIncVat, MS));
  const rProfit = row(L(lang, '毛利', 'Gross profit'), L(lang, '售价 − 总成本', 'price − total cost'), formula(roundFen(sub(ref(rNet, A), ref(rTotalCost, A))), T.grossProfit, MS));
  const rMargin = T.netAmountExVat.isZero()
    ? row(L(lang, '毛利率', 'Gross margin'), L(lang, '售价为零', 'price is zero'), text('—', B))
    : row(L(lang, '毛利率', 'Gross margin'), L(lang, '毛利 ÷ 售价', 'gross profit ÷ price'), formula(marginFormula(ref(rProfit, A), ref(rNet, A)), marginResult(T.grossProfit, T.netAmountExVat), PS));
  const pcst: Sheet = { name: pcstName, columns: [{ width: 26 }, { width: fit(pc.map((r) => cellText(r[1])), 20, 50) }, { width: 16 }, { width: 9 }, { width: 8 }, { width: 12 }, { width: 18 }], rows: pc, orientation: 'landscape', printHeader: internalMark(lang), printFooter: internalMark(lang) };

  // ── Summary ────────────────────────────────────────────────────────────────────────────────────
  const sm: Cell[][] = [[text(`${templates.quote[lang].titles.internalWorkbook} — ${project.meta.name}`, TITLE)]];
  const kv = (k: string, v: string) => sm.push([text(k, { bold: true, border: true }), text(v, BW)]);
  const cfg = evaluation.sizing.configuration;
  const statusText = id.status === 'final' ? L(lang, '可出正式报价', 'final quote may be issued') : L(lang, '草稿（未满足出正式报价条件）', 'draft (a final quote may not be issued yet)');
  kv(L(lang, '项目', 'Project'), project.meta.name);
  kv(L(lang, '项目编号', 'Project id'), project.id);
  kv(L(lang, '客户', 'Customer'), project.meta.customer);
  kv(L(lang, '工程地点', 'Site'), project.meta.siteName);
  kv(L(lang, '报价编号', 'Quote no.'), `${id.number}${id.issued ? '' : L(lang, '（工作稿）', ' (working draft)')}`);
  kv(L(lang, '日期', 'Date'), input.date);
  kv(L(lang, '系统型号', 'Model code'), cfg ? cfg.modelCode : '');
  kv(L(lang, '物料库版本', 'Catalog version'), L(lang, `${priced.catalogVersion}（生效 ${knowledge.catalog.effectiveDate}）`, `${priced.catalogVersion} (effective ${knowledge.catalog.effectiveDate})`));
  kv(L(lang, '成本模型版本', 'Cost model version'), priced.costModelVersion);
  kv(L(lang, '定价方式', 'Pricing mode'), pricingModeText(priced.settings, lang));
  // The truth: "无须审批" when no approval is required (quote.approved is then true without any record).
  const approval = !quote.required.needsApproval ? L(lang, '无须审批', 'no approval required') : quote.approved ? L(lang, '已审批', 'approved') : L(lang, '未审批', 'not approved');
  kv(L(lang, '审批状态', 'Approval status'), `${statusText}${L(lang, '；', '; ')}${approval}`);
  kv(L(lang, '须审批级别', 'Required approval level'), `${levelNames[quote.required.level][lang]} — ${quote.required.reasons.map((r) => r[lang]).join(L(lang, '；', '; '))}`);
  for (const s of quote.statuses) kv(L(lang, '审批记录', 'Approval record'), `${s.record.approverName} (${levelNames[s.record.role][lang]}) ${s.record.decision} ${s.record.time}: ${s.status}${s.reason ? ` — ${s.reason[lang]}` : ''}`);
  for (const b of quote.blockers) kv(L(lang, '未满足', 'Blocker'), b.message[lang]);
  sm.push([]);
  const tot = (label: string, r: number, value: Decimal, style: CellStyle = MS) => sm.push([text(label, { bold: true, border: true }), formula(ref(r, A, pcstName), value, style)]);
  tot(L(lang, '总成本', 'Total cost'), rTotalCost, T.totalCost);
  tot(L(lang, '售价（不含税）', 'Price ex VAT'), rNet, T.netAmountExVat);
  tot(L(lang, '增值税', 'VAT'), rVat, T.vat);
  tot(L(lang, '含税价', 'Price incl. VAT'), rInc, T.amountIncVat);
  tot(L(lang, '毛利', 'Gross profit'), rProfit, T.grossProfit);
  if (!T.netAmountExVat.isZero()) tot(L(lang, '毛利率', 'Gross margin'), rMargin, marginResult(T.grossProfit, T.netAmountExVat), PS);
  sm.push([]);
  sm.push([L(lang, '屏柜', 'Panel'), L(lang, '总成本', 'Total cost'), L(lang, '售价（不含税）', 'Price ex VAT'), L(lang, '毛利', 'Gross profit')].map((h) => text(h, H)));
  const groups = linesByPanel(priced);
  panels.forEach((p, i) => {
    const panel = groups[i]!.panel;
    sm.push([text(p.refs.sheet, B), formula(panelRef(p.refs, C.totalCost), panel.totalCost, M), formula(panelRef(p.refs, C.net), panel.netAmountExVat, M), formula(panelRef(p.refs, C.profit), panel.grossProfit, M)]);
  });
  const summary: Sheet = { name: summaryName, columns: [{ width: 24 }, { width: fit(sm.map((r) => cellText(r[1])), 40, 54) }, { width: 18 }, { width: 18 }], rows: sm, orientation: 'portrait', printHeader: internalMark(lang), printFooter: internalMark(lang) };

  // ── Deviations ────────────────────────────────────────────────────────────────────────────────
  const dv: Cell[][] = [[text(L(lang, '与规则生成清单的偏差', 'Deviations from the rule-built BOM'), TITLE)]];
  dv.push([L(lang, '类型', 'Kind'), L(lang, '屏柜', 'Panel'), L(lang, '行', 'Line'), L(lang, '原物料', 'From item'), L(lang, '原数量', 'From qty'), L(lang, '现物料', 'To item'), L(lang, '现数量', 'To qty'), L(lang, '非目录', 'Non-catalog'), L(lang, '材料成本变化', 'Material cost change')].map((h) => text(h, H)));
  const kinds: Record<string, [string, string]> = { quantity: ['改数量', 'quantity'], swap: ['换物料', 'swap'], removed: ['删除', 'removed'], added: ['新增', 'added'] };
  const panelName = (pid: string) => {
    const p = priced.panels.find((x) => x.id === pid);
    return p ? panelTitle(p, lang) : pid;
  };
  const itemText = (s?: { code?: string; name?: { zh: string; en: string } }) => (s ? [s.code, s.name?.[lang]].filter(Boolean).join(' ') : '');
  const dFirst = dv.length;
  for (const d of evaluation.deviations) {
    const k = kinds[d.kind] ?? [d.kind, d.kind];
    dv.push([text(L(lang, k[0], k[1]), B), text(panelName(d.panelId), B), text(d.lineId, B), text(itemText(d.from), BW), text(d.from?.quantity ?? '', B), text(itemText(d.to), BW), text(d.to?.quantity ?? '', B), text(d.nonCatalog ? L(lang, '是', 'yes') : '', B), num(d.costDelta, M)]);
  }
  if (evaluation.deviations.length === 0) dv.push([text(L(lang, '无偏差：清单与规则生成的一致', 'None: the BOM is as the rules built it'))]);
  else {
    const sumRow: Cell[] = Array.from({ length: 9 }, () => empty());
    sumRow[0] = text(L(lang, '合计', 'Total'), { bold: true });
    sumRow[8] = formula(fn('SUM', range({ row: dFirst, col: 8 }, { row: dv.length - 1, col: 8 })), sumMoney(evaluation.deviations.map((d) => d.costDelta)), MS);
    dv.push(sumRow);
  }
  for (const d of evaluation.droppedEdits) dv.push([text(L(lang, '未应用的修改', 'Edit not applied'), B), text(d.reason[lang], BW)]);
  const deviations: Sheet = { name: devName, columns: [{ width: 10 }, { width: 20 }, { width: 26 }, { width: 30 }, { width: 9 }, { width: 30 }, { width: 9 }, { width: 10 }, { width: 16 }], rows: dv, printHeader: internalMark(lang), printFooter: internalMark(lang) };

  return {
    audience: 'internal',
    sheets: [summary, ...panels.map((p) => p.sheet), pcst, deviations],
    properties: { title: `${templates.quote[lang].titles.internalWorkbook} ${id.number}`, creator: templates.company.name[lang], company: templates.company.name[lang], created: dateOf(input.date) },
  };
}

export function pricingModeText(settings: DocumentInput['evaluation']['quoteState']['settings'], lang: Lang): string {
  switch (settings.mode) {
    case 'targetMargin':
      return L(lang, `目标毛利率 ${settings.marginPct}%`, `target margin ${settings.marginPct} %`);
    case 'enteredTotal':
      return L(lang, `输入总价 ${settings.amount}（${settings.basis === 'incVat' ? '含税' : '不含税'}）`, `entered total ${settings.amount} (${settings.basis === 'incVat' ? 'incl. VAT' : 'ex VAT'})`);
    default:
      return L(lang, '目录价', 'list prices');
  }
}

/** The document date as a Date at UTC midnight (document property only; no clock is read). */
export function dateOf(isoDate: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!m) throw new Error(`the date "${isoDate}" is not YYYY-MM-DD`);
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
}

