import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Bom, BomLine, PanelKind } from '../../src/core/bom/model.ts';
import { Money, roundToFen, sumMoney } from '../../src/core/money.ts';
import { allocate, marginOf, priceForMargin } from '../../src/core/pricing/calc.ts';
import { itemKey, price, type PricedQuote } from '../../src/core/pricing/price.ts';
import type { PricingSettings } from '../../src/core/pricing/settings.ts';
import { catalog, rules } from './fixtures.ts';

/** Random BOMs: 1–4 panels, 1–12 lines, catalog lines and hand-typed one-off lines, metres with decimals. */
const fenString = (min: number, max: number) => fc.integer({ min, max }).map((f) => new Money(f).div(100).toFixed(2));
const panelKinds: PanelKind[] = ['chargerPanel', 'feederPanel', 'batteryRack', 'acPanel', 'other'];
const catalogCodes = ['CAB-CHG-800', 'ZHR22010-4', 'ZHM05P', 'BAT-LEOCH-12-100', 'MCB-DC-SCH-2P16', 'CBL-CU-1x35'];

const lineArb = fc.oneof(
  fc.record({
    kind: fc.constant('catalog' as const),
    code: fc.constantFrom(...catalogCodes),
    whole: fc.integer({ min: 1, max: 60 }),
    metres: fc.integer({ min: 1, max: 200_000 }).map((m) => new Money(m).div(1000).toString()),
  }),
  fc.record({
    kind: fc.constant('custom' as const),
    cost: fenString(0, 5_000_000),
    markup: fc.integer({ min: 80, max: 250 }),
    whole: fc.integer({ min: 1, max: 40 }),
    metres: fc.constant('1'),
  }),
);

const bomArb = fc
  .record({
    panels: fc.array(fc.constantFrom(...panelKinds), { minLength: 1, maxLength: 4 }),
    lines: fc.array(fc.tuple(lineArb, fc.nat()), { minLength: 1, maxLength: 12 }),
  })
  .map(({ panels, lines }): Bom => ({
    panels: panels.map((kind, i) => ({ id: `P${i + 1}`, kind, name: { zh: `柜${i + 1}`, en: `Panel ${i + 1}` }, index: i + 1 })),
    lines: lines.map(([l, p], i): BomLine => {
      const panelId = `P${(p % panels.length) + 1}`;
      const source = { kind: 'rule' as const, ruleId: `r${i}`, reason: { zh: '测试', en: 'test' } };
      if (l.kind === 'catalog') {
        const quantity = l.code === 'CBL-CU-1x35' ? l.metres : String(l.whole);
        return { id: `r${i}#x`, panelId, item: { kind: 'catalog', code: l.code }, quantity, source };
      }
      const listPrice = roundToFen(new Money(l.cost).times(l.markup).div(100)).toFixed(2);
      return {
        id: `r${i}#x`,
        panelId,
        item: { kind: 'custom', item: { name: { zh: '外购件', en: 'Bought-in part' }, spec: '-', unit: 'pcs', costPrice: l.cost, listPrice } },
        quantity: String(l.whole),
        source,
      };
    }),
  }));

const marginArb = fc.integer({ min: 0, max: 9000 }).map((b) => new Money(b).div(100).toString()); // 0.00 … 90.00 %

