import { Money } from './money.ts';
import type { LocalText } from './text.ts';

/**
 * THE number parser for everything a person types or pastes: app fields, loads pasted from Excel,
 * price lists, amounts, quantities and percentages (item 1 of issue 10). One rule, so a value never
 * means one thing in one field and another elsewhere:
 *
 * - Full-width digits and signs (`１５００`, `－`, `．`), the full-width comma `，` and every kind of
 *   space (no-break, thin, ideographic) are read as their ASCII forms.
 * - A comma or a space is a thousands separator, and only that: it must sit between groups of exactly
 *   three digits after a first group of one to three (`1,500`, `1 500`, `1，500`, `12,345,678.5`).
 * - Anything else with a comma (`1,5`, `12,34`, `1.500,5`) is refused with a reason that says why:
 *   a comma is never a decimal point here, and guessing would turn 1,5 into 15 or 1.5 silently.
 * - Exponents, two points, letters, `NaN`, `Infinity` are refused. Numbers from spreadsheet cells
 *   (already numbers) go through their shortest decimal form.
 *
 * The result is exact (decimal.js), never a float; callers that need a JS number take `toNumber()`.
 */

export type NumberInputResult =
  | { ok: true; value: Money }
  | { ok: false; code: 'number.empty' | 'number.decimalComma' | 'number.invalid'; reason: LocalText };

export interface NumberInputOptions {
  /** Amounts: also accept a currency sign or word (`¥`, `￥`, `CNY`, `RMB`, `元`). */
  currency?: boolean;
  /** Percentages: also accept a trailing `%` or `％`. */
  percent?: boolean;
}

const FULL_WIDTH = /[\uFF10-\uFF19\uFF0B\uFF0D\uFF0E]/g;
const SPACES = /[\s\u00A0\u2007\u2009\u202F\u3000]+/g;

/** The ASCII form of what was typed: full-width digits/signs/points, full-width comma, any space. */
export function normalizeNumberText(text: string): string {
  return text
    .replace(FULL_WIDTH, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\uFF0C\u201A]/g, ',')
    .replace(/[\u2212\u2013]/g, '-')
    .replace(SPACES, ' ')
    .trim();
}

const GROUPED = /^(\d{1,3})((?:[, ]\d{3})+)(\.\d+)?$/;

export function parseNumberInput(input: unknown, options: NumberInputOptions = {}): NumberInputResult {
  if (typeof input === 'number') {
    return Number.isFinite(input) ? { ok: true, value: new Money(String(input)) } : invalid(String(input));
  }
  if (Money.isDecimal(input)) return input.isFinite() ? { ok: true, value: new Money(input) } : invalid(String(input));
  if (typeof input !== 'string') return invalid(String(input));
  let s = normalizeNumberText(input);
  if (options.currency) s = s.replace(/^(CNY|RMB)\s*/i, '').replace(/\s*元$/, '').replace(/^(-?)\s*[¥￥]\s*/, '$1').trim();
  if (options.percent) s = s.replace(/\s*[%％]$/, '').trim();
  if (s === '') return { ok: false, code: 'number.empty', reason: { zh: '请输入数值', en: 'Enter a number' } };
  let sign = '';
  if (/^[-+]/.test(s)) {
    sign = s[0] === '-' ? '-' : '';
    s = s.slice(1).trim();
  }
  if (/^\d+(\.\d+)?$/.test(s) || /^\.\d+$/.test(s)) return { ok: true, value: new Money(`${sign}${s.startsWith('.') ? `0${s}` : s}`) };
  const g = GROUPED.exec(s);
  // One separator kind per number: "1,500 000" is not a grouping anyone means.
  if (g && !(g[2]!.includes(',') && g[2]!.includes(' '))) return { ok: true, value: new Money(`${sign}${g[1]}${g[2]!.replace(/[, ]/g, '')}${g[3] ?? ''}`) };
  if (/^[\d., ]+$/.test(s) && s.includes(',')) {
    const raw = input.trim();
    return {
      ok: false,
      code: 'number.decimalComma',
      reason: {
        zh: `“${raw}”含逗号但不是千位分隔（逗号只能分隔三位一组的数字，如 1,500）；小数请用小数点，如 1.5`,
        en: `"${raw}" has a comma that is not a thousands separator (a comma may only separate groups of three digits, as in 1,500); write a decimal with a point, e.g. 1.5`,
      },
    };
  }
  return invalid(input.trim());
}

function invalid(raw: string): NumberInputResult {
  return { ok: false, code: 'number.invalid', reason: { zh: `“${raw}”不是有效数字`, en: `"${raw}" is not a valid number` } };
}

export type ParsedMoney = { ok: true; value: Money } | { ok: false; reason: LocalText };

/**
 * Reads an amount as people type or paste it: "1234.5", "1,234.50", "¥1234", "￥1 234", "１２３",
 * "1234元" — `parseNumberInput` with currency signs allowed. Rejects anything else with a reason;
 * never guesses.
 */
export function parseMoney(input: unknown): ParsedMoney {
  const r = parseNumberInput(input, { currency: true });
  return r.ok ? r : { ok: false, reason: r.code === 'number.empty' ? { zh: '请输入金额', en: 'Enter an amount' } : r.reason };
}
