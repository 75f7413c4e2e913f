import type { Catalog } from '../catalog/schema.ts';
import { Money, ZERO, formatMoney, roundToFen, sumMoney } from '../money.ts';
import { fail, hasErrors, ok, type Problem, type Result } from '../problems.ts';
import type { LocalText } from '../text.ts';
import { resolveItem, validateBom, type Bom, type BomLine, type BomPanel, type LineGroups, type LineSource, type PanelKind, type ResolvedItem } from '../bom/model.ts';
import type { Unit } from '../catalog/schema.ts';
import { allocate, discountedUnitPrice, lineAmount, marginOf, pct, priceForMargin, priceNotBelow, rateOf } from './calc.ts';
import type { CostModel, PricingBounds, VatRule } from './rules.ts';
import type { PricingSettings } from './settings.ts';

/**
 * price(bom, catalog, rules, settings) → PricedQuote. The rounding points are written in ./README.md
 * and implemented in ./calc.ts; this file only decides which figure goes where.
 */

export interface PricedLine {
  lineId: string;
  panelId: string;
  code?: string;
  name: LocalText;
  spec: string;
  brand?: string;
  unit: Unit;
  quantity: string;
  /** Batteries: the quantity as groups × units (2 组 × 104 只). */
  groups?: LineGroups;
  source: LineSource;
  /** The item is not from the catalog (typed in by hand on a manual line). */
  nonCatalog: boolean;
  unitCost: Money;
  /** quantity × unit cost, to the fen. */
  materialCost: Money;
  /** This line's share of each cost factor, by factor id. */
  factorCosts: Record<string, Money>;
  totalCost: Money;
  listUnitPrice: Money;
  listAmount: Money;
  /** Line discount off list, in percent (list-price mode only). */
  lineDiscountPct?: Money;
  /** Unit price ex VAT as stated on the quote. */
  unitPrice: Money;
  /** Amount ex VAT before the header discount: quantity × unit price, to the fen. */
  amountExVat: Money;
  /** quantity × unitPrice equals amountExVat (false only for a balancing line without a quantity-1 line; see README). */
  unitPriceExact: boolean;
  headerDiscountShare: Money;
  /** amountExVat − headerDiscountShare: what the line sells for, ex VAT. */
  netAmountExVat: Money;
  vat: Money;
  amountIncVat: Money;
  grossProfit: Money;
  /** Gross margin as a fraction of the net price ex VAT; null when the net price is zero. */
  grossMargin: Money | null;
  belowCost: boolean;
}

export interface Figures {
  materialCost: Money;
  factorCosts: Record<string, Money>;
  totalCost: Money;
  listAmount: Money;
  amountExVat: Money;
  headerDiscount: Money;
  netAmountExVat: Money;
  vat: Money;
  amountIncVat: Money;
  grossProfit: Money;
  grossMargin: Money | null;
}

export interface PricedPanel extends Figures {
  id: string;
  kind: PanelKind;
  name: LocalText;
  index: number;
}

export interface CostLayer {
  /** `material`, or a factor id of the cost model. */
  id: string;
  name: LocalText;
  kind: 'material' | 'rate' | 'fixed' | 'perPanel';
  ratePct?: string;
  base?: string[];
  /** The sum of the base layers the rate was applied to. */
  baseAmount?: Money;
  /** perPanel: the amount per panel and how many panels it was charged for. */
  perPanelAmount?: Money;
  panelCount?: number;
  amount: Money;
}

export interface PricedQuote {
  catalogVersion: string;
  costModelVersion: string;
  vatRatePct: string;
  settings: PricingSettings;
  panels: PricedPanel[];
  lines: PricedLine[];
  /** The cost build-up, material first then each factor in the cost model's order. */
  costLayers: CostLayer[];
  totals: Figures;
  /** Warnings and notes found while pricing (lines below cost, negative margin, non-catalog lines …). */
  problems: Problem[];
}

export interface PriceRules {
  costModel: CostModel;
  vat: VatRule;
  /** rules/pricing/bounds.yaml; every shipped knowledge has them (tests of the arithmetic may leave them out). */
  bounds?: PricingBounds;
}

const ONE = new Money(1);

