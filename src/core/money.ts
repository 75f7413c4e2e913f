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

const FULL_WIDTH_DIGITS = /[\uFF10-\uFF19]/g;

export type ParsedMoney = { ok: true; value: Money } | { ok: false; reason: { zh: string; en: string } };

/**
 * Reads an amount as people type or paste it: "1234.5", "1,234.50", "¥1234", "￥1 234", "１２３",
 * "1234元". Rejects anything else (letters, two decimal points, exponents, non-finite values) with a
 * reason; never guesses.
 */
export function parseMoney(input: unknown): ParsedMoney {
  if (input instanceof Decimal) {
    return input.isFinite() ? { ok: true, value: new Money(input) } : notANumber(String(input));
  }
  if (typeof input === 'number') {
    // Numbers only arrive from spreadsheet cells; go through their shortest decimal form.
    return Number.isFinite(input) ? { ok: true, value: new Money(String(input)) } : notANumber(String(input));
  }
  if (typeof input !== 'string') return notANumber(String(input));
  let s = input
    .replace(FULL_WIDTH_DIGITS, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/[．]/g, '.')
    .replace(/[，,]/g, ',')
    .replace(/[－]/g, '-')
    .trim();
  s = s.replace(/^(CNY|RMB)\s*/i, '').replace(/^[¥￥]\s*/, '').replace(/\s*元$/, '').trim();
  s = s.replace(/^-\s*[¥￥]/, '-');
  if (/^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) s = s.replace(/,/g, '');
  if (/^-?\d{1,3}( \d{3})+(\.\d+)?$/.test(s)) s = s.replace(/ /g, '');
  if (!/^-?\d+(\.\d+)?$/.test(s)) return notANumber(input);
  return { ok: true, value: new Money(s) };
}

function notANumber(raw: string): ParsedMoney {
  return {
    ok: false,
    reason: { zh: `“${raw}”不是有效金额`, en: `"${raw}" is not a valid amount` },
  };
}