const settingsArb: fc.Arbitrary<(bom: Bom) => PricingSettings> = fc.oneof(
  fc.record({ m: marginArb, by: fc.constantFrom('cost' as const, 'list' as const) }).map(({ m, by }) => () => ({ mode: 'targetMargin' as const, marginPct: m, allocateBy: by })),
  fc.record({ a: fenString(0, 100_000_000), by: fc.constantFrom('cost' as const, 'list' as const), basis: fc.constantFrom('exVat' as const, 'incVat' as const) }).map(
    ({ a, by, basis }) => () => ({ mode: 'enteredTotal' as const, amount: a, basis, allocateBy: by }),
  ),
  fc
    .record({
      discounts: fc.array(fc.integer({ min: 0, max: 10000 }), { maxLength: 12 }),
      header: fc.option(fc.oneof(fc.integer({ min: 0, max: 3000 }).map((b) => ({ kind: 'percent' as const, pct: new Money(b).div(100).toString() })), fenString(0, 50_000).map((amount) => ({ kind: 'amount' as const, amount }))), { nil: undefined }),
    })
    .map(({ discounts, header }) => (bom: Bom) => ({
      mode: 'listPrice' as const,
      // A discount is the item's (one price per item): every line of an item carries its first line's.
      lineDiscountPct: Object.fromEntries(
        bom.lines.flatMap((l) => {
          const first = bom.lines.findIndex((x) => itemKey(x) === itemKey(l));
          return discounts[first] !== undefined ? [[l.id, new Money(discounts[first]!).div(100).toString()]] : [];
        }),
      ),
      unitPrices: {},
      headerDiscount: header,
    })),
);

function priceOk(bom: Bom, settings: PricingSettings): PricedQuote | undefined {
  const r = price(bom, catalog, rules, settings);
  if (!r.ok) {
    // The only refusal random settings can meet: an amount header discount larger than the subtotal.
    expect(r.problems.filter((p) => p.severity === 'error').map((p) => p.code)).toEqual(['pricing.headerDiscountTooLarge']);
    return undefined;
  }
  return r.value;
}

const sum = (q: PricedQuote, f: (l: PricedQuote['lines'][number]) => Money) => sumMoney(q.lines.map(f)).toFixed(2);