function incVatToExVat(incVat: Money, vatPct: string): { exVat: Money; exact: boolean } {
  const guess = roundToFen(incVat.div(ONE.plus(pct(vatPct))));
  for (const step of ['0', '-0.01', '0.01', '-0.02', '0.02']) {
    const ex = guess.plus(step);
    if (ex.isNegative()) continue;
    if (ex.plus(rateOf(ex, vatPct)).equals(incVat)) return { exVat: ex, exact: true };
  }
  return { exVat: guess, exact: false };
}

export function price(bom: Bom, catalog: Catalog, rules: PriceRules, settings: PricingSettings): Result<PricedQuote> {
  const problems: Problem[] = validateBom(bom, catalog);
  if (bom.lines.length === 0) {
    problems.push({ code: 'pricing.emptyBom', severity: 'error', path: 'lines', message: { zh: '物料清单为空，无法报价', en: 'The BOM has no lines; there is nothing to price' } });
  }
  if (hasErrors(problems)) return fail(problems);
  if (rules.bounds) {
    problems.push(...inputBoundProblems(bom, catalog, settings, rules.bounds));
    if (hasErrors(problems)) return fail(problems);
  }
  const vatPct = rules.vat.ratePct;

  // ── Cost ────────────────────────────────────────────────────────────────────────────────────────
  const items = bom.lines.map((l) => resolveItem(l, catalog)!);
  const qty = bom.lines.map((l) => new Money(l.quantity));
  const material = bom.lines.map((_, i) => lineAmount(qty[i]!, new Money(items[i]!.costPrice)));
  const layerByLine = new Map<string, Money[]>([['material', material]]);
  const costLayers: CostLayer[] = [{ id: 'material', name: { zh: '材料成本', en: 'Material cost' }, kind: 'material', amount: sumMoney(material) }];

  for (const f of rules.costModel.factors) {
    const name = { zh: f.nameZh, en: f.nameEn };
    if (f.kind === 'rate') {
      const lineBase = bom.lines.map((_, i) => sumMoney(f.base.map((b) => layerByLine.get(b)![i]!)));
      const baseAmount = sumMoney(lineBase);
      const amount = rateOf(baseAmount, f.ratePct);
      layerByLine.set(f.id, allocate(amount, lineBase));
      costLayers.push({ id: f.id, name, kind: 'rate', ratePct: f.ratePct, base: [...f.base], baseAmount, amount });
    } else if (f.kind === 'fixed') {
      const amount = new Money(f.amount);
      layerByLine.set(f.id, allocate(amount, material));
      costLayers.push({ id: f.id, name, kind: 'fixed', amount });
    } else {
      // Per cabinet (item 6 of issue 10): counted from the real cabinets in the BOM — lines whose catalog
      // item is a cabinet of a listed kind, times their quantity — and carried on those cabinet lines, so
      // the reviewer sees it there. The site/cable group and battery racks (unless the catalog item is a
      // battery cabinet) are not cabinets and are not charged.
      const amount = new Money(f.amount);
      const charged = items.map((it) => {
        const k = cabinetKindOf(it);
        return k !== undefined && (!f.panelKinds || f.panelKinds.includes(k));
      });
      const shares = bom.lines.map((_, i) => (charged[i] ? lineAmount(qty[i]!, amount) : ZERO));
      const panelCount = sumMoney(qty.filter((_, i) => charged[i])).toNumber();
      layerByLine.set(f.id, shares);
      costLayers.push({ id: f.id, name, kind: 'perPanel', perPanelAmount: amount, panelCount, amount: sumMoney(shares) });
    }
  }
  const factorIds = rules.costModel.factors.map((f) => f.id);
  const totalCost = bom.lines.map((_, i) => sumMoney([...layerByLine.values()].map((v) => v[i]!)));
  const listUnit = items.map((it) => new Money(it.listPrice));
  const listAmount = bom.lines.map((_, i) => lineAmount(qty[i]!, listUnit[i]!));
  for (const panel of bom.panels) {
    if (!bom.lines.some((l) => l.panelId === panel.id)) {
      problems.push({ code: 'pricing.emptyPanel', severity: 'warning', path: `panels[${panel.id}]`, message: { zh: `柜“${panel.name.zh}”没有任何明细行`, en: `Panel "${panel.name.en}" has no lines` } });
    }
  }

  // ── Price ───────────────────────────────────────────────────────────────────────────────────────
  let unitPrice: Money[] = [];
  let amountExVat: Money[] = [];
  let headerShare: Money[] = bom.lines.map(() => ZERO);
  const lineDiscount: (Money | undefined)[] = bom.lines.map(() => undefined);
  let headerDiscount = ZERO;

  // One unit price per item (decision 10): lines of the same item share one price, whichever panel
  // they sit in. The target total is shared over the items (not the lines) by weight, each item's unit
  // price is the smallest whole fen not below its exact share per unit (R3), so the line amounts reach
  // the target or pass it by a few fen; nothing is balanced on a single line.
  const groups = itemGroups(bom.lines);
  const spread = (total: Money, by: 'cost' | 'list') => {
    const weights = by === 'cost' ? totalCost : listAmount;
    const byQty = sumMoney(weights).isZero();
    const w = (i: number) => (byQty ? qty[i]! : weights[i]!);
    const sumW = sumMoney(bom.lines.map((_, i) => w(i)));
    const perItem = groups.map((g) => {
      const q = sumMoney(g.map((i) => qty[i]!));
      return { lines: g, quantity: q, unit: sumW.isZero() ? ZERO : priceNotBelow(total.times(sumMoney(g.map(w))).div(sumW).div(q)) };
    });
    const amounts = () => {
      for (const g of perItem) for (const i of g.lines) unitPrice[i] = g.unit;
      amountExVat = bom.lines.map((_, i) => lineAmount(qty[i]!, unitPrice[i]!));
      return sumMoney(amountExVat);
    };
    unitPrice = bom.lines.map(() => ZERO);
    // Fractional quantities (metres) can leave the sum a fen or two short after R1: the item with the
    // smallest quantity (a whole count where there is one) takes the missing fen on its unit price.
    const smallest = [...perItem].sort((x, y) => Number(!x.quantity.isInteger()) - Number(!y.quantity.isInteger()) || x.quantity.comparedTo(y.quantity))[0];
    for (let sum = amounts(), guard = 0; sum.lessThan(total) && smallest && guard < 20; sum = amounts(), guard++) {
      smallest.unit = smallest.unit.plus(priceNotBelow(total.minus(sum).div(smallest.quantity)));
    }
  };

  if (settings.mode === 'targetMargin') {
    spread(priceForMargin(sumMoney(totalCost), pct(settings.marginPct)), settings.allocateBy);
  } else if (settings.mode === 'enteredTotal') {
    let total = new Money(settings.amount);
    if (settings.basis === 'incVat') {
      const r = incVatToExVat(total, vatPct);
      total = r.exVat;
      if (!r.exact) {
        problems.push({
          code: 'pricing.incVatNotReachable',
          severity: 'warning',
          path: 'settings.amount',
          value: settings.amount,
          message: {
            zh: `含税总价 ${settings.amount} 无法由整分的不含税价加税额（四舍五入到分）精确得到，不含税价取 ${total.toFixed(2)}，含税价将差 0.01 元`,
            en: `No whole-fen price ex VAT plus its VAT (rounded to the fen) gives exactly ${settings.amount}; ex VAT is set to ${total.toFixed(2)} and the total incl. VAT differs by 0.01`,
          },
        });
      }
    }
    spread(total, settings.allocateBy);
    // The few fen the item prices pass the typed total by are stated as a header line of their own.
    headerDiscount = sumMoney(amountExVat).minus(total);
    headerShare = allocate(headerDiscount, amountExVat);
  } else {
    const known = new Set(bom.lines.map((l) => l.id));
    for (const [kind, rec] of [['lineDiscountPct', settings.lineDiscountPct], ['unitPrices', settings.unitPrices]] as const) {
      for (const id of Object.keys(rec)) {
        if (!known.has(id)) {
          problems.push({
            code: 'pricing.settingForUnknownLine',
            severity: 'warning',
            path: `settings.${kind}[${id}]`,
            message: { zh: `明细行“${id}”已不存在，其价格设置未使用`, en: `Line "${id}" no longer exists; its price setting is not used` },
          });
        }
      }
    }
    // A typed unit price or a line discount is the item's (decision 10): it applies to every line of
    // that item; two different ones on lines of one item are an error at the second line's field.
    unitPrice = bom.lines.map(() => ZERO);
    for (const g of groups) {
      const pick = (rec: Record<string, string>, kind: 'unitPrices' | 'lineDiscountPct') => {
        let chosen: { id: string; value: string } | undefined;
        for (const i of g) {
          const id = bom.lines[i]!.id;
          const v = rec[id];
          if (v === undefined) continue;
          if (chosen && !new Money(chosen.value).equals(v)) {
            const it = items[i]!;
            problems.push({
              code: 'pricing.conflictingItemPrice',
              severity: 'error',
              path: `settings.${kind}[${id}]`,
              value: v,
              limit: chosen.value,
              location: { itemCode: it.code },
              message: {
                zh: `“${it.name.zh}”在同一报价中只能有一个${kind === 'unitPrices' ? '单价' : '折扣'}：明细行“${chosen.id}”为 ${chosen.value}，“${id}”为 ${v}`,
                en: `"${it.name.en}" can have only one ${kind === 'unitPrices' ? 'unit price' : 'discount'} in a quote: line "${chosen.id}" has ${chosen.value}, "${id}" has ${v}`,
              },
            });
          } else chosen ??= { id, value: v };
        }
        return chosen?.value;
      };
      const typed = pick(settings.unitPrices, 'unitPrices');
      const d = typed === undefined ? pick(settings.lineDiscountPct, 'lineDiscountPct') : undefined;
      for (const i of g) {
        if (typed !== undefined) unitPrice[i] = new Money(typed);
        else if (d !== undefined) {
          lineDiscount[i] = new Money(d);
          unitPrice[i] = discountedUnitPrice(listUnit[i]!, d);
        } else unitPrice[i] = listUnit[i]!;
      }
    }
    if (hasErrors(problems)) return fail(problems);
    amountExVat = bom.lines.map((_, i) => lineAmount(qty[i]!, unitPrice[i]!));
    const subtotal = sumMoney(amountExVat);
    const hd = settings.headerDiscount;
    if (hd) {
      headerDiscount = hd.kind === 'percent' ? rateOf(subtotal, hd.pct) : new Money(hd.amount);
      if (headerDiscount.greaterThan(subtotal)) {
        problems.push({
          code: 'pricing.headerDiscountTooLarge',
          severity: 'error',
          path: 'settings.headerDiscount.amount',
          value: headerDiscount.toFixed(2),
          limit: subtotal.toFixed(2),
          message: { zh: `整单优惠 ${headerDiscount.toFixed(2)} 超过小计 ${subtotal.toFixed(2)}`, en: `Header discount ${headerDiscount.toFixed(2)} exceeds the subtotal ${subtotal.toFixed(2)}` },
        });
        return fail(problems);
      }
      headerShare = allocate(headerDiscount, amountExVat);
    }
  }
  const net = amountExVat.map((a, i) => a.minus(headerShare[i]!));
  const totalExVat = sumMoney(net);
  const vatTotal = rateOf(totalExVat, vatPct);
  const vat = allocate(vatTotal, net);

  const lines: PricedLine[] = bom.lines.map((l, i) => {
    const it = items[i]!;
    const factorCosts = Object.fromEntries(factorIds.map((id) => [id, layerByLine.get(id)![i]!]));
    const grossProfit = net[i]!.minus(totalCost[i]!);
    const belowCost = grossProfit.isNegative();
    if (belowCost) {
      problems.push({
        code: 'pricing.lineBelowCost',
        severity: 'warning',
        path: `lines[${l.id}]`,
        value: net[i]!.toFixed(2),
        limit: totalCost[i]!.toFixed(2),
        location: { itemCode: it.code },
        message: {
          zh: `明细行“${it.name.zh}”售价 ${net[i]!.toFixed(2)} 低于成本 ${totalCost[i]!.toFixed(2)}`,
          en: `Line "${it.name.en}" sells for ${net[i]!.toFixed(2)}, below its cost of ${totalCost[i]!.toFixed(2)}`,
        },
      });
    }
    const line: PricedLine = {
      lineId: l.id,
      panelId: l.panelId,
      name: it.name,
      spec: it.spec,
      unit: it.unit,
      quantity: l.quantity,
      source: l.source,
      nonCatalog: it.nonCatalog,
      unitCost: new Money(it.costPrice),
      materialCost: material[i]!,
      factorCosts,
      totalCost: totalCost[i]!,
      listUnitPrice: listUnit[i]!,
      listAmount: listAmount[i]!,
      unitPrice: unitPrice[i]!,
      amountExVat: amountExVat[i]!,
      unitPriceExact: true,
      headerDiscountShare: headerShare[i]!,
      netAmountExVat: net[i]!,
      vat: vat[i]!,
      amountIncVat: net[i]!.plus(vat[i]!),
      grossProfit,
      grossMargin: marginOf(net[i]!, totalCost[i]!),
      belowCost,
    };
    if (it.code !== undefined) line.code = it.code;
    if (it.brand !== undefined) line.brand = it.brand;
    if (lineDiscount[i] !== undefined) line.lineDiscountPct = lineDiscount[i];
    if (l.groups) line.groups = l.groups;
    return line;
  });

  const panels: PricedPanel[] = [...bom.panels]
    .sort((a, b) => a.index - b.index)
    .map((p: BomPanel) => ({ id: p.id, kind: p.kind, name: p.name, index: p.index, ...figures(lines.filter((l) => l.panelId === p.id), factorIds) }));
  const totals = figures(lines, factorIds);
  // The quote VAT is stated once on the total (R5); the line shares were allocated from it, so they agree.
  totals.vat = vatTotal;
  totals.amountIncVat = totalExVat.plus(vatTotal);
  totals.headerDiscount = headerDiscount;

  if (rules.bounds && totals.amountIncVat.greaterThan(rules.bounds.maxQuoteTotal)) {
    const at = settings.mode === 'targetMargin' ? 'settings.marginPct' : settings.mode === 'enteredTotal' ? 'settings.amount' : 'totals.amountIncVat';
    const max = formatMoney(rules.bounds.maxQuoteTotal);
    problems.push({
      code: 'pricing.totalTooLarge',
      severity: 'error',
      path: at,
      value: totals.amountIncVat.toFixed(2),
      limit: rules.bounds.maxQuoteTotal,
      message: {
        zh: `报价总额（含税）${formatMoney(totals.amountIncVat)} 超过上限 ${max}（rules/pricing/bounds.yaml）：请检查${settings.mode === 'targetMargin' ? '目标毛利率' : settings.mode === 'enteredTotal' ? '输入的总价' : '数量和单价'}`,
        en: `The quote total incl. VAT ${formatMoney(totals.amountIncVat)} exceeds the limit of ${max} (rules/pricing/bounds.yaml): check the ${settings.mode === 'targetMargin' ? 'target margin' : settings.mode === 'enteredTotal' ? 'total entered' : 'quantities and unit prices'}`,
      },
    });
    return fail(problems);
  }
  if (totals.grossMargin !== null && totals.grossMargin.isNegative()) {
    problems.push({
      code: 'pricing.negativeMargin',
      severity: 'warning',
      path: 'totals.grossMargin',
      value: totals.grossMargin.times(100).toFixed(2),
      message: { zh: '整单毛利为负：售价低于总成本', en: 'Negative gross margin: the price is below the total cost' },
    });
  }
  if (totals.netAmountExVat.isZero()) {
    problems.push({ code: 'pricing.zeroPrice', severity: 'warning', path: 'totals.netAmountExVat', message: { zh: '报价总额为零，毛利率无法计算', en: 'The quote total is zero; the gross margin cannot be computed' } });
  }

  return ok(
    {
      catalogVersion: catalog.version,
      costModelVersion: rules.costModel.version,
      vatRatePct: vatPct,
      settings,
      panels,
      lines,
      costLayers,
      totals,
      problems,
    },
    problems,
  );
}

