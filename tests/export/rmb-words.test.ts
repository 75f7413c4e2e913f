import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { amountInWords } from '../../src/core/format/rmb-words.ts';

/**
 * Independent oracle: a per-digit state machine over a fixed 12-digit integer field (the classic
 * cheque-writer algorithm), with the fractional part spelled from an explicit table of the four
 * jiao/fen cases. It shares no code with the implementation (which works section by section).
 */
const NUM = '零壹贰叁肆伍陆柒捌玖';
const PLACE = ['', '拾', '佰', '仟'];
const SECTION = ['', '万', '亿'];

function oracle(fenTotal: bigint): string {
  if (fenTotal === 0n) return '零元整';
  const neg = fenTotal < 0n;
  const abs = neg ? -fenTotal : fenTotal;
  const yuan = (abs / 100n).toString().padStart(12, '0');
  const jiao = Number((abs / 10n) % 10n);
  const fen = Number(abs % 10n);
  let s = '';
  let started = false;
  let zero = false;
  let sectionHasDigit = false;
  for (let k = 0; k < 12; k++) {
    const pos = 11 - k; // power of ten
    const d = Number(yuan[k]);
    if (d === 0) {
      if (started) zero = true;
    } else {
      if (zero) s += '零';
      zero = false;
      s += `${NUM[d]}${PLACE[pos % 4]}`;
      started = true;
      sectionHasDigit = true;
    }
    if (pos % 4 === 0) {
      if (sectionHasDigit) {
        s += SECTION[pos / 4];
        zero = false; // zeros closing a section are not spoken
      }
      sectionHasDigit = false;
    }
  }
  const yuanWords = started ? s + '元' : '';
  const table: Record<string, string> = {
    '00': `${yuanWords}整`,
    'J0': `${yuanWords}${NUM[jiao]}角整`,
    '0F': `${yuanWords}${started ? '零' : ''}${NUM[fen]}分`,
    'JF': `${yuanWords}${NUM[jiao]}角${NUM[fen]}分`,
  };
  const key = `${jiao ? 'J' : '0'}${fen ? 'F' : '0'}`;
  return (neg ? '负' : '') + table[key];
}

function fenToString(f: bigint): string {
  const neg = f < 0n;
  const a = neg ? -f : f;
  return `${neg ? '-' : ''}${a / 100n}.${(a % 100n).toString().padStart(2, '0')}`;
}

/** '1000.10' → 100010n, exact (no float). */
function toFen(s: string): bigint {
  const [int = '0', frac = ''] = s.split('.');
  const neg = int.startsWith('-');
  const v = BigInt(int.replace('-', '')) * 100n + BigInt(frac.padEnd(2, '0'));
  return neg ? -v : v;
}

describe('amountInWords (人民币大写)', () => {
  it.each([
    ['123456', '壹拾贰万叁仟肆佰伍拾陆元整'],
    ['100000.05', '壹拾万元零伍分'],
    ['1000.10', '壹仟元壹角整'],
    ['0.01', '壹分'],
    ['0.05', '伍分'],
    ['0.50', '伍角整'],
    ['0.55', '伍角伍分'],
    ['10', '壹拾元整'],
    ['16', '壹拾陆元整'],
    ['0', '零元整'],
    ['-12.30', '负壹拾贰元叁角整'],
    // Examples of 《支付结算办法》附件一 (with our documented choices where it allows two forms)
    ['1409.50', '壹仟肆佰零玖元伍角整'],
    ['6007.14', '陆仟零柒元壹角肆分'],
    ['1680.32', '壹仟陆佰捌拾元叁角贰分'],
    ['107000.53', '壹拾万柒仟元伍角叁分'],
    ['16409.02', '壹万陆仟肆佰零玖元零贰分'],
    ['325.04', '叁佰贰拾伍元零肆分'],
    // 万 / 亿 boundaries and zeros in every position
    ['10000', '壹万元整'],
    ['10001', '壹万零壹元整'],
    ['10010', '壹万零壹拾元整'],
    ['100010', '壹拾万零壹拾元整'],
    ['1000700', '壹佰万零柒佰元整'],
    ['10070000', '壹仟零柒万元整'],
    ['100000000', '壹亿元整'],
    ['100000001', '壹亿零壹元整'],
    ['100007000', '壹亿零柒仟元整'],
    ['110000000', '壹亿壹仟万元整'],
    ['101010101.01', '壹亿零壹佰零壹万零壹佰零壹元零壹分'],
    ['999999999.99', '玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分'],
    ['200000000.20', '贰亿元贰角整'],
  ])('%s → %s', (amount, words) => {
    expect(amountInWords(amount)).toBe(words);
    expect(oracle(toFen(amount))).toBe(words);
  });

  it('rounds by the one rule (half-up to the fen) before writing', () => {
    expect(amountInWords('0.005')).toBe('壹分');
    expect(amountInWords('1.994')).toBe('壹元玖角玖分');
  });

  it('rejects amounts beyond 仟亿 and non-finite input', () => {
    expect(() => amountInWords('1000000000000')).toThrow(RangeError);
    expect(() => amountInWords(Number.NaN)).toThrow();
  });

  it('equals the oracle for every amount with one non-zero digit or one zero digit, in every position', () => {
    const cases: bigint[] = [];
    for (let p = 0; p < 11; p++) for (let d = 1; d <= 9; d++) cases.push(BigInt(d) * 10n ** BigInt(p));
    const nines = 99999999999n; // 999,999,999.99 in fen
    for (let p = 0; p < 11; p++) cases.push(nines - 9n * 10n ** BigInt(p)); // one zero somewhere
    for (let p = 0; p < 11; p++) for (let q = p + 1; q < 11; q++) cases.push(10n ** BigInt(p) + 10n ** BigInt(q));
    for (let v = 1n; v <= 2000n; v++) cases.push(v); // 0.01 … 20.00 including 10–19 yuan
    for (const c of cases) expect(amountInWords(fenToString(c)), fenToString(c)).toBe(oracle(c));
  });

  it('equals the oracle on a large random sample over 0.01 … 999,999,999.99 (uniform per digit count)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 11 }).chain((len) => fc.bigInt({ min: 10n ** BigInt(len - 1), max: 10n ** BigInt(len) - 1n })),
        fc.boolean(),
        (fen, negative) => {
          const v = negative ? -fen : fen;
          expect(amountInWords(fenToString(v))).toBe(oracle(v));
        },
      ),
      { numRuns: 20000 },
    );
  });

  it('never writes 零零, never ends in 零, and always ends in 整 or 分', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 99999999999n }), (fen) => {
        const w = amountInWords(fenToString(fen));
        expect(w).not.toMatch(/零零|零[元万亿角]|零$/);
        expect(w).toMatch(/(整|分)$/);
        expect(w.startsWith('零')).toBe(false);
      }),
      { numRuns: 5000 },
    );
  });
});
