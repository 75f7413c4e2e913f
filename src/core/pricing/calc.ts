import { Money, ZERO, roundToFen, sumMoney } from '../money.ts';

/**
 * The pricing calculator: every arithmetic step the pricing engine takes on money goes through the
 * few functions here, so the rounding points written in ./README.md are the only ones there are.
 * Rounding itself is always `roundToFen` from ../money.ts (half-up to the fen); nothing here rounds
 * any other way. Allocation works in whole fen and hands out the remainder by largest remainder, so
 * the parts always add back to the whole (the dinero.js `allocate` habit).
 */

const HUNDRED = new Money(100);

/** A percentage typed as a decimal string ("13", "2.5") as a fraction: 13 → 0.13. Full precision. */
export function pct(value: string | Money): Money {
  return new Money(value).div(HUNDRED);
}

/** A fraction as a percentage, full precision (display code decides how many places to show). */
export function toPct(fraction: Money): Money {
  return fraction.times(HUNDRED);
}

/** Rounding point R1: a stated amount = quantity × unit price (or × unit cost), rounded to the fen. */
export function lineAmount(quantity: string | Money, unitPrice: Money): Money {
  return roundToFen(new Money(quantity).times(unitPrice));
}

/** Rounding point R2: an amount that is a rate of a base (a cost factor, a discount, VAT). */
export function rateOf(base: Money, ratePct: string | Money): Money {
  return roundToFen(base.times(pct(ratePct)));
}

/** Rounding point R3: a unit price after a line discount (list × (1 − d %)), rounded to the fen. */
export function discountedUnitPrice(listUnitPrice: Money, discountPct: string | Money): Money {
  return roundToFen(listUnitPrice.times(new Money(1).minus(pct(discountPct))));
}

export function isWholeFen(value: Money): boolean {
  return value.times(HUNDRED).isInteger();
}

/**
 * Splits `total` (a whole-fen amount, may be negative) over parts in proportion to `weights`
 * (non-negative), in whole fen, by largest remainder: each part first gets the fen below its exact
 * share, then the fen still missing go one each to the parts with the largest remainders (ties to the
 * earlier part). The parts sum exactly to `total`. When every weight is zero the parts are equal shares.
 */
export function allocate(total: Money, weights: readonly Money[]): Money[] {
  if (!isWholeFen(total)) throw new Error(`allocate: total ${total.toString()} is not a whole-fen amount`);
  if (weights.length === 0) {
    if (!total.isZero()) throw new Error('allocate: nothing to allocate a non-zero total over');
    return [];
  }
  if (weights.some((w) => w.isNegative())) throw new Error('allocate: negative weight');
  const sign = total.isNegative() ? -1 : 1;
  const sumW = sumMoney(weights);
  const ws = sumW.isZero() ? weights.map(() => new Money(1)) : weights;
  // In integers, exactly: the weights scaled by 10^places to whole numbers (BigInt), so each exact share
  // total × w / Σw is a whole quotient and a remainder over the one common denominator Σw. (Dividing
  // decimals at 40 digits was a quarter of `dcq quote`'s pricing time, issue #16; the same parts.)
  const places = Math.max(0, ...ws.map((w) => w.decimalPlaces()));
  // exact: toFixed(places) of a decimal with at most `places` places is its digits with a point
  const whole = (m: Money) => BigInt(m.toFixed(places).replace('.', ''));
  const totalFen = BigInt(total.abs().toFixed(2).replace('.', ''));
  const w = ws.map(whole);
  const wTotal = w.reduce((a, b) => a + b, 0n);
  const fen = w.map((x) => (totalFen * x) / wTotal);
  const rem = w.map((x) => (totalFen * x) % wTotal);
  let missing = totalFen - fen.reduce((a, b) => a + b, 0n); // a small whole count of fen (< parts)
  const order = rem.map((r, i) => ({ i, r })).sort((a, b) => (a.r === b.r ? a.i - b.i : b.r > a.r ? 1 : -1));
  for (const { i } of order) {
    if (missing <= 0n) break;
    fen[i] = (fen[i] as bigint) + 1n;
    missing -= 1n;
  }
  return fen.map((f) => new Money(`${f}e-2`).times(sign));
}

/**
 * Rounding point R3 for a unit price derived from a share of a total: the smallest whole-fen price not
 * below the exact value — `roundToFen`, plus one fen when half-up landed below. Rounding up (never down)
 * means the lines of a target-margin quote never fall short of the target, and an entered total is
 * reached by a visible header line of a few fen rather than by a second price for the same item.
 */
export function priceNotBelow(exact: Money): Money {
  const p = roundToFen(exact);
  return p.lessThan(exact) ? p.plus('0.01') : p;
}

/**
 * The price ex VAT for a target gross margin m: the smallest whole-fen amount P with
 * (P − cost) / P ≥ m. Computed as roundToFen(cost / (1 − m)), plus one fen when half-up rounding
 * landed below the target. So the margin shown is never under the target the engineer typed, and
 * priceForMargin(cost, marginOf(P, cost)) = P exactly.
 */
export function priceForMargin(cost: Money, marginFraction: Money): Money {
  if (marginFraction.greaterThanOrEqualTo(1)) throw new Error('priceForMargin: margin must be below 100 %');
  if (cost.isZero()) return ZERO;
  const p = roundToFen(cost.div(new Money(1).minus(marginFraction)));
  const m = marginOf(p, cost);
  return m !== null && m.lessThan(marginFraction) ? p.plus('0.01') : p;
}

/** Gross margin as a fraction: (price ex VAT − total cost) / price ex VAT; null when the price is zero. */
export function marginOf(priceExVat: Money, cost: Money): Money | null {
  if (priceExVat.isZero()) return null;
  return priceExVat.minus(cost).div(priceExVat);
}