function figures(lines: readonly PricedLine[], factorIds: readonly string[]): Figures {
  const s = (f: (l: PricedLine) => Money) => sumMoney(lines.map(f));
  const netAmountExVat = s((l) => l.netAmountExVat);
  const totalCost = s((l) => l.totalCost);
  return {
    materialCost: s((l) => l.materialCost),
    factorCosts: Object.fromEntries(factorIds.map((id) => [id, s((l) => l.factorCosts[id]!)])),
    totalCost,
    listAmount: s((l) => l.listAmount),
    amountExVat: s((l) => l.amountExVat),
    headerDiscount: s((l) => l.headerDiscountShare),
    netAmountExVat,
    vat: s((l) => l.vat),
    amountIncVat: s((l) => l.amountIncVat),
    grossProfit: netAmountExVat.minus(totalCost),
    grossMargin: marginOf(netAmountExVat, totalCost),
  };
}

/** The catalog cabinet kind of a line's item, when the item is a catalog cabinet (not a custom line). */
function cabinetKindOf(item: ResolvedItem): PanelKind | undefined {
  const c = item.catalogItem;
  return c?.family === 'cabinet' ? c.kind : undefined;
}

/** What a line is, for "one price per item": its catalog code, or everything a custom item carries. */
export function itemKey(line: Pick<BomLine, 'item'>): string {
  return line.item.kind === 'catalog' ? `code:${line.item.code}` : `custom:${JSON.stringify(line.item.item)}`;
}

