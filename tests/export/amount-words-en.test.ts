import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { amountInWordsEn } from '../../src/core/export/amount-words-en.ts';

describe('the total in words of an English document', () => {
  it('writes the cheque form', () => {
    expect(amountInWordsEn('339861.59')).toBe('RMB Three Hundred Thirty-Nine Thousand Eight Hundred Sixty-One and 59/100 Only');
    expect(amountInWordsEn('1000000')).toBe('RMB One Million and 00/100 Only');
    expect(amountInWordsEn('0.05')).toBe('RMB Zero and 05/100 Only');
    expect(amountInWordsEn('712613.65')).toBe('RMB Seven Hundred Twelve Thousand Six Hundred Thirteen and 65/100 Only');
    expect(amountInWordsEn('-20.1')).toBe('Minus RMB Twenty and 10/100 Only');
    // rounded to the fen by the one rule (half away from zero)
    expect(amountInWordsEn('1.005')).toBe('RMB One and 01/100 Only');
  });

  it('has no Chinese and states the cents of the figure (property)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 99_999_999_999n }), (fen) => {
        const s = (Number(fen) / 100).toFixed(2);
        const w = amountInWordsEn(s);
        expect(w).not.toMatch(/[\u4e00-\u9fff]/);
        expect(w.endsWith(`and ${s.slice(-2)}/100 Only`)).toBe(true);
        expect(w).not.toMatch(/ {2}|undefined/);
      }),
    );
  });
});
