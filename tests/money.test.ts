import { describe, expect, it } from 'vitest';
import { formatMoney, roundToFen, sumMoney, toFenString } from '../src/core/money.ts';
import { parseMoney } from '../src/core/number-input.ts';

describe('the one rounding rule: to the fen, half away from zero', () => {
  it.each([
    ['0.005', '0.01'],
    ['0.004999', '0.00'],
    ['2.675', '2.68'], // a float would give 2.67
    ['-2.675', '-2.68'],
    ['1.015', '1.02'],
  ])('%s → %s', (input, expected) => {
    expect(toFenString(roundToFen(input))).toBe(expected);
  });

  it('adds without float error', () => {
    expect(sumMoney(['0.1', '0.2']).toString()).toBe('0.3');
  });

  it('formats with thousands separators for display', () => {
    expect(formatMoney('1234567.8')).toBe('1,234,567.80');
    expect(formatMoney('-1234.5')).toBe('-1,234.50');
  });
});

describe('reading amounts as people paste them', () => {
  it.each([
    ['1234.50', '1234.5'],
    ['1,234.50', '1234.5'],
    ['¥1234', '1234'],
    ['￥ 1,234', '1234'],
    ['１２３', '123'],
    ['1234元', '1234'],
    ['RMB 99.9', '99.9'],
    [' 12 345.6 ', '12345.6'],
  ])('%s → %s', (input, expected) => {
    const r = parseMoney(input);
    expect(r.ok && r.value.toString()).toBe(expected);
  });

  it.each(['abc', '1.2.3', '1e5', '', '12,34', 'NaN', '1,2345'])('rejects %j with a reason', (input) => {
    const r = parseMoney(input);
    expect(r.ok).toBe(false);
    // The reason says why: a comma that does not group threes is named as such.
    if (!r.ok) expect(r.reason.en).toMatch(input.includes(',') ? /comma/ : input === '' ? /Enter an amount/ : /not a valid/);
  });

  it('rejects non-finite numbers', () => {
    expect(parseMoney(Number.POSITIVE_INFINITY).ok).toBe(false);
    expect(parseMoney(Number.NaN).ok).toBe(false);
  });
});