/** Line indices grouped by item, in order of each item's first line. */
function itemGroups(lines: readonly BomLine[]): number[][] {
  const byKey = new Map<string, number[]>();
  lines.forEach((l, i) => {
    const k = itemKey(l);
    const g = byKey.get(k);
    if (g) g.push(i);
    else byKey.set(k, [i]);
  });
  return [...byKey.values()];
}

/**
 * Sanity bounds of rules/pricing/bounds.yaml on what goes into a price (item 11 of issue 10): the
 * quantity of a line, the unit prices of its item (catalog or one-off), a typed unit price, an entered
 * total. Each is an error at the field that carries it.
 */
function inputBoundProblems(bom: Bom, catalog: Catalog, settings: PricingSettings, bounds: PricingBounds): Problem[] {
  const out: Problem[] = [];
  const tooLarge = (path: string, value: string, limit: string, what: LocalText, itemCode?: string) =>
    out.push({
      code: 'pricing.valueTooLarge',
      severity: 'error',
      path,
      value,
      limit,
      ...(itemCode ? { location: { itemCode } } : {}),
      message: { zh: `${what.zh} ${value} 超过上限 ${limit}（rules/pricing/bounds.yaml）`, en: `${what.en} ${value} exceeds the limit of ${limit} (rules/pricing/bounds.yaml)` },
    });
  for (const l of bom.lines) {
    const it = resolveItem(l, catalog);
    if (new Money(l.quantity).greaterThan(bounds.maxLineQuantity)) tooLarge(`lines[${l.id}].quantity`, l.quantity, bounds.maxLineQuantity, { zh: '数量', en: 'Quantity' }, it?.code);
    if (!it) continue;
    const at = l.item.kind === 'custom' ? `lines[${l.id}].item.item` : `lines[${l.id}].item.code`;
    if (new Money(it.costPrice).greaterThan(bounds.maxUnitPrice)) tooLarge(`${at}.costPrice`, it.costPrice, bounds.maxUnitPrice, { zh: '成本单价', en: 'Unit cost' }, it.code);
    if (new Money(it.listPrice).greaterThan(bounds.maxUnitPrice)) tooLarge(`${at}.listPrice`, it.listPrice, bounds.maxUnitPrice, { zh: '目录单价', en: 'List price' }, it.code);
  }
  if (settings.mode === 'listPrice') {
    for (const [id, v] of Object.entries(settings.unitPrices)) {
      if (new Money(v).greaterThan(bounds.maxUnitPrice)) tooLarge(`settings.unitPrices[${id}]`, v, bounds.maxUnitPrice, { zh: '单价', en: 'Unit price' });
    }
  }
  if (settings.mode === 'enteredTotal' && new Money(settings.amount).greaterThan(bounds.maxQuoteTotal)) {
    tooLarge('settings.amount', settings.amount, bounds.maxQuoteTotal, { zh: '报价总额', en: 'Quote total' });
  }
  return out;
}