describe('pricing invariants over random BOMs and settings', () => {
  it('totals are the sums of the lines, to the fen; panels add up to the quote; ex VAT + VAT = incl. VAT', () => {
    fc.assert(
      fc.property(bomArb, settingsArb, (bom, mk) => {
        const q = priceOk(bom, mk(bom));
        if (!q) return;
        const t = q.totals;
        expect(sum(q, (l) => l.netAmountExVat)).toBe(t.netAmountExVat.toFixed(2));
        expect(sum(q, (l) => l.amountExVat)).toBe(t.amountExVat.toFixed(2));
        expect(sum(q, (l) => l.headerDiscountShare)).toBe(t.headerDiscount.toFixed(2));
        expect(t.amountExVat.minus(t.headerDiscount).toFixed(2)).toBe(t.netAmountExVat.toFixed(2));
        expect(sum(q, (l) => l.vat)).toBe(t.vat.toFixed(2));
        expect(sum(q, (l) => l.amountIncVat)).toBe(t.amountIncVat.toFixed(2));
        expect(sum(q, (l) => l.totalCost)).toBe(t.totalCost.toFixed(2));
        expect(t.netAmountExVat.plus(t.vat).toFixed(2)).toBe(t.amountIncVat.toFixed(2));
        expect(t.vat.toFixed(2)).toBe(roundToFen(t.netAmountExVat.times('0.13')).toFixed(2));
        for (const key of ['netAmountExVat', 'totalCost', 'vat', 'amountIncVat', 'materialCost'] as const) {
          expect(sumMoney(q.panels.map((p) => p[key])).toFixed(2)).toBe(t[key].toFixed(2));
        }
        // One unit price per item, and every line reads quantity × unit price = amount.
        const byItem = new Map<string, string>();
        bom.lines.forEach((bl, i) => {
          const l = q.lines[i]!;
          const k = itemKey(bl);
          expect(byItem.get(k) ?? l.unitPrice.toFixed(2)).toBe(l.unitPrice.toFixed(2));
          byItem.set(k, l.unitPrice.toFixed(2));
          expect(roundToFen(l.unitPrice.times(l.quantity)).toFixed(2)).toBe(l.amountExVat.toFixed(2));
        });
        // Every stated amount is a whole-fen figure.
        for (const l of q.lines) for (const v of [l.unitPrice, l.amountExVat, l.netAmountExVat, l.vat, l.totalCost]) expect(v.decimalPlaces()).toBeLessThanOrEqual(2);
      }),
      { numRuns: 300 },
    );
  });

  it('each cost layer equals the sum of its line shares, and the layers sum to the total cost', () => {
    fc.assert(
      fc.property(bomArb, (bom) => {
        const q = priceOk(bom, { mode: 'targetMargin', marginPct: '20', allocateBy: 'cost' })!;
        for (const layer of q.costLayers) {
          const shares = layer.id === 'material' ? q.lines.map((l) => l.materialCost) : q.lines.map((l) => l.factorCosts[layer.id]!);
          expect(sumMoney(shares).toFixed(2)).toBe(layer.amount.toFixed(2));
        }
        expect(sumMoney(q.costLayers.map((c) => c.amount)).toFixed(2)).toBe(q.totals.totalCost.toFixed(2));
      }),
      { numRuns: 200 },
    );
  });

  it('an entered total is met exactly: item prices reach it, the few fen over are a header line of their own', () => {
    fc.assert(
      fc.property(bomArb, fenString(0, 100_000_000), fc.constantFrom('cost' as const, 'list' as const), (bom, amount, by) => {
        const q = priceOk(bom, { mode: 'enteredTotal', amount, basis: 'exVat', allocateBy: by })!;
        expect(q.totals.netAmountExVat.toFixed(2)).toBe(amount);
        // The lines pass the total by less than one fen per unit of each item (R3 rounds each item's
        // unit price up to the fen): 0 ≤ header line < Σ quantities × 0.01 + a fen per fractional line.
        const bound = sumMoney(q.lines.map((l) => new Money(l.quantity).times('0.01').plus('0.01')));
        expect(q.totals.headerDiscount.isNegative()).toBe(false);
        expect(q.totals.headerDiscount.lessThan(bound)).toBe(true);
        expect(q.totals.amountExVat.minus(q.totals.headerDiscount).toFixed(2)).toBe(amount);
      }),
      { numRuns: 300 },
    );
  });

  it('a header discount is its own line: unit prices are the same with or without it', () => {
    fc.assert(
      fc.property(bomArb, fc.integer({ min: 0, max: 3000 }), (bom, b) => {
        const plain = priceOk(bom, { mode: 'listPrice', lineDiscountPct: {}, unitPrices: {} })!;
        const disc = priceOk(bom, { mode: 'listPrice', lineDiscountPct: {}, unitPrices: {}, headerDiscount: { kind: 'percent', pct: new Money(b).div(100).toString() } })!;
        expect(disc.lines.map((l) => l.unitPrice.toFixed(2))).toEqual(plain.lines.map((l) => l.unitPrice.toFixed(2)));
        expect(disc.totals.amountExVat.toFixed(2)).toBe(plain.totals.amountExVat.toFixed(2));
      }),
      { numRuns: 200 },
    );
  });

  /**
   * Round trip. The lines of a target-margin quote are the items at the smallest whole-fen unit price not
   * below their share of the smallest whole-fen total P₀ reaching m, so the margin reached is m ≤ m' and
   * the total passes P₀ by less than Σ quantities × 0.01 (plus a fen per fractional line). Entering the
   * total reached gives it back exactly, with the same margin; priceForMargin(C, margin of P) = P.
   */
  it('a target margin is met (never missed by a fen) and round-trips through an entered total', () => {
    fc.assert(
      fc.property(bomArb, marginArb, fc.constantFrom('cost' as const, 'list' as const), (bom, m, by) => {
        const q1 = priceOk(bom, { mode: 'targetMargin', marginPct: m, allocateBy: by })!;
        const P = q1.totals.netAmountExVat;
        const C = q1.totals.totalCost;
        const target = new Money(m).div(100);
        if (C.isZero()) return;
        expect(q1.totals.headerDiscount.isZero()).toBe(true);
        const reached = q1.totals.grossMargin!;
        expect(reached.greaterThanOrEqualTo(target)).toBe(true);
        const P0 = priceForMargin(C, target);
        const over = sumMoney(q1.lines.map((l) => new Money(l.quantity).times('0.01').plus('0.01')));
        expect(P.minus(P0).lessThan(over)).toBe(true);
        const q2 = priceOk(bom, { mode: 'enteredTotal', amount: P.toFixed(2), basis: 'exVat', allocateBy: by })!;
        expect(q2.totals.netAmountExVat.toFixed(2)).toBe(P.toFixed(2));
        expect(q2.totals.grossMargin!.equals(reached)).toBe(true);
        expect(priceForMargin(C, marginOf(P, C)!).toFixed(2)).toBe(P.toFixed(2));
      }),
      { numRuns: 300 },
    );
  });
});

