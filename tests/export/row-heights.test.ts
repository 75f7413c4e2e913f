import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { text, wrappedRowHeights, type Sheet } from '../../src/core/export/sheet-model.ts';
import { writeWorkbook } from '../../src/export/xlsx/workbook-writer.ts';

describe('rows with wrapped text get the height they need', () => {
  const sheet: Sheet = {
    name: 'S',
    columns: [{ width: 12 }, { width: 30 }],
    rows: [
      [text('短', { wrap: true }), text('short')],
      [text('直流电源系统直流电源系统直流电源系', { wrap: true }), text('x')], // 17 CJK characters in a 12 column (6 a line at 10 pt): 3 lines
      [text('a\nb', { wrap: true }), text('y')],
      [text('直流电源系统直流电源系统')], // not wrapped: default height
    ],
    merges: [],
  };

  it('counts lines at the column width (CJK one em, Latin about half), explicit breaks, 1.45 em a line', () => {
    expect([...wrappedRowHeights(sheet, [12, 30]).entries()]).toEqual([
      [1, 45.5],
      [2, 31],
    ]);
  });

  it('the writer stores them', async () => {
    const bytes = await writeWorkbook({ audience: 'customer', sheets: [sheet], properties: { title: 't', creator: 'c', created: new Date(0) } });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(2).height).toBe(45.5);
    expect(ws.getRow(3).height).toBe(31);
    expect(ws.getRow(4).height ?? 15).toBe(15);
  });
});
