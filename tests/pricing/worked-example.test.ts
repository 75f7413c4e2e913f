import { describe, expect, it } from 'vitest';
import { price, type PricedQuote } from '../../src/core/pricing/price.ts';
import type { PricingSettings } from '../../src/core/pricing/settings.ts';
import { catalog, rules, workedBom } from './fixtures.ts';

/**
 * The worked example, every number typed by hand (see src/core/pricing/README.md for the rule).
 *
 * Charger panel P1:  cabinet 1 × 4000.00 = 4000.00; rectifier 3 × 1850.00 = 5550.00; monitor 1 × 1200.00
 * Battery rack P2:   battery 18 × 520.00 = 9360.00; cable 12.5 m × 38.40 = 480.00
 * Material                                   20590.00
 * Labour 6 % of material                     1235.40
 * Assembly 800.00 per cabinet (racks excluded) 800.00  (the one cabinet line, P1's)
 * Freight 1.5 % of material                   308.85
 * Commissioning, fixed                       3000.00
 * Warranty 1 % of 22625.40 (mat+lab+asm)      226.25   (226.254)
 * Overhead 5 % of 22625.40                   1131.27
 * Contingency 2 % of 27291.77 (all above)     545.84   (545.8354)
 * Total cost                                27837.61
 */
function priced(settings: PricingSettings): PricedQuote {
  const r = price(workedBom(), catalog, rules, settings);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.value;
}

const layers = (q: PricedQuote) => Object.fromEntries(q.costLayers.map((c) => [c.id, c.amount.toFixed(2)]));

describe('worked example: the PCST cost build-up', () => {
  const q = priced({ mode: 'targetMargin', marginPct: '20', allocateBy: 'cost' });

  it('builds the cost layer by layer', () => {
    expect(layers(q)).toEqual({
      material: '20590.00',
      labour: '1235.40',
      assembly: '800.00',
      freight: '308.85',
      commissioning: '3000.00',
      warranty: '226.25',
      overhead: '1131.27',
      contingency: '545.84',
    });
    expect(q.totals.totalCost.toFixed(2)).toBe('27837.61');
    expect(q.costLayers.find((c) => c.id === 'warranty')?.baseAmount?.toFixed(2)).toBe('22625.40');
    expect(q.costLayers.find((c) => c.id === 'assembly')?.panelCount).toBe(1);
  });

  it('line material cost is quantity × cost, fractional metres included', () => {
    expect(q.lines.map((l) => l.materialCost.toFixed(2))).toEqual(['4000.00', '5550.00', '1200.00', '9360.00', '480.00']);
  });

  it('carries the per-cabinet assembly on the cabinet line, not smeared over the panel', () => {
    expect(q.lines.map((l) => l.factorCosts.assembly!.toFixed(2))).toEqual(['800.00', '0.00', '0.00', '0.00', '0.00']);
  });

  it('target margin 20 %: each item at the smallest whole-fen unit price not below its share; the total is their sum', () => {
    // Target 27837.61 / 0.8 = 34797.0125 → 34797.02 (34797.01 gives 19.99999… %). Shared by total cost,
    // k = 34797.02 / 27837.61 = 1.25 + 0.0075/27837.61 (just above 1.25); line total costs by hand:
    //   cabinet  4000 + 240 + 800 + 60 + 582.81 + 50.40 + 252 + 119.71 = 6104.92 → × k = 7631.1516… → 7631.16
    //   modules  5550 + 333 + 0 + 83.25 + 808.64 + 58.83 + 294.15 + 142.56 = 7270.43 → ÷ 3 × k = 3029.3433… → 3029.35 (9088.05)
    //   monitor  1571.98 → 1964.9754… → 1964.98;  battery 12261.48 ÷ 18 × k = 851.4917… → 851.50 (15327.00)
    //   cable    628.80 ÷ 12.5 × k = 62.8800… → 62.89 (× 12.5 = 786.125 → 786.13)
    // Sum 34797.32: 0.30 over the target, so the margin is met (not missed by a fen) and shown as reached.
    expect(q.lines.map((l) => l.totalCost.toFixed(2))).toEqual(['6104.92', '7270.43', '1571.98', '12261.48', '628.80']);
    expect(q.lines.map((l) => l.unitPrice.toFixed(2))).toEqual(['7631.16', '3029.35', '1964.98', '851.50', '62.89']);
    expect(q.totals.netAmountExVat.toFixed(2)).toBe('34797.32');
    expect(q.totals.headerDiscount.toFixed(2)).toBe('0.00');
    expect(q.totals.grossProfit.toFixed(2)).toBe('6959.71');
    // 34797.32 × 13 % = 4523.6516
    expect(q.totals.vat.toFixed(2)).toBe('4523.65');
    expect(q.totals.amountIncVat.toFixed(2)).toBe('39320.97');
    expect(q.totals.grossMargin!.greaterThanOrEqualTo('0.2')).toBe(true);
    expect(q.totals.grossMargin!.lessThan('0.20001')).toBe(true);
  });

  it('states every line as quantity × unit price', () => {
    for (const l of q.lines) {
      expect(l.unitPriceExact).toBe(true);
      expect(l.unitPrice.times(l.quantity).toDecimalPlaces(2).toFixed(2)).toBe(l.amountExVat.toFixed(2));
    }
  });

  it('per-panel figures add up to the quote', () => {
    const [p1, p2] = q.panels;
    expect(p1!.netAmountExVat.plus(p2!.netAmountExVat).toFixed(2)).toBe('34797.32');
    expect(p1!.totalCost.plus(p2!.totalCost).toFixed(2)).toBe('27837.61');
  });
});

