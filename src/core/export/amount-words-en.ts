import type Decimal from 'decimal.js';
import { roundToFen } from '../money.ts';
import { AMOUNT_IN_WORDS_MAX } from '../format/rmb-words.ts';

/**
 * The amount in words of an English document, as a cheque or a trade invoice writes it:
 * 339861.59 → "RMB Three Hundred Thirty-Nine Thousand Eight Hundred Sixty-One and 59/100 Only".
 * The Chinese 人民币大写 is a Chinese-language convention; an English quote printed it untranslated
 * (issue 11). Rounded to the fen by the one rounding rule, so the words agree with the figure.
 */
const ONES = ['', 'One', 'Two', 'Three', 'Four', 'Five', 'Six', 'Seven', 'Eight', 'Nine', 'Ten', 'Eleven', 'Twelve', 'Thirteen', 'Fourteen', 'Fifteen', 'Sixteen', 'Seventeen', 'Eighteen', 'Nineteen'] as const;
const TENS = ['', '', 'Twenty', 'Thirty', 'Forty', 'Fifty', 'Sixty', 'Seventy', 'Eighty', 'Ninety'] as const;
const SCALES = ['', 'Thousand', 'Million', 'Billion'] as const;

function below1000(n: number): string {
  const parts: string[] = [];
  if (n >= 100) parts.push(`${ONES[Math.floor(n / 100)]} Hundred`);
  const r = n % 100;
  if (r >= 20) parts.push(r % 10 ? `${TENS[Math.floor(r / 10)]}-${ONES[r % 10]}` : (TENS[r / 10] as string));
  else if (r > 0) parts.push(ONES[r] as string);
  return parts.join(' ');
}

export function amountInWordsEn(amount: Decimal.Value): string {
  const value = roundToFen(amount);
  if (!value.isFinite() || value.abs().greaterThan(AMOUNT_IN_WORDS_MAX)) throw new RangeError(`amountInWordsEn: ${String(amount)}`);
  const [intDigits = '0', cents = '00'] = value.abs().toFixed(2).split('.');
  const groups: number[] = [];
  for (let end = intDigits.length; end > 0; end -= 3) groups.unshift(Number(intDigits.slice(Math.max(0, end - 3), end)));
  const words = groups
    .map((g, i) => (g === 0 ? '' : `${below1000(g)}${SCALES[groups.length - 1 - i] ? ` ${SCALES[groups.length - 1 - i]}` : ''}`))
    .filter(Boolean)
    .join(' ');
  return `${value.isNegative() ? 'Minus ' : ''}RMB ${words || 'Zero'} and ${cents}/100 Only`;
}
