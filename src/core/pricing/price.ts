import type { Catalog } from '../catalog/schema.ts';
import { Money, ZERO, roundToFen, sumMoney } from '../money.ts';
import { fail, hasErrors, ok, type Problem, type Result } from '../problems.ts';
import type { LocalText } from '../text.ts';
import { resolveItem, validateBom, type Bom, type BomPanel, type LineSource, type PanelKind } from '../bom/model.ts';
import type { Unit } from '../catalog/schema.ts';
import { allocate, allocateToUnitPrices, discountedUnitPrice, lineAmount, marginOf, pct, priceForMargin, rateOf } from './calc.ts';
import type { CostModel, VatRule } from './rules.ts';
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
      const shares = bom.lines.map(() => ZERO);
      let panelCount = 0;
      for (const panel of bom.panels) {
        if (f.panelKinds && !f.panelKinds.includes(panel.kind)) continue;
        const idx = bom.lines.flatMap((l, i) => (l.panelId === panel.id ? [i] : []));
        if (idx.length === 0) continue;
        panelCount += 1;
        allocate(new Money(f.amount), idx.map((i) => material[i]!)).forEach((s, k) => {
          shares[idx[k]!] = s;
        });
      }
      layerByLine.set(f.id, shares);
      costLayers.push({ id: f.id, name, kind: 'perPanel', perPanelAmount: new Money(f.amount), panelCount, amount: new Money(f.amount).times(panelCount) });
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
  let exact: boolean[] = bom.lines.map(() => true);
  let headerShare: Money[] = bom.lines.map(() => ZERO);
  const lineDiscount: (Money | undefined)[] = bom.lines.map(() => undefined);
  let headerDiscount = ZERO;

  const spread = (total: Money, by: 'cost' | 'list') => {
    const weights = by === 'cost' ? totalCost : listAmount;
    const alloc = allocateToUnitPrices(total, bom.lines.map((_, i) => ({ quantity: qty[i]!, weight: weights[i]! })));
    unitPrice = alloc.map((a) => a.unitPrice);
    amountExVat = alloc.map((a) => a.amount);
    exact = alloc.map((a) => a.unitPriceExact);
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
    unitPrice = bom.lines.map((l, i) => {
      const typed = settings.unitPrices[l.id];
      if (typed !== undefined) return new Money(typed);
      const d = settings.lineDiscountPct[l.id];
      if (d !== undefined) {
        lineDiscount[i] = new Money(d);
        return discountedUnitPrice(listUnit[i]!, d);
      }
      return listUnit[i]!;
    });
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
    if (!exact[i]) {
      problems.push({
        code: 'pricing.unitPriceNotExact',
        severity: 'info',
        path: `lines[${l.id}].unitPrice`,
        message: {
          zh: `明细行“${it.name.zh}”金额 ${amountExVat[i]!.toFixed(2)} 不等于数量 × 单价（尾差已计入该行金额）`,
          en: `Line "${it.name.en}": amount ${amountExVat[i]!.toFixed(2)} is not quantity × unit price (the rounding balance was put on this line)`,
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
      unitPriceExact: exact[i]!,
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
