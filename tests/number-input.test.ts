import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseNumber } from '../src/app/components/load-model.ts';
import { parsePastedLoads } from '../src/app/components/paste-loads.ts';
import { parsePercentText, parseQuantityText } from '../src/app/components/quote-helpers.ts';
import { readMoneyCell as readPriceCell } from '../src/core/catalog/price-list-rows.ts';
import { parseMoney, parseNumberInput } from '../src/core/number-input.ts';

/** Item 1 of issue 10: one number parser for every place a person types or pastes a number. */
const value = (s: string) => {
  const r = parseNumberInput(s);
  return r.ok ? r.value.toString() : r.code;
};

describe('one number parser', () => {
  it.each([
    ['1,500', '1500'],
    ['1 500', '1500'],
    ['1，500', '1500'],
    ['１５００', '1500'],
    ['１，５００', '1500'],
    ['1\u00A0500', '1500'],
    ['1\u3000500', '1500'],
    ['12,345,678.25', '12345678.25'],
    ['-1,500.5', '-1500.5'],
    ['4.5', '4.5'],
    ['.5', '0.5'],
    ['+7', '7'],
  ])('%j → %s', (input, expected) => expect(value(input)).toBe(expected));

  it.each(['1,5', '12,34', '1,50', '1,5000', '1.500,5', '1,500,00', '0,5'])('refuses %j and says the comma is not a decimal point', (input) => {
    const r = parseNumberInput(input);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.code).toBe('number.decimalComma');
      expect(r.reason.en).toContain('comma');
      expect(r.reason.zh).toContain('逗号');
    }
  });

  it.each(['', '  ', 'abc', '1e3', '1.2.3', 'NaN', 'Infinity', '1,500 000', '--1'])('refuses %j', (input) => expect(parseNumberInput(input).ok).toBe(false));

  const toFullWidth = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
  const group = (digits: string, sep: string) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, sep);

  it('reads any grouped, full-width or plain form of a number as that number (1,000 cases)', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 15n }),
        fc.option(fc.integer({ min: 0, max: 9999 }), { nil: undefined }),
        fc.constantFrom(',', ' ', '，', '\u00A0', ''),
        fc.boolean(),
        fc.boolean(),
        (int, frac, sep, fullWidth, negative) => {
          const plain = `${negative ? '-' : ''}${int}${frac === undefined ? '' : `.${frac}`}`;
          let typed = `${negative ? '-' : ''}${group(String(int), sep)}${frac === undefined ? '' : `.${frac}`}`;
          if (fullWidth) typed = toFullWidth(typed);
          const r = parseNumberInput(typed);
          expect(r.ok).toBe(true);
          if (r.ok) expect(r.value.equals(plain)).toBe(true);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('never turns a comma that does not group threes into a factor of 1000 (1,000 cases)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999 }), fc.stringMatching(/^\d{1,6}$/), (a, b) => {
        const r = parseNumberInput(`${a},${b}`);
        if (b.length === 3) {
          expect(r.ok && r.value.toString()).toBe(String(a * 1000 + Number(b)));
        } else {
          expect(r.ok).toBe(false);
          if (!r.ok) expect(r.code).toBe('number.decimalComma');
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('every place a number is typed or pasted uses it', () => {
  it('app number fields', () => {
    expect(parseNumber('1,500')).toBe(1500);
    expect(parseNumber('１５００')).toBe(1500);
    expect(parseNumber('1,5')).toBeNaN(); // was 1.5, silently
    expect(parseNumber('')).toBeNull();
  });

  it('quantities, percentages and amounts in the quote screens', () => {
    expect(parseQuantityText('1,500', 'm')).toEqual({ ok: true, value: '1500' });
    const q = parseQuantityText('1,5', 'm');
    expect(q.ok).toBe(false);
    if (!q.ok) expect(q.reason.en).toContain('comma');
    expect(parsePercentText('1,5', { below: '100' }).ok).toBe(false);
    expect(parsePercentText('１２.５%', { below: '100' })).toEqual({ ok: true, value: '12.5' });
    const m = parseMoney('¥1 500');
    expect(m.ok && m.value.toString()).toBe('1500');
  });

  it('price lists', () => {
    expect(readPriceCell('1，500.00')).toEqual({ ok: true, value: '1500.00' });
    const r = readPriceCell('1,5');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason.en).toContain('comma');
  });

  it('loads pasted from Excel: 1,500 kW is 1500 kW; 1,5 kW is refused with the reason', () => {
    const r = parsePastedLoads('负荷名称\t装置容量(kW)\n负荷一\t1,500\n负荷二\t1 500 kW\n负荷三\t1,5\n', new Map());
    expect(r.rows.map((x) => x.load.powerKW)).toEqual([1500, 1500]);
    expect(r.skipped).toHaveLength(1);
    expect(r.skipped[0]!.reason.en).toContain('comma');
  });
});
