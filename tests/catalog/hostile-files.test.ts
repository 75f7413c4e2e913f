import { describe, expect, it } from 'vitest';
import { parseCsv, readPriceList } from '../../src/core/catalog/price-list.ts';
import { readPriceListWorkbook } from '../../src/export/xlsx/price-list-workbook.ts';

/** Files that are not what they claim to be are refused with a reason, never half-read or thrown. */
describe('broken price-list files', () => {
  it.each([
    ['random bytes', new Uint8Array([0x00, 0xff, 0x13, 0x37, 0x42, 0x99])],
    ['a CSV renamed to .xlsx', new TextEncoder().encode('code,costPrice\nZHR22010-4,100\n')],
    ['a truncated zip', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00])],
    ['an empty file', new Uint8Array([])],
  ])('%s as .xlsx gives a problem naming the file', async (_label, bytes) => {
    const r = await readPriceListWorkbook(bytes, { name: 'prices.xlsx' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problems[0]?.message.en).toMatch(/\S/);
      expect(JSON.stringify(r.problems)).toContain('prices.xlsx');
    }
  });

  it('a CSV with no recognisable header says so instead of guessing', () => {
    const grid = parseCsv('foo,bar\n1,2\n', 'odd.csv');
    const list = readPriceList(grid);
    expect(list.ok).toBe(false);
  });
});