describe('worked example: list prices, a line discount and a header discount', () => {
  // List: 6000.00 + 3 × 2800.00 + 2000.00 + 18 × 780.00 + 12.5 × 55.00 = 31127.50
  // Rectifiers 10 % off: 2520.00 each → 7560.00. Subtotal 30287.50.
  // Header discount 3 %: 908.625 → 908.63. Total ex VAT 29378.87.
  // VAT 13 %: 3819.2531 → 3819.25. Total incl. VAT 33198.12.
  // Margin (29378.87 − 27837.61) / 29378.87 = 1541.26 / 29378.87 = 5.246 %.
  const q = priced({ mode: 'listPrice', lineDiscountPct: { 'modules#P1': '10' }, unitPrices: {}, headerDiscount: { kind: 'percent', pct: '3' } });

  it('prices the lines', () => {
    expect(q.totals.listAmount.toFixed(2)).toBe('31127.50');
    expect(q.lines[1]!.unitPrice.toFixed(2)).toBe('2520.00');
    expect(q.totals.amountExVat.toFixed(2)).toBe('30287.50');
  });

  it('takes the header discount once and shares it over the lines', () => {
    expect(q.totals.headerDiscount.toFixed(2)).toBe('908.63');
    expect(q.totals.netAmountExVat.toFixed(2)).toBe('29378.87');
    expect(q.totals.vat.toFixed(2)).toBe('3819.25');
    expect(q.totals.amountIncVat.toFixed(2)).toBe('33198.12');
    expect(q.totals.grossProfit.toFixed(2)).toBe('1541.26');
    expect(q.totals.grossMargin!.times(100).toFixed(3)).toBe('5.246');
  });

  it('flags lines sold below their cost', () => {
    // Cabinet: material 4000.00 + labour 240.00 + assembly 800.00 (the whole per-cabinet charge) + freight
    // 60.00 + commissioning 582.81 (3000 × 4000/20590) + warranty 50.40 + overhead 252.00 + contingency
    // 119.71 = 6104.92 total cost; it sells for 6000.00 − 180.00 header share = 5820.00.
    const cabinet = q.lines.find((l) => l.lineId === 'cabinet#P1')!;
    expect(cabinet.totalCost.toFixed(2)).toBe('6104.92');
    expect(cabinet.netAmountExVat.toFixed(2)).toBe('5820.00');
    expect(q.lines.filter((l) => l.belowCost).map((l) => l.lineId)).toEqual(['cabinet#P1']);
    expect(q.problems.filter((p) => p.code === 'pricing.lineBelowCost').map((p) => p.path)).toEqual(['lines[cabinet#P1]']);
    const cut = priced({ mode: 'listPrice', lineDiscountPct: {}, unitPrices: { 'monitor#P1': '1000.00' } });
    expect(cut.lines.find((l) => l.lineId === 'monitor#P1')!.belowCost).toBe(true);
    expect(cut.problems.map((p) => p.code)).toContain('pricing.lineBelowCost');
  });
});

describe('worked example: an entered total', () => {
  it('margin follows from a typed price ex VAT', () => {
    const q = priced({ mode: 'enteredTotal', amount: '35000.00', basis: 'exVat', allocateBy: 'list' });
    expect(q.totals.netAmountExVat.toFixed(2)).toBe('35000.00');
    // (35000.00 − 27837.61) / 35000.00 = 7162.39 / 35000 = 0.204639714…
    expect(q.totals.grossMargin!.toFixed(9)).toBe('0.204639714');
    expect(q.totals.vat.toFixed(2)).toBe('4550.00');
  });

  it('a typed price incl. VAT is met exactly when a whole-fen ex-VAT price gives it', () => {
    // 39550.00 / 1.13 = 35000.00 exactly.
    const q = priced({ mode: 'enteredTotal', amount: '39550.00', basis: 'incVat', allocateBy: 'cost' });
    expect(q.totals.netAmountExVat.toFixed(2)).toBe('35000.00');
    expect(q.totals.amountIncVat.toFixed(2)).toBe('39550.00');
    // 100.00 incl. VAT: 88.50 + 11.51 (11.505) = 100.01; 88.49 + 11.50 (11.5037) = 99.99 — not reachable.
    const r = price(workedBom(), catalog, rules, { mode: 'enteredTotal', amount: '100.00', basis: 'incVat', allocateBy: 'cost' });
    expect(r.ok && r.value.problems.map((p) => p.code)).toContain('pricing.incVatNotReachable');
  });
});
