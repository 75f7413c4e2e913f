import Decimal from 'decimal.js';

/**
 * Money is a decimal.js value from input to export, never a JS number.
 *
 * THE ROUNDING RULE (the only one in the product): an amount is rounded to the fen (0.01 CNY),
 * half away from zero (ROUND_HALF_UP), by `roundToFen`, and only where the pricing module says a
 * figure becomes a stated amount (see src/core/pricing/README or pricing code). Everything before that
 * point keeps full precision. Totals are sums of already-rounded amounts, so the sum of lines always
 * equals the total, on screen, in Excel and in PDF.
 *
 * A dedicated Decimal class keeps our precision and rounding mode independent of any other
 * decimal.js user in the same bundle.
 */
export const Money = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -40, toExpPos: 40 });
export type Money = Decimal;

export const ZERO: Money = new Money(0);

export function money(value: Decimal.Value): Money {
  return new Money(value);
}

/** The one rounding function: to the fen, half-up. */
export function roundToFen(value: Decimal.Value): Money {
  return new Money(value).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
}

export function sumMoney(values: Iterable<Decimal.Value>): Money {
  let total = new Money(0);
  for (const v of values) total = total.plus(v);
  return total;
}

/** A fixed two-decimal string, e.g. "1234.50": the form money takes in files and exports. */
export function toFenString(value: Decimal.Value): string {
  return roundToFen(value).toFixed(2);
}

/** Grouped display form, e.g. "1,234,567.80". Display only: never parse this back. */
export function formatMoney(value: Decimal.Value): string {
  const fixed = roundToFen(value).toFixed(2);
  const negative = fixed.startsWith('-');
  const [int, frac] = (negative ? fixed.slice(1) : fixed).split('.');
  const grouped = (int ?? '0').replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${grouped}.${frac}`;
}
