import type Decimal from 'decimal.js';
import { Money, roundToFen } from '../money.ts';

/**
 * 人民币大写金额 (the amount in Chinese capital numerals written on quotes and contracts).
 *
 * The convention, and the choices we make where it allows two forms:
 *
 * 1. Numerals 零壹贰叁肆伍陆柒捌玖, units 拾佰仟万亿, and 元角分. Ten to nineteen keep the 壹:
 *    10 → 壹拾元整, 16 → 壹拾陆元整, 100010 → 壹拾万零壹拾元整 (every 拾 has its digit, as banks require,
 *    so nothing can be added in front of it).
 * 2. 整 (we write 整, never the allowed variant 正) follows 元 when the amount has no jiao or fen, and
 *    follows 角 when the amount stops at jiao; nothing follows 分.
 *    - 《会计基础工作规范》(财会字〔1996〕19号) 第五十二条第(二)项: “大写金额数字到元或者角为止的，
 *      在‘元’或者‘角’字之后应当写‘整’字或者‘正’字；大写金额数字有分的，分字后面不写‘整’或者‘正’字。”
 *    - 中国人民银行《支付结算办法》(银发〔1997〕393号) 附件一《正确填写票据和结算凭证的基本规定》第二条
 *      makes 整 after 角 optional (“在‘角’之后可以不写‘整’”), so 壹仟元壹角整 satisfies both texts,
 *      while 壹仟元壹角 satisfies only the bank rule. We write 1000.10 → 壹仟元壹角整.
 * 3. 零 (same 附件一, 第四条):
 *    (1)(2) zeros between non-zero digits are written as one 零: 1409.50 → 壹仟肆佰零玖元伍角整,
 *           6007.14 → 陆仟零柒元壹角肆分.
 *    (3) where the zero falls on the 万 or 元 place and the 千 or 角 digit after it is not zero, one 零 *or no
 *        零* may be written. We write none, as the rule's own first examples do: 1680.32 →
 *        壹仟陆佰捌拾元叁角贰分, 107000.53 → 壹拾万柒仟元伍角叁分. Precisely: the integer is cut into
 *        four-digit sections (亿, 万, units); zeros ending a section are dropped with the section's unit;
 *        one 零 stands for zeros between non-zero digits inside a section, and before a section that is
 *        preceded by a non-zero part and starts with zero (1000700 → 壹佰万零柒佰元整,
 *        100000001 → 壹亿零壹元整).
 *    (4) when 角 is zero and 分 is not, 零 is written after 元: 16409.02 → 壹万陆仟肆佰零玖元零贰分,
 *        100000.05 → 壹拾万元零伍分.
 * 4. Below one yuan the 元 is left out: 0.01 → 壹分, 0.50 → 伍角整, 0.05 → 伍分. Zero is 零元整.
 * 5. A negative amount gets the prefix 负 (credit notes, discounts shown on their own).
 *
 * The amount is first rounded to the fen by the one rounding rule (roundToFen), so the words always
 * agree with the figures printed next to them (formatMoney rounds the same way).
 * Supported: |amount| ≤ 999,999,999,999.99 (仟亿); larger amounts are a programmer error.
 */
const DIGITS = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'] as const;
const PLACE_IN_SECTION = ['', '拾', '佰', '仟'] as const; // index = power of ten inside a section
const SECTION_UNIT = ['', '万', '亿'] as const;

export const AMOUNT_IN_WORDS_MAX = new Money('999999999999.99');

export function amountInWords(amount: Decimal.Value): string {
  const value = roundToFen(amount);
  if (!value.isFinite()) throw new RangeError(`amountInWords: not a finite amount: ${String(amount)}`);
  if (value.abs().greaterThan(AMOUNT_IN_WORDS_MAX)) {
    throw new RangeError(`amountInWords: ${value.toFixed(2)} exceeds ${AMOUNT_IN_WORDS_MAX.toFixed(2)}`);
  }
  if (value.isZero()) return '零元整';
  const sign = value.isNegative() ? '负' : '';
  const [intDigits = '0', fracDigits = '00'] = value.abs().toFixed(2).split('.');
  const jiao = Number(fracDigits[0]);
  const fen = Number(fracDigits[1]);

  const integerWords = integerPart(intDigits);
  let out = integerWords ? `${integerWords}元` : '';
  if (jiao === 0 && fen === 0) return `${sign}${out}整`;
  if (jiao !== 0) out += `${DIGITS[jiao]}角`;
  else if (integerWords) out += '零'; // rule 3(4): 元零伍分
  if (fen !== 0) out += `${DIGITS[fen]}分`;
  else out += '整'; // stops at 角
  return `${sign}${out}`;
}

/** Words for a non-negative integer given as a digit string ('' for zero). */
function integerPart(digits: string): string {
  const trimmed = digits.replace(/^0+/, '');
  if (trimmed === '') return '';
  const sections: string[] = [];
  for (let end = trimmed.length; end > 0; end -= 4) sections.unshift(trimmed.slice(Math.max(0, end - 4), end));
  let out = '';
  let pendingZero = false;
  sections.forEach((section, i) => {
    const unitIndex = sections.length - 1 - i;
    const n = Number(section);
    if (n === 0) {
      if (out) pendingZero = true;
      return;
    }
    const padded = section.padStart(4, '0');
    if (out && (pendingZero || padded[0] === '0')) out += '零';
    pendingZero = false;
    out += sectionWords(padded) + SECTION_UNIT[unitIndex];
  });
  return out;
}

/** Words for a four-digit section with at least one non-zero digit, leading and trailing zeros dropped. */
function sectionWords(padded: string): string {
  let out = '';
  let zeroRun = false;
  for (let i = 0; i < 4; i++) {
    const d = Number(padded[i]);
    if (d === 0) {
      if (out) zeroRun = true;
      continue;
    }
    if (zeroRun) out += '零';
    zeroRun = false;
    out += `${DIGITS[d]}${PLACE_IN_SECTION[3 - i]}`;
  }
  return out;
}