describe('largest-remainder allocation', () => {
  it('sums back exactly and gives each part its exact share to within one fen', () => {
    fc.assert(
      fc.property(fc.integer({ min: -10_000_000, max: 10_000_000 }), fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 20 }), (totalFen, ws) => {
        const total = new Money(totalFen).div(100);
        const weights = ws.map((w) => new Money(w).div(100));
        const parts = allocate(total, weights);
        expect(sumMoney(parts).toFixed(2)).toBe(total.toFixed(2));
        const W = sumMoney(weights);
        parts.forEach((p, i) => {
          const exact = W.isZero() ? total.div(ws.length) : total.times(weights[i]!).div(W);
          expect(p.minus(exact).abs().lessThan('0.01')).toBe(true);
        });
      }),
    );
  });

  it('a header discount is shared so the lines still sum to the discounted total', () => {
    const parts = allocate(new Money('100.00'), [new Money('1'), new Money('1'), new Money('1')]);
    // 33.333… each: 33.33 × 3 = 99.99, the odd fen to the first (ties go to the earlier line).
    expect(parts.map((p) => p.toFixed(2))).toEqual(['33.34', '33.33', '33.33']);
  });
});

describe('allocate: largest remainder in whole fen', () => {
  /** The definition, with exact fractions: share_i = total × w_i / Σw as numerator and denominator in BigInt. */
  function reference(totalFen: bigint, weights: string[]): bigint[] {
    const scale = Math.max(0, ...weights.map((w) => (w.split('.')[1] ?? '').length));
    const whole = weights.map((w) => BigInt(w.replace('.', '') + '0'.repeat(scale - (w.split('.')[1] ?? '').length)));
    const sum = whole.reduce((a, b) => a + b, 0n);
    const ws = sum === 0n ? whole.map(() => 1n) : whole;
    const den = sum === 0n ? BigInt(weights.length) : sum;
    const parts = ws.map((w) => ({ q: (totalFen * w) / den, r: (totalFen * w) % den }));
    let missing = totalFen - parts.reduce((a, p) => a + p.q, 0n);
    const order = parts.map((p, i) => ({ i, r: p.r })).sort((a, b) => (a.r === b.r ? a.i - b.i : b.r > a.r ? 1 : -1));
    const out = parts.map((p) => p.q);
    for (const { i } of order) if (missing-- > 0n) out[i]! += 1n;
    return out;
  }
  const weight = fc.oneof(fc.constant('0'), fc.integer({ min: 0, max: 10_000_000 }).map((n) => new Money(n).div(100).toFixed(2)), fc.integer({ min: 1, max: 99_999 }).map((n) => new Money(n).div(1000).toFixed(3)));
  it('parts sum to the total, each within a fen of its exact share, equal to the definition computed in exact fractions', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -10_000_000_000n, max: 10_000_000_000n }), fc.array(weight, { minLength: 1, maxLength: 40 }), (fen, weights) => {
        const total = new Money(`${fen}e-2`);
        const parts = allocate(total, weights.map((w) => new Money(w)));
        expect(sumMoney(parts).eq(total)).toBe(true);
        const abs = fen < 0n ? -fen : fen;
        const want = reference(abs, weights).map((f) => new Money(`${f}e-2`).times(fen < 0n ? -1 : 1));
        expect(parts.map((p) => p.toFixed(2))).toEqual(want.map((p) => p.toFixed(2)));
      }),
    );
  });
});
